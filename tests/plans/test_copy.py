"""Copying a plan: next year's plan from this year's, with every part of it and its own ids."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from plans.formats import parse_chapters, plan_rows
from plans.models import Activity, Plan
from plans.services import plan_add_chapters, plan_copy
from registry.models import Membership, Region
from tests.conftest import MELLANSVERIGE, NORR


def copy_url(slug):
    return reverse("plans:plan-copy", args=[slug])


def structure(plan):
    """Everything a person sees of a plan, without its ids."""
    return (
        [row[:-2] for row in plan_rows(plan)],  # not the rows' keys and versions
        list(plan.chapters.values_list("number", "heading", "text", "placement", "order")),
        list(plan.abbreviations.values_list("abbreviation", "meaning", "order")),
        sorted(
            (a.goal.number, a.order, *sorted(b.abbreviation for b in a.who_bodies.all()))
            for a in Activity.objects.filter(goal__area__plan=plan).select_related("goal")
        ),
    )


@pytest.fixture
def coordinator_mellansverige(mellansverige):
    user = get_user_model().objects.create_user("mv", password="pw")
    Membership.objects.create(
        user=user, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
    )
    return user


@pytest.mark.django_db
class TestTheService:
    def test_the_copy_equals_the_original_and_has_its_own_ids(self, coordinator_mellansverige):
        original = Plan.objects.get(slug=MELLANSVERIGE)

        copy = plan_copy(
            plan=original,
            title="Handlingsplan för RCC Mellansverige 2026",
            slug="mellansverige-handlingsplan-2026",
            first_year=2026,
            last_year=2026,
            user=coordinator_mellansverige,
        )

        assert structure(copy) == structure(original)
        assert (copy.status, copy.copied_from, copy.period) == (Plan.Status.DRAFT, original, "2026")
        original_ids = set(Activity.objects.filter(goal__area__plan=original).values_list("pk"))
        copied_ids = set(Activity.objects.filter(goal__area__plan=copy).values_list("pk"))
        assert copied_ids and not copied_ids & original_ids
        assert copy.chapters.count() == 6 and copy.areas.count() == original.areas.count()
        history = Activity.history.filter(goal__area__plan=copy)
        assert {record.history_user for record in history} == {coordinator_mellansverige}

    @pytest.mark.parametrize("goals_per_area", [2, 8])
    def test_its_queries_do_not_grow_with_the_plan(
        self, norr, plan_builder, coordinator, goals_per_area, django_assert_num_queries
    ):
        plan = plan_builder(slug="liten", owner=norr, goals_per_area=goals_per_area)
        plan_add_chapters(plan=plan, chapters=parse_chapters("# Ett\n\nText"))

        # the new plan's validation (its foreign keys, its slug's uniqueness, its check
        # constraints), insert and history; per level (chapters, abbreviations, areas, goals,
        # parts, activities) a read, an insert and its history; the activities' links to
        # bodies, read and written for who and responsible; the transaction's savepoints
        with django_assert_num_queries(35):
            plan_copy(
                plan=plan,
                title="Kopia",
                slug="kopia",
                first_year=2026,
                last_year=2026,
                user=coordinator,
            )


@pytest.mark.django_db
class TestTheView:
    def test_the_form_suggests_the_next_period(self, client, coordinator_mellansverige):
        client.force_login(coordinator_mellansverige)

        response = client.get(copy_url(MELLANSVERIGE))

        content = response.content.decode()
        assert response.status_code == 200
        assert 'value="Handlingsplan för RCC Mellansverige 2026"' in content
        assert 'value="mellansverige-handlingsplan-2026"' in content
        assert 'value="2026"' in content

    def test_a_copy_is_made_and_shown_as_a_draft(self, client, coordinator_mellansverige):
        client.force_login(coordinator_mellansverige)

        response = client.post(
            copy_url(MELLANSVERIGE),
            {"title": "Handlingsplan 2026", "slug": "hp-2026", "period": "2026"},
            follow=True,
        )

        content = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("plans:plan-detail", args=["hp-2026"])
        assert "Handlingsplan 2026 är skapad som utkast" in content
        assert "Kopierad från" in content and "Utkast" in content

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"title": "", "slug": "ny", "period": "2026"}, "Detta fält måste fyllas i."),
            (
                {"title": "T", "slug": MELLANSVERIGE, "period": "2026"},
                "Det finns redan en plan med kortnamnet",
            ),
            ({"title": "T", "slug": "ny", "period": "2027-2026"}, "ska skrivas som 2022-2024"),
            ({"title": "x" * 301, "slug": "ny", "period": "2026"}, "som mest 300 tecken"),
        ],
    )
    def test_bad_input_is_told_and_kept(self, client, coordinator_mellansverige, data, message):
        client.force_login(coordinator_mellansverige)
        before = Plan.objects.count()

        response = client.post(copy_url(MELLANSVERIGE), data)

        content = response.content.decode()
        assert response.status_code == 400
        assert message in content
        assert f'value="{data["title"]}"' in content or not data["title"]
        assert Plan.objects.count() == before

    def test_only_the_plans_owners_may_copy_it(
        self, client, coordinator, reporter_a, reader, outsider, coordinator_mellansverige
    ):
        planner = get_user_model().objects.create_user("planerare", password="pw")
        Membership.objects.create(
            user=planner, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
        )
        data = {"title": "Förfalskad", "slug": "forfalskad", "period": "2026"}
        for user in (coordinator, reporter_a, reader, outsider, planner):
            client.force_login(user)
            assert client.get(copy_url(MELLANSVERIGE)).status_code == 403
            assert client.post(copy_url(MELLANSVERIGE), data).status_code == 403
        client.force_login(coordinator_mellansverige)
        assert client.get(copy_url(NORR)).status_code == 403
        assert client.get(copy_url("finns-inte")).status_code == 404
        assert not Plan.objects.filter(slug="forfalskad").exists()

    def test_the_plan_page_offers_copying_to_its_owners_only(
        self, client, coordinator, coordinator_mellansverige
    ):
        url = reverse("plans:plan-detail", args=[MELLANSVERIGE])
        client.force_login(coordinator_mellansverige)
        assert copy_url(MELLANSVERIGE) in client.get(url).content.decode()
        client.force_login(coordinator)
        assert copy_url(MELLANSVERIGE) not in client.get(url).content.decode()
