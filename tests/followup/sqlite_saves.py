"""Eight report saves at the same moment against a SQLite file database (see test_races.py).

Run in a process of its own with DATABASE_URL pointing at an empty SQLite file; prints one
line of JSON: how many saves got through, how many were told of a conflict, and any errors.
"""

import json
import os
import sys
import threading
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerplan.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from followup.models import RoundEvent  # noqa: E402
from followup.services import round_create, round_transition  # noqa: E402
from registry.models import HealthcareRegion, Membership, Region  # noqa: E402
from tests.conftest import FIXTURES, build_plan  # noqa: E402

REGIONS = ["RJH", "RN", "RV", "RVN"]


def main():
    setup_test_environment()  # the test client's responses keep their context
    call_command("migrate", verbosity=0)
    call_command("loaddata", FIXTURES / "registry.json", verbosity=0)
    plan = build_plan(owner=HealthcareRegion.objects.get(code="norr"), goals_per_area=20)
    round = round_create(
        plan=plan, year=2025, opens_on=date(2026, 3, 1), deadline=date(2026, 4, 30), user=None
    )
    round_transition(round=round, action=RoundEvent.Action.OPENED, user=None)
    users = {}
    for code in REGIONS:
        user = get_user_model().objects.create_user(username=code.lower(), password="x")
        Membership.objects.create(
            user=user, role=Membership.Role.REPORTER, region=Region.objects.get(code=code)
        )
        users[code] = user
    posts = [(code, form_data(round, code, n)) for code in REGIONS for n in range(2)]
    outcomes = {"saved": 0, "conflicts": 0, "errors": []}
    barrier = threading.Barrier(len(posts))

    def save(code, data):
        client = Client()
        try:
            client.force_login(users[code])
            barrier.wait()
            url = reverse("followup:region-report-save", kwargs={"pk": round.pk, "code": code})
            status = client.post(url, data).status_code
            if status == 302:
                outcomes["saved"] += 1
            elif status == 409:
                outcomes["conflicts"] += 1
            else:
                outcomes["errors"].append(f"{code}: {status}")
        except Exception as exc:
            outcomes["errors"].append(f"{code}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(json.dumps(outcomes))


def form_data(round, code: str, n: int) -> dict:
    report = round.reports.get(region__code=code)
    data = {"version": report.version, "action": "save"}
    for assessment in round.assessments.filter(region=report.region):
        goal = assessment.goal_id
        data[f"g{goal}_level_0"] = "UP"[n]
        data[f"g{goal}_comment"] = f"Sparad av tråd {n} för {code}"
        data[f"g{goal}_original_level"] = assessment.level
        data[f"g{goal}_original_comment"] = assessment.comment
    return data


if __name__ == "__main__":
    main()
