"""The goal view: one goal across every region, condensed and commented on in place."""

import pytest
from django.urls import reverse

from followup.models import Assessment, FollowUpRound, RccComment
from plans.models import Goal
from tests.conftest import NORR

State = FollowUpRound.State


def goal_url(round, goal):
    return reverse("followup:goal-detail", kwargs={"pk": round.pk, "goal_pk": goal.pk})


def goals_of(round):
    return list(Goal.objects.for_plan(round.plan))


@pytest.fixture
def commented(round_builder):
    """An open round whose first goal each region has commented on."""
    round = round_builder()
    first = goals_of(round)[0]
    for assessment in round.assessments.filter(goal=first).select_related("region"):
        assessment.level = "P"
        assessment.comment = f"Lång kommentar från {assessment.region.code}."
        assessment.save()
    return round


@pytest.mark.django_db
class TestGoalView:
    def test_it_shows_every_regions_level_comment_and_editors(self, client, commented, coordinator):
        first, second = goals_of(commented)[:2]
        client.force_login(coordinator)

        response = client.get(goal_url(commented, first))

        content = response.content.decode()
        assert response.status_code == 200
        for code in ("RJH", "RN", "RV", "RVN"):
            assert f"Lång kommentar från {code}." in content
            assert f'name="target" value="{code}"' in content
        assert 'name="target" value="rcc"' in content
        assert f'href="{goal_url(commented, second)}" rel="next"' in content
        assert 'rel="prev"' not in content  # the first goal has none before it
        assert "1 mål har kommentarer som inte är kondenserade" in content

    def test_a_condensed_comment_is_saved_in_place_and_the_goal_leaves_the_list(
        self, client, commented, coordinator
    ):
        first = goals_of(commented)[0]
        client.force_login(coordinator)
        url = goal_url(commented, first)

        for code in ("RJH", "RN", "RV", "RVN"):
            response = client.post(
                url, {"target": code, f"c-{code}-text": f"Kort {code}.", f"c-{code}-original": ""}
            )
            assert response.status_code == 302
            assert response.url == f"{url}#region-{code}"

        condensed = set(
            Assessment.objects.filter(round=commented, goal=first).values_list(
                "condensed_comment", flat=True
            )
        )
        assert condensed == {"Kort RJH.", "Kort RN.", "Kort RV.", "Kort RVN."}
        content = client.get(url).content.decode()
        assert "0 mål har kommentarer som inte är kondenserade" in content
        assert Assessment.history.filter(goal=first, condensed_comment="Kort RJH.").exists()

    def test_the_rccs_comment_is_saved_too(self, client, commented, coordinator):
        first = goals_of(commented)[0]
        client.force_login(coordinator)

        client.post(
            goal_url(commented, first),
            {"target": "rcc", "c-rcc-text": "RCC Norr följer upp.", "c-rcc-original": ""},
        )

        assert RccComment.objects.get(round=commented, goal=first).text == "RCC Norr följer upp."

    def test_a_conflict_keeps_the_text_and_shows_the_saved_one(
        self, client, commented, coordinator
    ):
        first = goals_of(commented)[0]
        Assessment.objects.filter(round=commented, goal=first, region__code="RJH").update(
            condensed_comment="Någon annans version"
        )
        client.force_login(coordinator)

        response = client.post(
            goal_url(commented, first),
            {"target": "RJH", "c-RJH-text": "Min version", "c-RJH-original": ""},
        )

        content = response.content.decode()
        assert response.status_code == 409
        assert "Min version" in content and "Någon annans version" in content

    def test_a_too_long_text_is_refused_and_kept(self, client, commented, coordinator):
        first = goals_of(commented)[0]
        client.force_login(coordinator)
        text = "x" * 4001

        response = client.post(
            goal_url(commented, first), {"target": "RN", "c-RN-text": text, "c-RN-original": ""}
        )

        assert response.status_code == 400
        assert text in response.content.decode()

    def test_a_published_round_is_read_only(self, client, round_builder, coordinator):
        round = round_builder(state=State.PUBLISHED)
        first = goals_of(round)[0]
        client.force_login(coordinator)

        assert 'name="target"' not in client.get(goal_url(round, first)).content.decode()
        response = client.post(
            goal_url(round, first), {"target": "RJH", "c-RJH-text": "Sent", "c-RJH-original": ""}
        )
        assert response.status_code == 403

    def test_rights(self, client, request, commented):
        first = goals_of(commented)[0]
        url = goal_url(commented, first)
        post = {"target": "RJH", "c-RJH-text": "Förfalskad", "c-RJH-original": ""}
        for role, (get, posted) in {
            "reporter_a": (404, 404),
            "reader": (404, 404),
            "outsider": (404, 404),
            "other_coordinator": (404, 404),
        }.items():
            client.force_login(request.getfixturevalue(role))
            assert client.get(url).status_code == get, role
            assert client.post(url, post).status_code == posted, role
        assert not Assessment.objects.filter(condensed_comment="Förfalskad").exists()

    def test_a_goal_of_another_plan_is_not_found(self, client, commented, coordinator):
        other = Goal.objects.filter(area__plan__slug=NORR).first()
        client.force_login(coordinator)

        assert client.get(goal_url(commented, other)).status_code == 404

    @pytest.mark.parametrize(("goals_per_area", "regions"), [(2, 1), (12, 4)])
    def test_its_queries_do_not_grow_with_goals_or_regions(
        self,
        client,
        round_builder,
        coordinator,
        norr,
        plan_builder,
        goals_per_area,
        regions,
        django_assert_num_queries,
    ):
        plan = plan_builder(slug="mv", owner=norr, goals_per_area=goals_per_area)
        round_builder(year=2023, plan=plan)
        round = round_builder(year=2024, plan=plan)
        round.regions.set(list(round.regions.order_by("code"))[:regions])
        client.force_login(coordinator)
        url = goal_url(round, goals_of(round)[1])

        # session, user, memberships, round with plan and owner, its regions; the plan's goals
        # in order, the goal, its assessments, the previous round and its assessments, the
        # goals to condense, the RCC's comment
        with django_assert_num_queries(13):
            response = client.get(url)
        assert response.content.decode().count('name="target"') == regions + 1


@pytest.mark.django_db
class TestMatrix:
    def test_it_keeps_its_filters_when_the_person_comes_back(self, client, commented, coordinator):
        first = goals_of(commented)[0]
        client.force_login(coordinator)
        matrix = reverse("followup:round-matrix", kwargs={"pk": commented.pk})

        client.get(f"{matrix}?niva=P&forra=1")
        content = client.get(goal_url(commented, first)).content.decode()

        assert f'href="{matrix}?niva=P&amp;forra=1"' in content

    def test_cells_say_whether_a_condensed_comment_exists(self, client, commented, coordinator):
        first = goals_of(commented)[0]
        Assessment.objects.filter(round=commented, goal=first, region__code="RN").update(
            condensed_comment="Kort."
        )
        client.force_login(coordinator)

        content = client.get(reverse("followup:round-matrix", args=[commented.pk])).content
        content = content.decode()

        assert content.count("kondenserad kommentar finns") == 1
        assert f'href="{goal_url(commented, first)}"' in content
