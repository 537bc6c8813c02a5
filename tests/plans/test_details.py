"""Editing a plan's details: its owners only, bad input told on the field, and no silent
overwriting of another person's change."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.concurrency import history_version
from plans.models import Plan
from plans.services import PlanDetails, plan_update
from registry.models import Membership, Region
from tests.conftest import MELLANSVERIGE, NORR


def details_url(plan):
    return reverse("plans:plan-edit-details", args=[plan.slug])


def owner_value(owner):
    prefix = "region" if isinstance(owner, Region) else "sjukvardsregion"
    return f"{prefix}-{owner.pk}"


def posted(plan, **changes):
    """The form as loaded for the plan now, with some values changed."""
    values = {
        "title": plan.title,
        "slug": plan.slug,
        "kind": plan.kind,
        "owner": owner_value(plan.owner),
        "period": plan.period,
        "parent": plan.parent_id or "",
        "introduction": plan.introduction,
        "approved_by": plan.approved_by,
        "approved_on": plan.approved_on.isoformat() if plan.approved_on else "",
        "version": history_version(plan),
    }
    return {**values, **changes}


def snapshot(plan):
    plan.refresh_from_db()
    return (plan.title, plan.slug, plan.kind, plan.owner, plan.period, plan.parent_id)


def user_with(username, role, **scope):
    user = get_user_model().objects.create_user(username, password="pw")
    Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def draft(norr, plan_builder):
    return plan_builder(slug="norr-utkast", owner=norr, status=Plan.Status.DRAFT)


@pytest.fixture
def approved(norr, plan_builder):
    return plan_builder(slug="norr-godkand", owner=norr)


@pytest.fixture
def local_plan(registry):
    return Plan.objects.create(
        slug="rjh-lokal",
        title="Lokal handlingsplan RJH",
        kind=Plan.Kind.LOCAL_PLAN,
        owner_region=Region.objects.get(code="RJH"),
        first_year=2025,
        last_year=2025,
        status=Plan.Status.APPROVED,
    )


@pytest.fixture
def planner(registry):
    return user_with("pia", Membership.Role.PLANNER, region=Region.objects.get(code="RJH"))


@pytest.fixture
def other_planner(registry):
    return user_with("per", Membership.Role.PLANNER, region=Region.objects.get(code="RN"))


@pytest.mark.django_db
class TestEditing:
    def test_the_form_shows_the_details_and_saves_them(self, client, coordinator, approved):
        client.force_login(coordinator)
        content = client.get(details_url(approved)).content.decode()
        assert f'value="{approved.title}"' in content
        assert f'name="version" value="{history_version(approved)}"' in content
        parent = Plan.objects.get(slug=NORR)

        response = client.post(
            details_url(approved),
            posted(
                approved,
                title="Handlingsplan Norr 2025–2026",
                period="2025–2026",
                parent=parent.pk,
                introduction="Inledande text.",
                approved_by="Förbundsdirektionen",
                approved_on="2025-02-03",
            ),
            follow=True,
        )

        assert "Planens uppgifter är sparade." in response.content.decode()
        approved.refresh_from_db()
        assert (approved.title, approved.period, approved.parent, approved.introduction) == (
            "Handlingsplan Norr 2025–2026",
            "2025–2026",
            parent,
            "Inledande text.",
        )
        assert (approved.approved_by, approved.approved_on) == (
            "Förbundsdirektionen",
            date(2025, 2, 3),
        )
        assert approved.history.first().history_user == coordinator

    def test_a_new_slug_leads_to_the_new_address(self, client, coordinator, draft):
        client.force_login(coordinator)

        response = client.post(details_url(draft), posted(draft, slug="norr-nytt-namn"))

        assert response.status_code == 302
        assert response.url == reverse("plans:plan-detail", args=["norr-nytt-namn"])
        assert client.get(response.url).status_code == 200
        assert client.get(reverse("plans:plan-detail", args=["norr-utkast"])).status_code == 404

    def test_saving_nothing_new_writes_no_history(self, client, coordinator, draft):
        client.force_login(coordinator)
        records = draft.history.count()

        assert client.post(details_url(draft), posted(draft)).status_code == 302
        assert draft.history.count() == records

    def test_a_planner_edits_their_regions_local_plan(self, client, planner, local_plan):
        client.force_login(planner)

        response = client.post(details_url(local_plan), posted(local_plan, title="Ny titel"))

        assert response.status_code == 302
        local_plan.refresh_from_db()
        assert local_plan.title == "Ny titel"

    def test_the_plan_page_offers_the_details_to_its_owners_only(
        self, client, coordinator, other_coordinator, approved
    ):
        client.force_login(coordinator)
        assert details_url(approved) in client.get(approved.get_absolute_url()).content.decode()
        client.force_login(other_coordinator)
        assert details_url(approved) not in client.get(approved.get_absolute_url()).content.decode()


@pytest.mark.django_db
class TestRights:
    def test_only_the_owners_may_see_or_post_the_form(
        self,
        client,
        approved,
        draft,
        local_plan,
        coordinator,
        other_coordinator,
        reporter_a,
        reader,
        outsider,
        planner,
        other_planner,
    ):
        before = [snapshot(plan) for plan in (approved, draft, local_plan)]
        refused = [
            (approved, (other_coordinator, reporter_a, reader, outsider, planner), 403),
            (draft, (other_coordinator, reporter_a, reader, outsider, planner), 404),
            # a coordinator of the RCC does not write its regions' local plans: their planners do
            (local_plan, (coordinator, other_coordinator, other_planner, reader), 403),
        ]
        for plan, users, status in refused:
            data = posted(plan, title="Förfalskad")
            for user in users:
                client.force_login(user)
                assert client.get(details_url(plan)).status_code == status, user
                assert client.post(details_url(plan), data).status_code == status, user
        client.logout()
        response = client.post(details_url(approved), posted(approved, title="Förfalskad"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert [snapshot(plan) for plan in (approved, draft, local_plan)] == before

    def test_a_norr_coordinator_cannot_touch_a_mellansverige_plan(self, client, coordinator):
        plan = Plan.objects.get(slug=MELLANSVERIGE)
        before = snapshot(plan)
        client.force_login(coordinator)

        response = client.post(details_url(plan), posted(plan, title="Förfalskad"))

        assert response.status_code == 403
        assert snapshot(plan) == before

    def test_a_forged_owner_is_refused(self, client, coordinator, draft, mellansverige):
        before = snapshot(draft)
        client.force_login(coordinator)

        for owner in (mellansverige, Region.objects.get(code="RJH")):
            response = client.post(details_url(draft), posted(draft, owner=owner_value(owner)))

            assert response.status_code == 400
            assert "Välj ett giltigt alternativ" in response.content.decode()
        assert snapshot(draft) == before

    def test_the_owner_field_offers_only_the_users_owners(self, client, coordinator, draft):
        client.force_login(coordinator)

        content = client.get(details_url(draft)).content.decode()

        owner_select = content.split('name="owner"', 1)[1].split("</select>", 1)[0]
        assert re.findall(r"<option[^>]*>([^<]*)</option>", owner_select) == [
            "Norra sjukvårdsregionen"
        ]


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"title": ""}, "Detta fält måste fyllas i."),
            ({"title": "x" * 301}, "som mest 300 tecken"),
            ({"slug": MELLANSVERIGE}, "Det finns redan en plan med kortnamnet"),
            ({"slug": "å ä ö"}, "utan mellanslag"),
            ({"period": "2026–2024"}, "Perioden slutar innan den börjar"),
            ({"period": "1999–2001"}, "ska ligga mellan 2000 och 2100"),
            ({"period": "2100–2101"}, "ska ligga mellan 2000 och 2100"),
            ({"period": "2026/27"}, "ska skrivas som 2022-2024"),
            ({"introduction": "x" * 20_001}, "som mest 20000 tecken"),
            ({"approved_by": "x" * 201}, "som mest 200 tecken"),
            ({"approved_on": "3/2 2025"}, "Skriv ett datum som ÅÅÅÅ-MM-DD"),
            ({"kind": Plan.Kind.LOCAL_PLAN}, "Välj ett giltigt alternativ"),
        ],
    )
    def test_it_is_told_on_the_field_and_kept(self, client, coordinator, draft, changes, message):
        before = snapshot(draft)
        client.force_login(coordinator)

        response = client.post(details_url(draft), posted(draft, **changes))

        content = response.content.decode()
        assert response.status_code == 400
        assert message in content and 'class="field field--error"' in content
        field, value = next(iter(changes.items()))
        kept = f'value="{value}"' in content or f"{value}</textarea>" in content
        assert kept or not value or field == "kind"  # a kind not offered is not shown
        assert snapshot(draft) == before

    def test_a_parent_must_be_another_cancer_plan(self, client, coordinator, norr, plan_builder):
        cancer_plan = plan_builder(
            slug="norr-cancerplan-utkast",
            owner=norr,
            status=Plan.Status.DRAFT,
            kind=Plan.Kind.CANCER_PLAN,
        )
        action_plan = plan_builder(slug="norr-handlingsplan", owner=norr)
        client.force_login(coordinator)

        for plan, parent in [(cancer_plan, cancer_plan), (action_plan, action_plan)]:
            response = client.post(details_url(plan), posted(plan, parent=parent.pk))

            assert response.status_code == 400
            assert "Välj en cancerplan som du kan se." in response.content.decode()
        response = client.post(details_url(action_plan), posted(action_plan, parent=cancer_plan.pk))
        assert response.status_code == 302

    def test_a_cancer_plan_others_build_on_stays_a_cancer_plan(
        self, client, coordinator, norr, plan_builder
    ):
        cancer_plan = plan_builder(slug="norr-cp", owner=norr, kind=Plan.Kind.CANCER_PLAN)
        child = plan_builder(slug="norr-barn", owner=norr)
        child.parent = cancer_plan
        child.save()
        client.force_login(coordinator)

        response = client.post(
            details_url(cancer_plan), posted(cancer_plan, kind=Plan.Kind.ACTION_PLAN)
        )

        assert response.status_code == 400
        assert "Andra planer bygger på den här cancerplanen" in response.content.decode()
        cancer_plan.refresh_from_db()
        assert cancer_plan.kind == Plan.Kind.CANCER_PLAN

    def test_the_kind_must_suit_the_owner(self, client, norr, draft):
        both = user_with("bo", Membership.Role.COORDINATOR, healthcare_region=norr)
        Membership.objects.create(
            user=both, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
        )
        before = snapshot(draft)
        client.force_login(both)

        response = client.post(details_url(draft), posted(draft, kind=Plan.Kind.LOCAL_PLAN))

        content = response.content.decode()
        assert response.status_code == 400
        assert "En lokal handlingsplan ägs av en region." in content
        assert snapshot(draft) == before


@pytest.mark.django_db
class TestTwoPeople:
    def test_the_second_save_shows_the_first_and_keeps_its_input(
        self, client, coordinator, draft, norr
    ):
        colleague = user_with("greta", Membership.Role.COORDINATOR, healthcare_region=norr)
        mine = posted(draft, title="Min titel", introduction="Min inledning")
        client.force_login(colleague)
        assert client.post(details_url(draft), posted(draft, title="Gretas titel")).status_code == (
            302
        )
        client.force_login(coordinator)

        response = client.post(details_url(draft), mine)

        content = response.content.decode()
        assert response.status_code == 409
        assert "Någon annan har ändrat planens uppgifter" in content
        assert "«Gretas titel»" in content and "greta" in content
        assert 'value="Min titel"' in content and "Min inledning" in content
        draft.refresh_from_db()
        assert draft.title == "Gretas titel"

        version = re.search(r'name="version" value="(\d+)"', content)[1]
        response = client.post(details_url(draft), {**mine, "version": version})

        assert response.status_code == 302
        draft.refresh_from_db()
        assert (draft.title, draft.introduction) == ("Min titel", "Min inledning")

    def test_after_a_conflict_the_fields_left_alone_keep_the_other_persons_change(
        self, client, coordinator, draft, norr
    ):
        colleague = user_with("greta", Membership.Role.COORDINATOR, healthcare_region=norr)
        mine = posted(draft, title="Min titel")
        client.force_login(colleague)
        client.post(details_url(draft), posted(draft, introduction="Gretas\r\ninledning"))
        client.force_login(coordinator)

        response = client.post(details_url(draft), mine)

        content = response.content.decode()
        assert response.status_code == 409
        assert "Inledning: «Gretas inledning»" in content
        assert 'value="Min titel"' in content and "Gretas\ninledning</textarea>" in content
        version = re.search(r'name="version" value="(\d+)"', content)[1]
        data = {**mine, "introduction": "Gretas\ninledning", "version": version}
        assert client.post(details_url(draft), data).status_code == 302
        draft.refresh_from_db()
        assert (draft.title, draft.introduction) == ("Min titel", "Gretas\ninledning")

    def test_a_plan_deleted_meanwhile_gives_a_message(self, coordinator, draft):
        details = PlanDetails(
            title="T",
            slug=draft.slug,
            kind=draft.kind,
            owner=draft.owner,
            first_year=2025,
            last_year=2025,
        )
        version = history_version(draft)
        Plan.objects.filter(pk=draft.pk).delete()

        with pytest.raises(ValidationError) as caught:
            plan_update(plan=draft, details=details, version=version, user=coordinator)

        assert caught.value.code == "gone"

    def test_a_status_change_meanwhile_is_no_conflict(self, client, coordinator, approved):
        client.force_login(coordinator)
        mine = posted(approved, title="Ny titel")
        client.post(reverse("plans:plan-transition", args=[approved.slug, "reopen"]))

        response = client.post(details_url(approved), mine)

        assert response.status_code == 302
        approved.refresh_from_db()
        assert (approved.title, approved.status) == ("Ny titel", Plan.Status.DRAFT)

    def test_an_approval_meanwhile_is_a_conflict(self, client, coordinator, draft):
        client.force_login(coordinator)
        mine = posted(draft, approved_by="Jag")
        client.post(
            reverse("plans:plan-approve", args=[draft.slug]),
            {"approved_by": "SVN", "approved_on": "2026-01-15"},
        )

        response = client.post(details_url(draft), mine)

        assert response.status_code == 409
        assert "«SVN»" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_the_page_queries_do_not_grow(
    client, coordinator, norr, plan_builder, size, django_assert_num_queries
):
    plan = plan_builder(slug="storlek", owner=norr, areas=size, goals_per_area=size)
    for n in range(size):
        plan_builder(slug=f"cancerplan-{n}", owner=norr, kind=Plan.Kind.CANCER_PLAN, areas=0)
    client.force_login(coordinator)

    # session, user, memberships, the plan (with its owner, parent and original), its history
    # version, the healthcare regions the user coordinates, the cancer plans for its parent
    with django_assert_num_queries(7):
        response = client.get(details_url(plan))

    assert response.status_code == 200
