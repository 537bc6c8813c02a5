"""The demo data, loaded once per session; the cast: a coordinator, two region reporters, a
steering-group reader and an outsider."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from plans.models import Activity, Area, Goal, Plan
from registry.models import HealthcareRegion, Membership, Region

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
NORR = "norr-cancerplan-2022-2024"
MELLANSVERIGE = "mellansverige-handlingsplan-2025"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hashing a password the production way takes a quarter of a second; tests make many."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the demo data (without its users) for every test.

    Each test runs in a transaction that is rolled back, so the demo stays as loaded. Browser
    tests, which need real commits, use serialized_rollback: the demo is serialized again here
    so that they get it back after the database is flushed.
    """
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-users", stdout=io.StringIO())
        for connection in connections.all():
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def registry(db):
    """The healthcare regions, regions and bodies (part of the demo data loaded for the session)."""


@pytest.fixture
def norr(registry) -> HealthcareRegion:
    return HealthcareRegion.objects.get(code="norr")


@pytest.fixture
def mellansverige(registry) -> HealthcareRegion:
    return HealthcareRegion.objects.get(code="mellansverige")


def _user(username: str, role: str | None = None, *, first_name="", last_name="", **scope):
    """A user with password "pw" and, given a role, a membership in the scope
    (healthcare_region= or region=)."""
    user = get_user_model().objects.create_user(
        username=username, password="pw", first_name=first_name, last_name=last_name
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def coordinator(norr):
    return _user("alice", Membership.Role.COORDINATOR, healthcare_region=norr)


@pytest.fixture
def reporter_a(registry):
    return _user("bob", Membership.Role.REPORTER, region=Region.objects.get(code="RJH"))


@pytest.fixture
def reporter_b(registry):
    return _user("charlie", Membership.Role.REPORTER, region=Region.objects.get(code="RN"))


@pytest.fixture
def other_coordinator(mellansverige):
    """A coordinator of another RCC."""
    return _user("frank", Membership.Role.COORDINATOR, healthcare_region=mellansverige)


@pytest.fixture
def reader(norr):
    return _user("dana", Membership.Role.READER, healthcare_region=norr)


@pytest.fixture
def outsider(registry):
    return _user("eve")


def build_plan(
    *,
    slug: str = "testplan",
    owner: HealthcareRegion,
    areas: int = 2,
    goals_per_area: int = 3,
    activities_per_goal: int = 1,
    status: str = Plan.Status.APPROVED,
    kind: str = Plan.Kind.ACTION_PLAN,
) -> Plan:
    """A plan tree of a chosen size, for rights and query-count tests."""
    plan = Plan.objects.create(
        slug=slug,
        title=f"Plan {slug}",
        kind=kind,
        owner_healthcare_region=owner,
        first_year=2025,
        last_year=2025,
        status=status,
    )
    for a in range(1, areas + 1):
        area = Area.objects.create(plan=plan, number=str(a), title=f"Område {a}", order=a)
        for g in range(1, goals_per_area + 1):
            goal = Goal.objects.create(area=area, number=f"{a}.{g}", text=f"Mål {a}.{g}", order=g)
            for n in range(1, activities_per_goal + 1):
                Activity.objects.create(
                    goal=goal,
                    what=f"Aktivitet {a}.{g}.{n}",
                    who="VPK",
                    responsible="RCC",
                    timeframe="2025",
                    first_year=2025,
                    last_year=2025,
                    order=n,
                )
    return plan


@pytest.fixture
def plan_builder():
    return build_plan


@pytest.fixture
def round_builder(norr, plan_builder):
    """A follow-up round of a Norr plan, in the state asked for, with blank assessments."""
    from followup.models import FollowUpRound, RoundEvent
    from followup.services import round_create, round_transition

    def build(
        *, year=2024, state=FollowUpRound.State.OPEN, plan=None, goals_per_area=3
    ) -> FollowUpRound:
        plan = plan or plan_builder(slug=f"norr-{year}", owner=norr, goals_per_area=goals_per_area)
        round = round_create(
            plan=plan,
            year=year,
            opens_on=date(year + 1, 3, 1),
            deadline=date(year + 1, 4, 30),
            user=None,
        )
        steps = {
            FollowUpRound.State.DRAFT: [],
            FollowUpRound.State.OPEN: [RoundEvent.Action.OPENED],
            FollowUpRound.State.CLOSED: [RoundEvent.Action.OPENED, RoundEvent.Action.CLOSED],
            FollowUpRound.State.PUBLISHED: [
                RoundEvent.Action.OPENED,
                RoundEvent.Action.CLOSED,
                RoundEvent.Action.PUBLISHED,
            ],
        }[state]
        for action in steps:
            round = round_transition(round=round, action=action, user=None)
        return round

    return build
