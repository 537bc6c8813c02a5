"""The region's follow-up form shows, under each goal of the cancer plan, the region's own
local goals and activities that concretise it: read-only, collapsed, the context of the level
the reporter gives. Only their own region's local plans for the round's year."""

import re

import pytest
from django.urls import reverse

from followup.models import FollowUpRound
from plans.models import Goal, Plan
from tests.conftest import NORR
from tests.local_plans import build_local_plan


def report_url(round, code="RJH"):
    return reverse("followup:region-report", kwargs={"pk": round.pk, "code": code})


def goal_card(content: str, goal: Goal) -> str:
    """The goal's fieldset in the form."""
    return re.search(rf'<fieldset [^>]*id="mal-{goal.pk}".*?</fieldset>', content, re.S).group(0)


@pytest.fixture
def open_round(db) -> FollowUpRound:
    """RCC Norr's open 2024 round of its cancer plan (the demo data)."""
    return FollowUpRound.objects.get(plan__slug=NORR, year=2024)


@pytest.fixture
def cancer_goals(open_round) -> dict[str, Goal]:
    return {goal.number: goal for goal in Goal.objects.filter(area__plan=open_round.plan)}


@pytest.mark.django_db
class TestTheReportersContext:
    def test_their_local_goals_and_activities_under_each_goal(
        self, client, open_round, cancer_goals, reporter_a
    ):
        build_local_plan(
            region="RJH",
            parent=open_round.plan,
            parent_goals=[cancer_goals["1.1"], cancer_goals["2.1"]],
            goals_per_parent=2,
            activities_per_goal=2,
        )
        client.force_login(reporter_a)

        content = client.get(report_url(open_round)).content.decode()

        card = goal_card(content, cancer_goals["1.1"])
        details = card[card.index('<details class="local-goals">') : card.index("</details>")]
        assert "2 lokala mål i er plan" in details
        for text in ("RJH: lokalt mål 1 till 1.1", "RJH: lokalt mål 2 till 1.1"):
            assert text in details
        assert "RJH: aktivitet 2 till 1.1.2" in details
        local = Goal.objects.get(text="RJH: lokalt mål 1 till 1.1")
        assert f'href="{local.area.plan.get_absolute_url()}#mal-{local.pk}"' in details
        # read-only and collapsed: nothing to fill in, not open
        assert not re.search(r"<(input|textarea|select|button)\b", details)
        assert '<details class="local-goals" open' not in card
        assert "<strong>" not in details  # their own: no region named
        assert content.count('<details class="local-goals">') == 2
        assert "local-goals" not in goal_card(content, cancer_goals["1.2"])

    def test_only_their_own_regions_local_plans_for_the_rounds_year(
        self, client, open_round, cancer_goals, reporter_a, reporter_b
    ):
        goal = cancer_goals["1.1"]
        build_local_plan(region="RN", parent=open_round.plan, parent_goals=[goal])
        build_local_plan(
            region="RJH",
            parent=open_round.plan,
            parent_goals=[goal],
            slug="rjh-2022",
            first_year=2022,
            last_year=2022,
        )
        client.force_login(reporter_a)

        content = client.get(report_url(open_round)).content.decode()

        assert "local-goals" not in content
        client.force_login(reporter_b)
        card = goal_card(client.get(report_url(open_round, "RN")).content.decode(), goal)
        assert "RN: lokalt mål 1 till 1.1" in card and "RJH:" not in card

    def test_a_draft_local_plan_is_shown_only_to_those_who_may_read_it(
        self, client, open_round, cancer_goals, reporter_a
    ):
        build_local_plan(
            region="RJH",
            parent=open_round.plan,
            parent_goals=[cancer_goals["1.1"]],
            status=Plan.Status.DRAFT,
        )
        client.force_login(reporter_a)  # a reporter, not one of the region's planners

        assert "local-goals" not in client.get(report_url(open_round)).content.decode()

    def test_the_form_shown_again_after_bad_input_keeps_the_context(
        self, client, open_round, cancer_goals, reporter_a
    ):
        goal = cancer_goals["1.1"]
        build_local_plan(region="RJH", parent=open_round.plan, parent_goals=[goal])
        client.force_login(reporter_a)
        data = {"omrade": "alla", f"g{goal.pk}_unsure": "on"}  # unsure without a level

        response = client.post(
            reverse("followup:region-report-save", kwargs={"pk": open_round.pk, "code": "RJH"}),
            data,
        )

        assert response.status_code == 400
        assert "RJH: lokalt mål 1 till 1.1" in goal_card(response.content.decode(), goal)

    @pytest.mark.parametrize(("goals_per_area", "goals_per_parent"), [(2, 1), (12, 3)])
    def test_the_form_reads_three_queries_more_whatever_the_size(
        self,
        client,
        round_builder,
        reporter_a,
        norr,
        plan_builder,
        goals_per_area,
        goals_per_parent,
        django_assert_num_queries,
    ):
        plan = plan_builder(
            slug="cancer", owner=norr, kind=Plan.Kind.CANCER_PLAN, goals_per_area=goals_per_area
        )
        build_local_plan(
            region="RJH",
            parent=plan,
            goals_per_parent=goals_per_parent,
            activities_per_goal=2,
            first_year=2024,
            last_year=2024,
        )
        round_builder(year=2023, plan=plan)
        round = round_builder(year=2024, plan=plan)
        client.force_login(reporter_a)

        # as tests/followup/test_views.py's test_the_report_form (10), and the region's local
        # plans, their goals (with area, plan and region) and their activities
        with django_assert_num_queries(13):
            response = client.get(report_url(round))

        content = response.content.decode()
        assert content.count('<details class="local-goals">') == 2 * goals_per_area
        assert content.count("RJH: aktivitet 2 till") == 2 * goals_per_area * goals_per_parent
