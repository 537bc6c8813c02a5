"""Restoring from a plan's history: an earlier version of a row, deleted rows with their
children, a deleted plan; each restore one change of its own in the history."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.concurrency import history_version
from documents.history import change_batch
from followup.models import Assessment
from plans.models import Activity, Area, Goal, Plan
from plans.services import (
    activities_link_bodies,
    plan_restore_deleted,
    row_restore_deleted,
    row_restore_version,
)
from registry.models import Membership, Region
from tests.conftest import MELLANSVERIGE
from tests.plans.test_history import delete, edit, history_url

Status = Plan.Status


def version_url(plan, kind, record):
    return reverse("plans:plan-history-restore-version", args=[plan.slug, kind, record.history_id])


def deleted_url(plan, kind, record):
    return reverse("plans:plan-history-restore-deleted", args=[plan.slug, kind, record.history_id])


def deletion_of(model, pk):
    return model.history.filter(id=pk, history_type="-").latest("history_id")


def snapshot():
    """Everything the restores could change."""
    return (
        sorted(Area.objects.values_list("pk", "title", "order")),
        sorted(Goal.objects.values_list("pk", "area_id", "text", "order")),
        sorted(Activity.objects.values_list("pk", "goal_id", "what", "how", "order")),
        sorted(Plan.objects.values_list("pk", "slug", "status")),
    )


@pytest.fixture
def anna(norr):
    """A second coordinator of RCC Norr."""
    anna = get_user_model().objects.create_user("anna", password="pw")
    Membership.objects.create(user=anna, role=Membership.Role.COORDINATOR, healthcare_region=norr)
    return anna


@pytest.fixture
def planner(registry):
    """A planner of a Norr region: changes that region's local plans, not the RCC's plans."""
    planner = get_user_model().objects.create_user("planerare", password="pw")
    Membership.objects.create(
        user=planner, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
    )
    return planner


@pytest.fixture
def plan(norr, plan_builder):
    plan = plan_builder(slug="aterstall", owner=norr, goals_per_area=2, activities_per_goal=2)
    Activity.objects.filter(goal__area__plan=plan).update(who="LPO")  # a body of RCC Norr's
    activities_link_bodies(list(Activity.objects.filter(goal__area__plan=plan)), plan=plan)
    return plan


def links(activity_ids):
    return sorted(
        (a.pk, *sorted(b.abbreviation for b in a.who_bodies.all()))
        for a in Activity.objects.filter(pk__in=activity_ids).prefetch_related("who_bodies")
    )


@pytest.mark.django_db
class TestAnEarlierVersion:
    def test_it_shows_what_will_change_then_restores_it_as_a_change_of_its_own(
        self, client, plan, coordinator
    ):
        activity = Activity.objects.filter(goal__area__plan=plan).first()
        edit(activity, coordinator, how="Första", who="LPO")
        earlier = activity.history.latest("history_id")
        edit(activity, coordinator, how="Andra", who="VPK")
        client.force_login(coordinator)

        page = client.get(version_url(plan, "aktivitet", earlier)).content.decode()
        response = client.post(
            version_url(plan, "aktivitet", earlier), {"version": history_version(activity)}
        )

        assert "Andra</del>" in page and "Första</ins>" in page and 'name="version"' in page
        assert response.status_code == 302 and response.url == history_url(plan)
        activity.refresh_from_db()
        assert (activity.how, activity.who) == ("Första", "LPO")
        assert list(activity.who_bodies.values_list("abbreviation", flat=True)) == ["LPO"]
        latest = activity.history.latest("history_id")
        assert latest.history_user == coordinator
        assert latest.history_change_reason.startswith("Återställd till versionen från")
        content = client.get(history_url(plan)).content.decode()
        assert "Återställde</strong>" in content and "Andra</del>" in content

    def test_it_is_refused_when_the_row_changed_since_the_page_was_shown(
        self, client, plan, coordinator, anna
    ):
        area = plan.areas.get(order=1)
        earlier = area.history.latest("history_id")
        edit(area, coordinator, title="Alice titel")
        shown = history_version(area)
        edit(area, anna, title="Annas titel")
        client.force_login(coordinator)

        response = client.post(version_url(plan, "omrade", earlier), {"version": shown})

        assert response.status_code == 409
        assert "Någon har ändrat raden sedan du öppnade sidan" in response.content.decode()
        area.refresh_from_db()
        assert area.title == "Annas titel"

    def test_a_moved_row_goes_back_to_its_old_place_only_if_it_is_free(
        self, client, plan, coordinator
    ):
        first, second = Activity.objects.filter(
            goal__area__plan=plan, goal__area__order=1, goal__order=1
        ).order_by("order")
        earlier = first.history.latest("history_id")
        edit(first, coordinator, order=3, how="Flyttad")  # its old place 1 is free now
        client.force_login(coordinator)

        client.post(version_url(plan, "aktivitet", earlier), {"version": history_version(first)})

        first.refresh_from_db()
        assert (first.order, first.how) == (1, "")
        edit(first, coordinator, order=3)
        edit(second, coordinator, order=1)  # the old place is taken: it stays where it is
        client.post(version_url(plan, "aktivitet", earlier), {"version": history_version(first)})
        first.refresh_from_db()
        assert first.order == 3

    def test_a_row_moves_back_to_its_old_parent_while_that_exists(self, client, plan, coordinator):
        goal_one, goal_two = Goal.objects.filter(area__plan=plan, area__order=1).order_by("order")
        activity = goal_one.activities.get(order=1)
        earlier = activity.history.latest("history_id")
        edit(activity, coordinator, goal=goal_two, order=3)
        client.force_login(coordinator)

        page = client.get(version_url(plan, "aktivitet", earlier)).content.decode()
        client.post(version_url(plan, "aktivitet", earlier), {"version": history_version(activity)})

        assert "Mål 1.2</del>" in page and "Mål 1.1</ins>" in page
        activity.refresh_from_db()
        assert (activity.goal, activity.order) == (goal_one, 1)

    def test_a_plans_own_details_come_back_but_not_its_status(
        self, client, norr, plan_builder, coordinator
    ):
        plan = plan_builder(slug="detaljer", owner=norr)
        earlier = plan.history.latest("history_id")
        edit(plan, coordinator, title="Ny titel", status=Status.DRAFT)
        client.force_login(coordinator)

        client.post(version_url(plan, "plan", earlier), {"version": history_version(plan)})

        plan.refresh_from_db()
        assert (plan.title, plan.status) == ("Plan detaljer", Status.DRAFT)

    def test_a_version_as_it_is_now_has_nothing_to_restore(self, client, plan, coordinator):
        area = plan.areas.get(order=1)
        current = area.history.latest("history_id")
        client.force_login(coordinator)

        page = client.get(version_url(plan, "omrade", current)).content.decode()
        response = client.post(version_url(plan, "omrade", current), {"version": current.pk})

        assert "det finns inget att återställa" in page
        assert response.status_code == 400
        assert "Raden är redan som i den versionen." in response.content.decode()

    def test_a_cancer_plan_other_plans_build_on_stays_a_cancer_plan(
        self, client, norr, plan_builder, coordinator
    ):
        plan = plan_builder(slug="blir-cancerplan", owner=norr)
        earlier = plan.history.latest("history_id")  # an RCC action plan then
        edit(plan, coordinator, kind=Plan.Kind.CANCER_PLAN)
        child = plan_builder(slug="bygger-pa", owner=norr)
        edit(child, coordinator, parent=plan)
        client.force_login(coordinator)

        response = client.post(
            version_url(plan, "plan", earlier), {"version": history_version(plan)}
        )

        assert response.status_code == 400
        assert "Andra planer bygger på den här cancerplanen" in response.content.decode()
        plan.refresh_from_db()
        assert plan.kind == Plan.Kind.CANCER_PLAN
        child.delete()  # with nothing building on it, it may go back to what it was
        client.post(version_url(plan, "plan", earlier), {"version": history_version(plan)})
        plan.refresh_from_db()
        assert plan.kind == Plan.Kind.ACTION_PLAN

    def test_a_plan_deleted_meanwhile_is_told(self, plan, coordinator):
        area = plan.areas.get(order=1)
        earlier = area.history.latest("history_id")
        edit(area, coordinator, title="Ändrad")
        version = history_version(area)
        Plan.objects.filter(pk=plan.pk).delete()

        with pytest.raises(ValidationError) as raised:
            row_restore_version(plan=plan, record=earlier, user=coordinator, version=version)

        assert raised.value.code == "gone"


@pytest.mark.django_db
class TestDeletedRows:
    def test_an_area_comes_back_with_its_goals_and_activities_and_their_ids(
        self, client, plan, coordinator
    ):
        area = plan.areas.get(order=2)
        area_id = area.pk
        goal_ids = set(area.goals.values_list("pk", flat=True))
        activity_ids = set(Activity.objects.filter(goal__area=area).values_list("pk", flat=True))
        before = links(activity_ids)
        delete(area, coordinator)
        record = deletion_of(Area, area_id)
        client.force_login(coordinator)

        page = client.get(deleted_url(plan, "omrade", record)).content.decode()
        response = client.post(deleted_url(plan, "omrade", record), follow=True)

        assert "med 2 mål och 4 aktiviteter" in page
        content = response.content.decode()
        assert "Tabell 2 är återställd med 2 mål och 4 aktiviteter." in content
        restored = Area.objects.get(pk=area_id)
        assert (restored.plan, restored.order, restored.title) == (plan, 2, "Område 2")
        assert set(restored.goals.values_list("pk", flat=True)) == goal_ids
        assert links(activity_ids) == before and before[0][1:] == ("LPO",)
        assert "Återställde</strong> Tabell 2 med 2 mål och 4 aktiviteter" in content
        latest = Activity.history.filter(id__in=activity_ids).latest("history_id")
        assert (latest.history_type, latest.history_user) == ("+", coordinator)
        assert 'href="' + deleted_url(plan, "omrade", record) not in content

    def test_only_a_rows_last_deletion_is_offered_and_restored(self, client, plan, coordinator):
        """Deleted, restored, edited and deleted again: the first deletion would bring back the
        text from before the edit."""
        activity = Activity.objects.filter(goal__area__plan=plan).first()
        activity_id = activity.pk
        edit(activity, coordinator, how="Före")
        delete(activity, coordinator)
        first = deletion_of(Activity, activity_id)
        row_restore_deleted(plan=plan, record=first, user=coordinator)
        edit(Activity.objects.get(pk=activity_id), coordinator, how="Efter")
        delete(Activity.objects.get(pk=activity_id), coordinator)
        last = deletion_of(Activity, activity_id)
        client.force_login(coordinator)

        history = client.get(history_url(plan)).content.decode()
        page = client.get(deleted_url(plan, "aktivitet", first)).content.decode()
        response = client.post(deleted_url(plan, "aktivitet", first))

        assert len(re.findall(r"/historik/\w+/\d+/aterstall/", history)) == 1
        assert 'href="' + deleted_url(plan, "aktivitet", last) in history
        message = "Raden har återställts och tagits bort igen sedan dess."
        assert message in page and "Återställ</button>" not in page
        assert response.status_code == 400 and message in response.content.decode()
        assert not Activity.objects.filter(pk=activity_id).exists()
        with pytest.raises(ValidationError):
            row_restore_deleted(plan=plan, record=first, user=coordinator)
        client.post(deleted_url(plan, "aktivitet", last))
        assert Activity.objects.get(pk=activity_id).how == "Efter"

    def test_a_plan_deleted_meanwhile_is_told(self, plan, coordinator):
        area = plan.areas.get(order=1)
        area_id = area.pk
        delete(area, coordinator)
        Plan.objects.filter(pk=plan.pk).delete()

        with pytest.raises(ValidationError) as raised:
            row_restore_deleted(plan=plan, record=deletion_of(Area, area_id), user=coordinator)

        assert raised.value.code == "gone"

    def test_a_restored_row_goes_last_when_its_place_is_taken(self, plan, coordinator):
        goal = Goal.objects.filter(area__plan=plan).first()
        activity = goal.activities.get(order=1)
        activity_id = activity.pk
        delete(activity, coordinator)
        goal.activities.create(what="Ny på platsen", order=1)

        row_restore_deleted(plan=plan, record=deletion_of(Activity, activity_id), user=coordinator)

        assert Activity.objects.get(pk=activity_id).order == 3

    def test_it_is_refused_while_the_parent_is_deleted(self, client, plan, coordinator):
        goal = Goal.objects.get(area__plan=plan, area__order=1, order=2)
        goal_id, activity = goal.pk, goal.activities.get(order=1)
        activity_id = activity.pk
        delete(activity, coordinator)
        delete(goal, coordinator)
        client.force_login(coordinator)

        page = client.get(deleted_url(plan, "aktivitet", deletion_of(Activity, activity_id)))
        response = client.post(deleted_url(plan, "aktivitet", deletion_of(Activity, activity_id)))

        assert "Återställ först målet 1.2." in page.content.decode()
        assert (
            response.status_code == 400
            and "Återställ först målet 1.2." in response.content.decode()
        )
        assert not Activity.objects.filter(pk=activity_id).exists()
        row_restore_deleted(plan=plan, record=deletion_of(Goal, goal_id), user=coordinator)
        row_restore_deleted(plan=plan, record=deletion_of(Activity, activity_id), user=coordinator)
        assert Activity.objects.get(pk=activity_id).goal_id == goal_id

    def test_it_is_refused_once_restored(self, client, plan, coordinator):
        area = plan.areas.get(order=1)
        area_id = area.pk
        delete(area, coordinator)
        record = deletion_of(Area, area_id)
        client.force_login(coordinator)
        client.post(deleted_url(plan, "omrade", record))

        response = client.post(deleted_url(plan, "omrade", record))

        assert response.status_code == 400
        assert "Raden är redan återställd." in response.content.decode()

    def test_a_duplicate_name_is_told_not_raised(self, client, plan, coordinator):
        area = plan.areas.get(order=2)
        area_id = area.pk
        delete(area, coordinator)
        plan.areas.create(title="Område 2", number="7", order=5)
        client.force_login(coordinator)

        response = client.post(deleted_url(plan, "omrade", deletion_of(Area, area_id)))

        assert response.status_code == 400
        assert "Raden kan inte återställas" in response.content.decode()
        assert not Area.objects.filter(pk=area_id).exists()

    def test_the_follow_up_assessments_of_a_goal_come_back_with_it(
        self, round_builder, coordinator
    ):
        round = round_builder()
        goal = Goal.objects.filter(area__plan=round.plan).first()
        goal_id = goal.pk
        assessments = set(goal.assessments.values_list("pk", "region_id"))
        assert assessments
        delete(goal, coordinator)

        row_restore_deleted(plan=round.plan, record=deletion_of(Goal, goal_id), user=coordinator)

        assert set(Assessment.objects.filter(goal_id=goal_id).values_list("pk", "region_id")) == (
            assessments
        )


@pytest.fixture
def deleted_draft(norr, plan_builder, coordinator):
    draft = plan_builder(slug="borttagen", owner=norr, status=Status.DRAFT)
    Activity.objects.filter(goal__area__plan=draft).update(who="LPO")
    activities_link_bodies(list(Activity.objects.filter(goal__area__plan=draft)), plan=draft)
    draft.chapters.create(heading="Inledning", order=1)
    plan_id = draft.pk
    delete(draft, coordinator)
    return Plan.history.filter(id=plan_id, history_type="-").get()


@pytest.mark.django_db
class TestDeletedPlans:
    def test_the_plan_list_links_to_them_for_who_could_restore_them(
        self, client, deleted_draft, coordinator, other_coordinator, reader
    ):
        client.force_login(coordinator)
        assert "Borttagna planer (1)" in client.get(reverse("plans:plan-list")).content.decode()
        content = client.get(reverse("plans:deleted-plans")).content.decode()
        assert "Plan borttagen" in content and "alice" in content

        for someone in (other_coordinator, reader):
            client.force_login(someone)
            assert "Borttagna planer" not in client.get(reverse("plans:plan-list")).content.decode()
            assert (
                "Plan borttagen" not in client.get(reverse("plans:deleted-plans")).content.decode()
            )

    def test_a_deleted_plan_comes_back_as_a_draft_with_its_tree(
        self, client, deleted_draft, coordinator
    ):
        url = reverse("plans:deleted-plan-restore", args=[deleted_draft.history_id])
        client.force_login(coordinator)

        page = client.get(url).content.decode()
        response = client.post(url, follow=True)

        assert "med 1 kapitel, 2 tabeller, 6 mål och 6 aktiviteter" in page
        plan = Plan.objects.get(pk=deleted_draft.id)
        assert response.redirect_chain[-1][0] == plan.get_absolute_url()
        assert "Plan borttagen är återställd som utkast." in response.content.decode()
        assert (plan.status, plan.chapters.count(), plan.areas.count()) == (Status.DRAFT, 1, 2)
        activities = Activity.objects.filter(goal__area__plan=plan)
        assert activities.count() == 6 and all(a.who_bodies.exists() for a in activities)
        assert "Borttagna planer" not in client.get(reverse("plans:plan-list")).content.decode()
        history = client.get(history_url(plan)).content.decode()
        assert "Återställde</strong> planen med 1 kapitel, 2 tabeller" in history

    def test_a_slug_taken_since_is_told(
        self, client, deleted_draft, norr, plan_builder, coordinator
    ):
        plan_builder(slug="borttagen", owner=norr)
        client.force_login(coordinator)

        response = client.post(
            reverse("plans:deleted-plan-restore", args=[deleted_draft.history_id])
        )

        assert response.status_code == 400
        assert "Kortnamnet «borttagen» används nu av planen «Plan borttagen»" in (
            response.content.decode()
        )
        assert not Plan.objects.filter(pk=deleted_draft.id).exists()

    def test_only_a_plans_last_deletion_is_restored(self, client, deleted_draft, coordinator):
        plan = plan_restore_deleted(record=deleted_draft, user=coordinator)
        edit(plan, coordinator, title="Efter")
        delete(plan, coordinator)
        last = deletion_of(Plan, deleted_draft.id)
        client.force_login(coordinator)

        for earlier in (
            client.get(reverse("plans:deleted-plan-restore", args=[deleted_draft.history_id])),
            client.post(reverse("plans:deleted-plan-restore", args=[deleted_draft.history_id])),
        ):
            assert earlier.status_code == 404
        listed = client.get(reverse("plans:deleted-plans")).content.decode()
        assert len(re.findall(r"/borttagna-planer/\d+/aterstall/", listed)) == 1
        assert "Efter" in listed
        with pytest.raises(ValidationError):
            plan_restore_deleted(record=deleted_draft, user=coordinator)
        assert not Plan.objects.filter(pk=deleted_draft.id).exists()
        client.post(reverse("plans:deleted-plan-restore", args=[last.history_id]))
        assert Plan.objects.get(pk=deleted_draft.id).title == "Efter"

    def test_the_service_restores_it_too(self, deleted_draft, coordinator):
        plan = plan_restore_deleted(record=deleted_draft, user=coordinator)

        assert plan.areas.count() == 2 and plan.status == Status.DRAFT


@pytest.mark.django_db
class TestRights:
    """Every restore view × role, and forged ids: nothing changes."""

    @pytest.fixture
    def urls(self, plan, coordinator):
        area = plan.areas.get(order=2)
        area_id = area.pk
        earlier = plan.areas.get(order=1).history.latest("history_id")
        edit(plan.areas.get(order=1), coordinator, title="Ändrad")
        delete(area, coordinator)
        return [
            history_url(plan),
            version_url(plan, "omrade", earlier),
            deleted_url(plan, "omrade", deletion_of(Area, area_id)),
        ]

    def test_only_the_plans_owners_may_restore(
        self, client, urls, coordinator, planner, other_coordinator, reporter_a, reader, outsider
    ):
        before = snapshot()
        for someone in (planner, other_coordinator, reporter_a, reader, outsider):
            client.force_login(someone)
            for url in urls:
                assert client.get(url).status_code == 403
                assert client.post(url, {"version": "1"}).status_code == 403
        client.logout()
        for url in urls:
            assert client.post(url).status_code == 302
        assert snapshot() == before
        client.force_login(coordinator)
        for url in urls:
            assert client.get(url).status_code == 200

    def test_a_draft_is_not_found_by_another_rcc(
        self, client, norr, plan_builder, coordinator, other_coordinator
    ):
        draft = plan_builder(slug="utkast", owner=norr, status=Status.DRAFT)
        record = draft.areas.get(order=1).history.latest("history_id")
        client.force_login(other_coordinator)

        assert client.post(version_url(draft, "omrade", record), {"version": 1}).status_code == 404

    def test_another_plans_record_is_not_found(self, client, plan, coordinator):
        """A Mellansverige row's history record posted to a Norr plan's URL."""
        mellansverige = Area.objects.filter(plan__slug=MELLANSVERIGE).first()
        current = mellansverige.history.latest("history_id")
        activity = Activity.objects.filter(goal__area__plan__slug=MELLANSVERIGE).first()
        activity_id = activity.pk
        with change_batch(coordinator):
            edit(mellansverige, coordinator, title="Ändrad i Mellansverige")
            activity.delete()
        before = snapshot()
        client.force_login(coordinator)

        for kind, record in (
            ("omrade", current),
            ("aktivitet", deletion_of(Activity, activity_id)),
            ("mal", current),  # an area's record id asked for as a goal's
            ("okand", current),
        ):
            for url in (version_url(plan, kind, record), deleted_url(plan, kind, record)):
                assert client.get(url).status_code == 404
                assert client.post(url, {"version": 1}).status_code == 404
        assert snapshot() == before

    def test_a_deleted_plan_is_restored_only_by_who_could_change_it(
        self, client, deleted_draft, planner, other_coordinator, reporter_a, reader, outsider
    ):
        url = reverse("plans:deleted-plan-restore", args=[deleted_draft.history_id])
        for someone in (planner, other_coordinator, reporter_a, reader, outsider):
            client.force_login(someone)
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
            assert client.get(reverse("plans:deleted-plans")).status_code == 200
        client.logout()
        assert client.post(url).status_code == 302
        assert not Plan.objects.filter(pk=deleted_draft.id).exists()


@pytest.mark.django_db
class TestQueries:
    @pytest.mark.parametrize("goals_per_area", [2, 6])
    def test_restoring_an_area_does_not_grow_with_it(
        self, plan_builder, norr, coordinator, goals_per_area, django_assert_num_queries
    ):
        plan = plan_builder(slug="stor", owner=norr, goals_per_area=goals_per_area)
        area = plan.areas.get(order=2)
        area_id = area.pk
        delete(area, coordinator)
        record = deletion_of(Area, area_id)

        # the plan locked; whether the area exists again; the rows deleted with it (goals,
        # assessments, RCC comments, activities, parts, the activities' links to initiatives;
        # whether the goals and activities exist again); the places taken; the area's plan
        # exists; its validation (plan, id, place, title, number); per model (area, goals,
        # activities) an insert and its history; the bodies and the links to them cleared for
        # who and responsible (none to add here); the savepoints of the transaction, the insert
        # and the constraint check
        with django_assert_num_queries(32):
            row_restore_deleted(plan=plan, record=record, user=coordinator)

        assert Activity.objects.filter(goal__area_id=area_id).count() == goals_per_area

    @pytest.mark.parametrize("goals_per_area", [2, 6])
    def test_the_restore_pages_do_not_grow_with_the_rows(
        self, client, plan_builder, norr, coordinator, goals_per_area, django_assert_num_queries
    ):
        plan = plan_builder(slug="stor", owner=norr, goals_per_area=goals_per_area)
        area = plan.areas.get(order=2)
        area_id = area.pk
        earlier = plan.areas.get(order=1).history.latest("history_id")
        edit(plan.areas.get(order=1), coordinator, title="Ändrad")
        delete(area, coordinator)
        url = deleted_url(plan, "omrade", deletion_of(Area, area_id))
        client.force_login(coordinator)

        # session, user, roles, plan; the record; the plan's areas, goals and activities for
        # its name; what was deleted with it (goals, assessments, RCC comments, activities,
        # parts, the activities' links to initiatives; whether the goals and activities exist
        # again); whether it exists again
        with django_assert_num_queries(17):
            assert client.get(url).status_code == 200
        # session, user, roles, plan; the record; the row; the plan's areas, goals and
        # activities for the names; the places taken by its siblings; the row's version
        with django_assert_num_queries(11):
            assert client.get(version_url(plan, "omrade", earlier)).status_code == 200


@pytest.mark.django_db
class TestWithTheEditingServices:
    """The issue's walk, through the services the edit view and the plan pages use."""

    def test_copy_edit_add_move_delete_see_restore_approve(self, client, mellansverige):
        from datetime import date

        from plans.services import (
            plan_approve,
            plan_copy,
            row_create,
            row_delete,
            row_move,
            row_update,
        )

        user = get_user_model().objects.create_user("mv", password="pw")
        Membership.objects.create(
            user=user, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
        )
        plan = plan_copy(
            plan=Plan.objects.get(slug=MELLANSVERIGE),
            title="Handlingsplan 2026",
            slug="hp-2026",
            first_year=2026,
            last_year=2026,
            user=user,
        )
        goal = Goal.objects.get(area__plan=plan, area__order=1, order=1)
        first = goal.activities.get()
        other_goal = Goal.objects.get(area__plan=plan, area__order=1, order=2)
        second = other_goal.activities.first()
        row_update(
            plan=plan,
            row=first,
            changes={"how": first.how + " Med en ny rutin."},
            version=history_version(first),
            user=user,
        )
        added = row_create(plan=plan, row=Activity(goal=goal, what="En ny aktivitet"), user=user)
        row_move(plan=plan, row=added, direction="up", user=user)
        second_id = second.pk
        row_delete(plan=plan, row=second, user=user)
        client.force_login(user)

        history = client.get(history_url(plan)).content.decode()
        assert "Tog bort</strong> Tabell 1, rad" in history
        assert "Flyttade upp</strong>" in history and "Lade till</strong>" in history
        assert 'PNF <ins><span class="visually-hidden">tillagt: </span>Med en ny rutin.</ins>' in (
            history
        )
        client.post(deleted_url(plan, "aktivitet", deletion_of(Activity, second_id)))
        assert Activity.objects.get(pk=second_id).goal == other_goal
        plan_approve(plan=plan, approved_by="SVN", approved_on=date(2026, 1, 15), user=user)
        page = client.get(history_url(plan)).content.decode()
        assert page.index("Godkände planen") < page.index("Återställde</strong> Tabell 1, rad")
