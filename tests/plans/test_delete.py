"""Deleting a draft plan: after a page that names what goes with it, as one change of the
history; never an approved plan, a plan with follow-up rounds or one that others build on."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.models import FollowUpRound
from plans.formats import parse_chapters
from plans.models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan
from plans.services import plan_add_chapters, plan_delete
from registry.models import Membership, Region
from tests.conftest import MELLANSVERIGE

PLAN_MODELS = (Plan, Chapter, Abbreviation, Area, Goal, GoalPart, Activity)


def delete_url(plan):
    return reverse("plans:plan-delete", args=[plan.slug])


def ids_of(plan) -> dict:
    """Every row of the plan, by model."""
    return {
        Plan: [plan.pk],
        Chapter: list(plan.chapters.values_list("pk", flat=True)),
        Abbreviation: list(plan.abbreviations.values_list("pk", flat=True)),
        Area: list(plan.areas.values_list("pk", flat=True)),
        Goal: list(Goal.objects.filter(area__plan=plan).values_list("pk", flat=True)),
        GoalPart: list(GoalPart.objects.filter(goal__area__plan=plan).values_list("pk", flat=True)),
        Activity: list(Activity.objects.filter(goal__area__plan=plan).values_list("pk", flat=True)),
    }


def remaining(ids: dict) -> int:
    return sum(model.objects.filter(pk__in=pks).count() for model, pks in ids.items())


@pytest.fixture
def draft(norr, plan_builder):
    plan = plan_builder(slug="norr-utkast", owner=norr, status=Plan.Status.DRAFT)
    plan_add_chapters(plan=plan, chapters=parse_chapters("# 1 Ett\n\nText\n# Två\n\nMer"))
    Abbreviation.objects.create(plan=plan, abbreviation="VPK", meaning="koordinator", order=1)
    GoalPart.objects.create(goal=Goal.objects.filter(area__plan=plan).first(), name="Del", order=1)
    return plan


def user_with(username, role, **scope):
    user = get_user_model().objects.create_user(username, password="pw")
    Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.mark.django_db
class TestDeleting:
    def test_the_page_names_what_will_be_deleted(self, client, coordinator, draft):
        client.force_login(coordinator)

        response = client.get(delete_url(draft))

        content = response.content.decode()
        assert response.status_code == 200
        assert f"Ta bort {draft.title}?" in content
        for count in (
            "2 kapitel",
            "2 områden",
            "6 mål",
            "1 måldel",
            "6 aktiviteter",
            "1 förkortning",
        ):
            assert f"<li>{count}</li>" in content, count
        assert "Ta bort utkastet</button>" in content

    def test_a_draft_is_deleted_with_everything_in_it_as_one_change(
        self, client, coordinator, draft
    ):
        ids = ids_of(draft)
        client.force_login(coordinator)

        response = client.post(delete_url(draft), follow=True)

        assert response.redirect_chain[-1][0] == reverse("plans:plan-list")
        content = response.content.decode()
        assert f"{draft.title} är borttagen." in content
        assert "«Borttagna planer»" in content
        assert remaining(ids) == 0
        records = [
            record
            for model, pks in ids.items()
            for record in model.history.filter(id__in=pks, history_type="-")
        ]
        assert len(records) == sum(len(pks) for pks in ids.values()) == 19
        assert len({record.history_date for record in records}) == 1
        assert {record.history_user for record in records} == {coordinator}

    def test_the_plan_page_offers_deleting_drafts_only(self, client, coordinator, draft, norr):
        approved = Plan.objects.create(
            slug="godkand",
            title="Godkänd",
            kind=Plan.Kind.ACTION_PLAN,
            owner_healthcare_region=norr,
            first_year=2025,
            last_year=2025,
            status=Plan.Status.APPROVED,
        )
        client.force_login(coordinator)

        assert "Ta bort utkastet…" in client.get(draft.get_absolute_url()).content.decode()
        assert "Ta bort utkastet…" not in client.get(approved.get_absolute_url()).content.decode()

    @pytest.mark.parametrize(
        ("status", "word"), [(Plan.Status.APPROVED, "godkänd"), (Plan.Status.ARCHIVED, "arkiverad")]
    )
    def test_an_approved_or_archived_plan_cannot_be_deleted(
        self, client, coordinator, draft, status, word
    ):
        Plan.objects.filter(pk=draft.pk).update(status=status)
        ids = ids_of(draft)
        client.force_login(coordinator)
        message = f"Planen är {word}. Bara ett utkast kan tas bort."

        page = client.get(delete_url(draft)).content.decode()
        response = client.post(delete_url(draft), follow=True)

        assert message in page and "</button>" not in page.split("<main", 1)[1]
        assert response.redirect_chain[-1][0] == draft.get_absolute_url()
        assert message in response.content.decode()
        assert remaining(ids) == sum(len(pks) for pks in ids.values())

    def test_a_plan_with_follow_up_rounds_cannot_be_deleted(
        self, client, coordinator, draft, round_builder
    ):
        round_builder(plan=draft, state=FollowUpRound.State.DRAFT)
        ids = ids_of(draft)
        client.force_login(coordinator)
        message = "Planen har uppföljningsomgångar och kan inte tas bort."

        page = client.get(delete_url(draft))
        response = client.post(delete_url(draft), follow=True)

        assert page.status_code == 200 and message in page.content.decode()
        assert response.status_code == 200 and message in response.content.decode()
        assert remaining(ids) == sum(len(pks) for pks in ids.values())

    def test_a_plan_others_build_on_cannot_be_deleted(self, client, coordinator, norr, draft):
        Plan.objects.filter(pk=draft.pk).update(kind=Plan.Kind.CANCER_PLAN)
        Plan.objects.create(
            slug="barn",
            title="Bygger på utkastet",
            kind=Plan.Kind.ACTION_PLAN,
            owner_healthcare_region=norr,
            first_year=2025,
            last_year=2025,
            parent=draft,
        )
        ids = ids_of(draft)
        client.force_login(coordinator)
        message = "Andra planer bygger på planen, så den kan inte tas bort."

        assert message in client.get(delete_url(draft)).content.decode()
        assert message in client.post(delete_url(draft), follow=True).content.decode()
        assert remaining(ids) == sum(len(pks) for pks in ids.values())


@pytest.mark.django_db
def test_a_plan_deleted_meanwhile_gives_a_message_not_an_error(coordinator, draft):
    stale = Plan.objects.get(pk=draft.pk)
    plan_delete(plan=draft, user=coordinator)

    with pytest.raises(ValidationError) as caught:
        plan_delete(plan=stale, user=coordinator)

    assert caught.value.messages == ["Planen har tagits bort av någon annan under tiden."]


@pytest.mark.django_db
class TestRights:
    def test_only_the_plans_owners_may_delete_it(
        self, client, draft, other_coordinator, reporter_a, reader, outsider
    ):
        planner = user_with("pia", Membership.Role.PLANNER, region=Region.objects.get(code="RJH"))
        ids = ids_of(draft)
        for user in (other_coordinator, reporter_a, reader, outsider, planner):
            client.force_login(user)
            assert client.get(delete_url(draft)).status_code == 404  # a draft they cannot see
            assert client.post(delete_url(draft)).status_code == 404
        client.logout()
        response = client.post(delete_url(draft))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert remaining(ids) == sum(len(pks) for pks in ids.values())

    def test_a_norr_coordinator_cannot_delete_a_mellansverige_plan(
        self, client, coordinator, mellansverige, plan_builder
    ):
        mv_draft = plan_builder(slug="mv-utkast", owner=mellansverige, status=Plan.Status.DRAFT)
        approved = Plan.objects.get(slug=MELLANSVERIGE)
        ids = {**ids_of(mv_draft)}
        approved_ids = ids_of(approved)
        client.force_login(coordinator)

        assert client.post(delete_url(mv_draft)).status_code == 404
        assert client.get(delete_url(approved)).status_code == 403
        assert client.post(delete_url(approved)).status_code == 403
        assert remaining(ids) == sum(len(pks) for pks in ids.values())
        assert remaining(approved_ids) == sum(len(pks) for pks in approved_ids.values())

    def test_a_regions_planner_deletes_its_local_draft(self, client, coordinator, registry):
        rjh, rn = Region.objects.get(code="RJH"), Region.objects.get(code="RN")
        local = Plan.objects.create(
            slug="rjh-utkast",
            title="Lokalt utkast",
            kind=Plan.Kind.LOCAL_PLAN,
            owner_region=rjh,
            first_year=2026,
            last_year=2026,
        )
        other_planner = user_with("per", Membership.Role.PLANNER, region=rn)
        planner = user_with("pia", Membership.Role.PLANNER, region=rjh)

        client.force_login(other_planner)
        assert client.post(delete_url(local)).status_code == 404
        client.force_login(coordinator)  # sees its regions' drafts, does not write them
        assert client.post(delete_url(local)).status_code == 403
        assert Plan.objects.filter(pk=local.pk).exists()
        client.force_login(planner)
        assert client.post(delete_url(local)).status_code == 302
        assert not Plan.objects.filter(pk=local.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_the_page_queries_do_not_grow_with_the_plan(
    client, coordinator, norr, plan_builder, size, django_assert_num_queries
):
    plan = plan_builder(slug="storlek", owner=norr, areas=size, goals_per_area=size)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    client.force_login(coordinator)

    # session, user, memberships, the plan (with its owner, parent and original), its counts,
    # whether plans build on it and whether it has follow-up rounds
    with django_assert_num_queries(7):
        response = client.get(delete_url(plan))

    assert f"<li>{size * size} mål</li>" in response.content.decode()
