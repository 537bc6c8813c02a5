"""Who may link a plan's activity to initiatives: the coordinators of the plan's RCC."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agreements.permissions import may_link_activity
from plans.models import Activity, Plan
from registry.models import Region
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db


def _activity(plan: Plan) -> Activity:
    return Activity.objects.select_related(
        "goal__area__plan__owner_region__healthcare_region"
    ).filter(goal__area__plan=plan)[0]


@pytest.fixture
def norr_activity(norr):
    return _activity(build_plan(owner=norr, areas=1, goals_per_area=1))


@pytest.fixture
def local_activity(norr):
    plan = build_plan(slug="lokal", owner=norr, areas=1, goals_per_area=1)
    Plan.objects.filter(pk=plan.pk).update(
        kind=Plan.Kind.LOCAL_PLAN,
        owner_healthcare_region=None,
        owner_region=Region.objects.get(code="RJH"),
    )
    return _activity(plan)


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("coordinator", True),
        ("superuser", True),
        ("other_coordinator", False),
        ("reader", False),
        ("reporter_a", False),
        ("outsider", False),
    ],
)
def test_the_coordinators_of_the_plans_rcc_link_its_activities(
    request, who, may, norr_activity, local_activity
):
    user = request.getfixturevalue(who)
    assert may_link_activity(user, norr_activity) is may
    assert may_link_activity(user, local_activity) is may  # a Norr region's local plan


def test_the_anonymous_links_nothing(norr_activity):
    assert may_link_activity(AnonymousUser(), norr_activity) is False


def test_it_asks_no_query_for_an_activity_fetched_with_its_plan(
    coordinator, norr_activity, local_activity, django_assert_num_queries
):
    may_link_activity(coordinator, norr_activity)  # the roles, once per request
    with django_assert_num_queries(0):
        assert may_link_activity(coordinator, local_activity)
        assert may_link_activity(coordinator, norr_activity)
