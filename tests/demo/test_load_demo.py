import csv
import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse

from followup.models import FollowUpRound
from plans.models import Activity, Area, Goal, Plan
from registry.models import Membership
from tests.conftest import MELLANSVERIGE, NORR

FIXTURES = settings.BASE_DIR / "fixtures"
MELLANSVERIGE_ACTIVITIES = 54


def fixture_rows(name):
    text = (FIXTURES / "plans" / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True  # pytest-django turns it off; the demo users need it on


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def snapshot():
    return (
        Plan.objects.count(),
        Area.objects.count(),
        Goal.objects.count(),
        Activity.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Plan.history.count(),
        Activity.history.count(),
    )


@pytest.mark.django_db
class TestLoadDemo:
    def test_norr_has_7_areas_and_43_goals(self, demo):
        plan = Plan.objects.get(slug=NORR)

        assert plan.title == "Cancerplan för norra sjukvårdsregionen 2022–2024"
        assert plan.areas.count() == 7
        assert Goal.objects.filter(area__plan=plan).count() == 43
        assert (plan.first_year, plan.last_year) == (2022, 2024)
        assert str(plan.approved_on) == "2022-06-06"
        assert "NRF" in plan.approved_by

    def test_mellansverige_has_19_tables_and_every_row(self, demo):
        plan = Plan.objects.get(slug=MELLANSVERIGE)

        assert plan.areas.count() == 19
        assert Activity.objects.filter(goal__area__plan=plan).count() == MELLANSVERIGE_ACTIVITIES
        assert [a.title for a in plan.areas.all()][12] == "Palliativ vård"
        assert plan.abbreviations.count() == 19
        assert plan.abbreviations.first().abbreviation == "EC"

    def test_the_tabell_13_footnote_stays_with_its_who_cell(self, demo):
        activity = Activity.objects.get(
            goal__area__plan__slug=MELLANSVERIGE, who__contains="palliativ vård*"
        )

        assert activity.who.endswith("*Enligt ök mellan RPO äldres hälsa och RCC Mellansverige.")
        assert not activity.from_agreement

    def test_it_imports_every_fixture_row_verbatim(self, demo):
        for name, slug in [(f"{NORR}.csv", NORR), (f"{MELLANSVERIGE}.csv", MELLANSVERIGE)]:
            for row in fixture_rows(name):
                goal = Goal.objects.get(
                    area__plan__slug=slug, area__title=row["Område"], text=row["Mål"]
                )
                if row["Vad ska göras?"]:
                    assert goal.activities.filter(
                        what=row["Vad ska göras?"], how=row["Hur?"], who=row["Vem?"]
                    ).exists()

    def test_it_creates_the_norr_follow_up_rounds(self, demo):
        published = FollowUpRound.objects.get(plan__slug=NORR, year=2023)
        assert published.state == FollowUpRound.State.PUBLISHED
        assert (str(published.opens_on), str(published.deadline)) == ("2024-04-01", "2024-04-30")
        assert published.assessments.count() == 43 * 4
        assert set(published.reports.values_list("state", flat=True)) == {"submitted"}
        current = FollowUpRound.objects.get(plan__slug=NORR, year=2024)
        assert current.state == FollowUpRound.State.OPEN
        assert (current.deadline - current.opens_on).days == 30
        assert sorted(current.regions.values_list("code", flat=True)) == ["RJH", "RN", "RV", "RVN"]

    def test_it_creates_one_user_per_role(self, demo):
        users = get_user_model().objects
        assert users.get(username="admin").is_superuser
        assert users.get(username="rjh").check_password("demo")
        assert Membership.objects.get(user__username="rjh").region.code == "RJH"
        role = Membership.objects.values_list("role", flat=True)
        assert role.get(user__username="samordnare-norr") == Membership.Role.COORDINATOR
        assert role.get(user__username="styrgrupp") == Membership.Role.READER
        planners = Membership.objects.filter(role=Membership.Role.PLANNER)
        assert sorted(planners.values_list("user__username", "region__code")) == [
            ("planerare-rg", "RG"),
            ("planerare-rjh", "RJH"),
            ("planerare-rn", "RN"),
            ("planerare-rv", "RV"),
            ("planerare-rvn", "RVN"),
        ]

    def test_running_it_twice_changes_nothing(self, demo):
        before = snapshot()

        call_command("load_demo", stdout=io.StringIO())

        assert snapshot() == before

    def test_it_prints_the_demo_logins(self, db):
        out = io.StringIO()

        call_command("load_demo", stdout=out)

        for username in [
            "admin",
            "samordnare-norr",
            "samordnare-mellansverige",
            "rjh",
            "rn",
            "rv",
            "rvn",
            "styrgrupp",
        ]:
            assert username in out.getvalue()

    def test_it_refuses_to_create_demo_users_with_debug_off(self, db, settings):
        settings.DEBUG = False

        with pytest.raises(CommandError, match="DEBUG"):
            call_command("load_demo", stdout=io.StringIO())
        assert get_user_model().objects.count() == 0

        call_command("load_demo", "--no-users", stdout=io.StringIO())
        assert Plan.objects.count() == 2
        assert get_user_model().objects.count() == 0

    def test_the_demo_plan_pages_show_every_goal(self, demo, client):
        client.login(request=HttpRequest(), username="styrgrupp", password="demo")
        for slug in (NORR, MELLANSVERIGE):
            content = client.get(reverse("plans:plan-detail", args=[slug])).content.decode()
            for goal in Goal.objects.filter(area__plan__slug=slug):
                first_line = goal.text.splitlines()[0]
                escaped = (
                    first_line.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace('"', "&quot;")
                    .replace("'", "&#x27;")
                )
                assert escaped in content
