"""Two people doing the same thing at the same moment get one result and one clear message.

The threads each have their own database connection, so their transactions really overlap;
on PostgreSQL the services' row locks (select_for_update) decide who goes first. SQLite has no
row locks: there, parallel saves of a file database (WAL, busy timeout, IMMEDIATE
transactions) must all get through or be told why, never "database is locked".
"""

import html
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from followup.models import FollowUpRound, RoundEvent
from followup.services import region_report_submit

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs these"
)
MESSAGE = re.compile(r'<li class="message message--\w+">(.*?)</li>')
Action = RoundEvent.Action
State = FollowUpRound.State


def at_once(user, *urls, data=None):
    """POST to the urls at the same moment, one thread and client each; the pages they end on.

    A url may be a (url, data) pair, for posts that differ in what they send."""
    barrier = threading.Barrier(len(urls))
    pages: list = [None] * len(urls)

    def post(index, url):
        url, posted = url if isinstance(url, tuple) else (url, data or {})
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            pages[index] = client.post(url, posted, follow=True)
        except Exception as exc:  # a 500 in a view is raised by the test client
            pages[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=item) for item in enumerate(urls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return pages


def messages_of(pages) -> list[str]:
    """The messages the pages show (read from the HTML: the test client's captured contexts
    are shared between threads)."""
    assert not [page for page in pages if isinstance(page, Exception)], pages
    assert [page.status_code for page in pages] == [200] * len(pages)
    shown = (MESSAGE.findall(page.content.decode()) for page in pages)
    return sorted(html.unescape(message) for messages in shown for message in messages)


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submissions_at_once_give_one_submission_and_one_message(round_builder, reporter_a):
    round = round_builder()
    url = reverse("followup:region-report-submit", kwargs={"pk": round.pk, "code": "RJH"})

    pages = at_once(reporter_a, url, url)

    assert messages_of(pages) == [
        "Rapporten är inskickad och kan inte ändras om den inte återsänds.",
        "Rapporten är inskickad. Tack!",
    ]
    assert round.events.filter(action=Action.SUBMITTED).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_of_different_goals_at_once_keep_both(round_builder, reporter_a):
    round = round_builder()
    url = reverse("followup:region-report-save", kwargs={"pk": round.pk, "code": "RJH"})
    first, second = round.assessments.filter(region__code="RJH").order_by("goal__order")[:2]

    def changing(assessment, text):
        """The whole form as loaded, with one goal's comment changed."""
        data = {"action": "save"}
        for a in round.assessments.filter(region__code="RJH"):
            data[f"g{a.goal_id}_level_0"] = a.level
            data[f"g{a.goal_id}_comment"] = text if a.pk == assessment.pk else a.comment
            data[f"g{a.goal_id}_original_level"] = a.level
            data[f"g{a.goal_id}_original_comment"] = a.comment
        return data

    pages = at_once(reporter_a, (url, changing(first, "Från A")), (url, changing(second, "Från B")))

    assert messages_of(pages) == ["Utkastet är sparat.", "Utkastet är sparat."]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.comment, second.comment) == ("Från A", "Från B")


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_returns_at_once_give_one_return_and_one_message(
    round_builder, reporter_a, coordinator
):
    round = round_builder()
    region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
    url = reverse("followup:region-report-return", kwargs={"pk": round.pk, "code": "RJH"})

    pages = at_once(coordinator, url, url, data={"message": "Komplettera 1.2."})

    assert messages_of(pages) == [
        "Bara en inskickad rapport kan återsändas.",
        "Rapporten från Region Jämtland Härjedalen är återsänd för ändringar.",
    ]
    assert round.events.filter(action=Action.RETURNED).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("state", "action", "event"),
    [
        (State.DRAFT, "open", Action.OPENED),
        (State.OPEN, "close", Action.CLOSED),
        (State.CLOSED, "reopen", Action.REOPENED),
        (State.CLOSED, "publish", Action.PUBLISHED),
    ],
)
def test_two_state_changes_at_once_give_one_change_and_one_message(
    round_builder, coordinator, state, action, event
):
    round = round_builder(state=state)
    url = reverse("followup:round-transition", kwargs={"pk": round.pk, "action": action})

    pages = at_once(coordinator, url, url)

    refused = [message for message in messages_of(pages) if "kan inte" in message]
    assert len(refused) == 1, refused
    assert round.events.filter(action=event).count() == 1
    if action == "open":
        assert round.assessments.count() == round.regions.count() * 6


def test_parallel_saves_on_sqlite_get_through_or_a_message(tmp_path):
    """Eight reporters' saves at once against a SQLite file, as under `make run`."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("sqlite_saves.py"))],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "cancerplan.settings",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcomes["errors"] == []
    assert outcomes["saved"] + outcomes["conflicts"] == 8
    assert outcomes["saved"] >= 4  # every region's first save; the same report's second may lose
