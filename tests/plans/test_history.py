"""A plan's history page: every change to the plan and its rows, named, with its diffs,
filtered; and what the plan page says of changes since approval."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from documents.history import change_batch
from plans.history import plan_changes, word_diff
from plans.models import Activity, Area, Goal, Plan
from plans.services import plan_approve
from registry.models import Membership, Region
from tests.conftest import MELLANSVERIGE

Status = Plan.Status


def history_url(plan, **params):
    url = reverse("plans:plan-history", args=[plan.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def edit(row, user, **fields):
    """A change made by a person, as the edit view makes it: one batch."""
    with change_batch(user):
        for name, value in fields.items():
            setattr(row, name, value)
        row._history_user = user
        row.save()


def delete(row, user):
    with change_batch(user):
        row._history_user = user
        row.delete()


def user(username, **names):
    return get_user_model().objects.create_user(username, password="pw", **names)


@pytest.fixture
def plan(norr, plan_builder):
    return plan_builder(slug="historia", owner=norr, goals_per_area=2, activities_per_goal=2)


@pytest.fixture
def anna(norr):
    """A second coordinator of RCC Norr, with a full name."""
    anna = user("anna", first_name="Anna", last_name="Andersson")
    Membership.objects.create(user=anna, role=Membership.Role.COORDINATOR, healthcare_region=norr)
    return anna


@pytest.fixture
def planner(registry):
    """A planner of a Norr region: changes that region's local plans, not the RCC's plans."""
    planner = user("planerare")
    Membership.objects.create(
        user=planner, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
    )
    return planner


def content_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def changes_of(client, url):
    """The list of changes, without the filter form (whose choices name areas and people)."""
    return content_of(client, url).split('class="history-changes"')[1]


@pytest.mark.django_db
class TestRights:
    def test_only_the_plans_owners_see_its_history(
        self, client, plan, coordinator, planner, other_coordinator, reporter_a, reader, outsider
    ):
        client.force_login(coordinator)
        assert client.get(history_url(plan)).status_code == 200
        for someone in (planner, other_coordinator, reporter_a, reader, outsider):
            client.force_login(someone)
            assert client.get(history_url(plan)).status_code == 403

    def test_a_drafts_history_is_not_found_by_others(
        self, client, norr, plan_builder, other_coordinator
    ):
        draft = plan_builder(slug="utkast", owner=norr, status=Status.DRAFT)
        client.force_login(other_coordinator)

        assert client.get(history_url(draft)).status_code == 404

    def test_anonymous_people_are_sent_to_log_in(self, client, plan):
        response = client.get(history_url(plan))

        assert response.status_code == 302 and reverse("login") in response.url

    def test_a_local_plans_history_is_its_planners(self, client, plan_builder, planner):
        local = plan_builder(slug="lokal", owner=Region.objects.get(code="RJH").healthcare_region)
        local.owner_healthcare_region, local.owner_region = None, Region.objects.get(code="RJH")
        local.kind = Plan.Kind.LOCAL_PLAN
        local.save()
        client.force_login(planner)

        assert client.get(history_url(local)).status_code == 200


@pytest.mark.django_db
class TestTheList:
    def test_it_lists_every_change_newest_first_with_who_and_when(self, client, plan, anna):
        area = plan.areas.get(order=2)
        edit(area, anna, title="Patienter och närstående")
        goal = Goal.objects.get(area=area, order=1)
        edit(goal, anna, text="Ett nytt mål")
        client.force_login(anna)

        content = content_of(client, history_url(plan))

        newest = content.index("Ändrade</strong> Mål 2.1")
        assert newest < content.index("Ändrade</strong> Tabell 2")
        assert "Anna Andersson" in content
        today = timezone.localdate()
        assert f"{today.day} " in content and str(today.year) in content
        assert "okänd" in content  # the rows made without a person

    def test_it_names_rows_as_the_plan_numbers_them(self, client, plan, coordinator):
        activity = Activity.objects.get(
            goal__area__plan=plan, goal__area__order=2, goal__order=2, order=1
        )
        edit(activity, coordinator, how="Med nya rutiner")
        part_goal = Goal.objects.get(area__plan=plan, area__order=1, order=2)
        with change_batch(coordinator):
            part_goal.parts.create(name="Ledtider", order=1)
        chapter = plan.chapters.create(heading="Förutsättningar", number="1", order=1)
        edit(chapter, coordinator, text="Text")
        abbreviation = plan.abbreviations.create(
            abbreviation="LPO", meaning="Programområde", order=1
        )
        edit(plan, coordinator, title="Ny titel")
        client.force_login(coordinator)

        content = content_of(client, history_url(plan))

        # the activity is the third row of table 2: after the two of goal 2.1
        assert "Ändrade</strong> Tabell 2, rad 3" in content
        assert "Lade till</strong> Måldel «Ledtider» i mål 1.2" in content
        assert "Ändrade</strong> Kapitel 1 Förutsättningar" in content
        assert f"Lade till</strong> Förkortningen {abbreviation.abbreviation}" in content
        assert "Ändrade</strong> Planens uppgifter" in content

    def test_a_plan_that_is_not_an_action_plan_names_its_areas_område(
        self, client, norr, plan_builder, coordinator
    ):
        cancer_plan = plan_builder(slug="cancerplan", owner=norr, kind=Plan.Kind.CANCER_PLAN)
        edit(cancer_plan.areas.get(order=1), coordinator, title="Prevention")
        client.force_login(coordinator)

        assert "Ändrade</strong> Område 1" in content_of(client, history_url(cancer_plan))

    def test_what_was_deleted_together_is_one_change_named_by_what_it_was(
        self, client, plan, coordinator
    ):
        delete(plan.areas.get(order=2), coordinator)
        client.force_login(coordinator)

        content = content_of(client, history_url(plan))

        assert "Tog bort</strong> Tabell 2 med 2 mål och 4 aktiviteter" in content
        assert content.count("Tog bort</strong>") == 1
        assert content.index("Tog bort</strong>") < content.index("Lade till</strong>")

    def test_deleted_rows_keep_their_names(self, client, plan, coordinator):
        activity = Activity.objects.get(
            goal__area__plan=plan, goal__area__order=1, goal__order=2, order=2
        )
        edit(activity, coordinator, who="LPO")
        delete(activity, coordinator)
        client.force_login(coordinator)

        content = content_of(client, history_url(plan))

        assert "Tog bort</strong> Tabell 1, rad 4" in content
        assert "Ändrade</strong> Tabell 1, rad 4" in content

    def test_it_shows_each_changed_field_before_and_after(self, client, plan, coordinator):
        activity = Activity.objects.filter(goal__area__plan=plan).first()
        edit(activity, coordinator, who="LPO", timeframe="2026", first_year=2026, last_year=2026)
        client.force_login(coordinator)

        content = content_of(client, history_url(plan))

        assert "<dt>Vem?</dt>" in content and "<dt>Tidsram</dt>" in content
        assert '<span class="visually-hidden">före: </span>VPK</del>' in content
        assert '<span class="visually-hidden">efter: </span>LPO</ins>' in content
        assert "Från år" not in content  # derived from the timeframe, which is shown

    def test_long_texts_get_a_word_diff_that_escapes_what_was_typed(
        self, client, plan, coordinator
    ):
        goal = Goal.objects.filter(area__plan=plan).first()
        old = "Alla patienter ska erbjudas en kontaktsjuksköterska och en individuell vårdplan."
        edit(goal, coordinator, text=old + " Målet följs upp varje år.")
        edit(goal, coordinator, text=old + " Målet följs upp <script>varannan</script> år.")
        client.force_login(coordinator)

        content = content_of(client, history_url(plan))

        assert (
            '<del><span class="visually-hidden">borttaget: </span>varje</del>'
            '<ins><span class="visually-hidden">tillagt: </span>'
            "&lt;script&gt;varannan&lt;/script&gt;</ins>"
        ) in content
        assert "<script>varannan" not in content

    def test_word_diff_marks_what_went_out_and_came_in(self):
        assert str(word_diff("en två tre", "en fyra tre")) == (
            'en <del><span class="visually-hidden">borttaget: </span>två</del>'
            '<ins><span class="visually-hidden">tillagt: </span>fyra</ins> tre'
        )

    def test_a_move_is_told_in_words_not_as_an_order_field(self, client, plan, coordinator):
        first, second = Activity.objects.filter(
            goal__area__plan=plan, goal__area__order=1, goal__order=1
        ).order_by("order")
        with change_batch(coordinator):  # as row_move swaps two rows
            Activity.objects.filter(pk=first.pk).update(order=99)
            second.order, first.order = 1, 2
            for row in (second, first):
                row._history_user = coordinator
                row.save()
        client.force_login(coordinator)

        content = content_of(client, history_url(plan))

        assert "Flyttade upp</strong> Tabell 1, rad 1" in content
        assert "(plats 2 → 1)" in content
        assert "Flyttade ned</strong> Tabell 1, rad 2" in content
        assert "<dt>Ordning</dt>" not in content

    def test_an_approval_is_told_as_such(self, client, norr, plan_builder, coordinator):
        draft = plan_builder(slug="godkanns", owner=norr, status=Status.DRAFT)
        plan_approve(plan=draft, approved_by="SVN", approved_on=date(2026, 1, 15), user=coordinator)
        client.force_login(coordinator)

        content = content_of(client, history_url(draft))

        assert "<strong>Godkände planen</strong>" in content
        assert "Utkast</del>" in content and "Godkänd</ins>" in content

    def test_it_is_paginated_with_a_count(self, client, plan, coordinator):
        activity = Activity.objects.filter(goal__area__plan=plan).first()
        for n in range(55):
            edit(activity, coordinator, how=f"Version {n}")
        changes = 1 + 2 * 3 + 8 + 55  # the plan, its areas and goals, activities, the edits
        client.force_login(coordinator)

        first = content_of(client, history_url(plan))
        second = content_of(client, history_url(plan, sida=2))

        assert f"{changes} ändringar" in first
        assert "Sida 1 av 2" in first and "Version 54" in first and "Version 1<" not in first
        assert "Sida 2 av 2" in second and "Version 3<" in second
        assert content_of(client, history_url(plan, sida="x")).count("history-change__heading")


@pytest.mark.django_db
class TestFilters:
    def test_by_area_it_shows_the_areas_changes_and_those_under_it(self, client, plan, coordinator):
        one, two = plan.areas.order_by("order")
        edit(one, coordinator, title="Ett")
        edit(two, coordinator, title="Två")
        edit(Activity.objects.filter(goal__area=two).first(), coordinator, how="Hur två")
        edit(plan, coordinator, title="Planen")
        client.force_login(coordinator)

        content = content_of(client, history_url(plan, omrade=two.pk))

        assert (
            "Ändrade</strong> Tabell 2<" in content and "Ändrade</strong> Tabell 2, rad" in content
        )
        assert "Tabell 1" not in content.split('class="history-changes"')[1]
        assert "Planens uppgifter" not in content

    def test_by_area_a_deleted_area_can_be_chosen(self, client, plan, coordinator):
        area = plan.areas.get(order=2)
        area_id = area.pk
        delete(area, coordinator)
        client.force_login(coordinator)

        content = content_of(client, history_url(plan, omrade=area_id))

        assert "2. Område 2 (borttaget)" in content
        assert "Tog bort</strong> Tabell 2 med 2 mål" in content

    def test_by_person_and_the_people_are_those_in_the_history(
        self, client, plan, coordinator, anna, outsider
    ):
        edit(plan.areas.get(order=1), coordinator, title="Alice ändrade")
        edit(plan.areas.get(order=2), anna, title="Anna ändrade")
        client.force_login(coordinator)

        content = content_of(client, history_url(plan, person=anna.pk))

        changes = content.split('class="history-changes"')[1]
        assert "Anna ändrade" in changes and "Alice ändrade" not in changes
        assert f'<option value="{coordinator.pk}">alice</option>' in content
        assert f'value="{outsider.pk}"' not in content

    def test_by_dates(self, client, plan, coordinator):
        area = plan.areas.get(order=1)
        edit(area, coordinator, title="I dag")
        today = timezone.localdate()
        client.force_login(coordinator)

        tomorrow = changes_of(client, history_url(plan, fran=today + timedelta(days=1)))
        up_to_today = changes_of(client, history_url(plan, fran=today, till=today))

        assert "I dag" not in tomorrow and "Inga ändringar matchar filtret." in tomorrow
        assert "I dag" in up_to_today

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"fran": "1/12 2026"}, "Skriv ett datum som ÅÅÅÅ-MM-DD"),
            ({"fran": "2026-02-01", "till": "2026-01-01"}, "Till-datumet kan inte vara före"),
            ({"omrade": "999999999"}, "Välj ett av planens områden."),
            ({"person": "x"}, "Välj en av dem som har ändrat planen."),
            ({"sedan": "igår"}, "Tidpunkten i adressen gick inte att läsa."),
            ({"sedan": "0001-01-01T00:00:00"}, "Tidpunkten i adressen ligger inte mellan"),
            ({"sedan": "9999-12-31"}, "Tidpunkten i adressen ligger inte mellan"),
            ({"fran": "0001-01-01"}, "Skriv ett datum mellan år 2000 och 2100."),
            ({"till": "2101-01-01"}, "Skriv ett datum mellan år 2000 och 2100."),
        ],
    )
    def test_bad_filters_are_told_in_swedish(self, client, plan, coordinator, params, message):
        client.force_login(coordinator)

        response = client.get(history_url(plan, **params))

        assert response.status_code == 400
        assert message in response.content.decode()

    @pytest.mark.parametrize(
        "params",
        [
            {"omrade": "9" * 30},
            {"person": "-1"},
            {"omrade": "1e5"},
            {"fran": "\x00"},
            {"sedan": "2026-01-01T00:00:00+99:00"},
            {"sedan": "2026-13-01"},
            {"sida": "9" * 30},
            {"sida": "x"},
        ],
    )
    def test_garbage_and_huge_values_are_told_or_ignored(self, client, plan, coordinator, params):
        client.force_login(coordinator)

        response = client.get(history_url(plan, **params))

        assert response.status_code in (200, 400)

    def test_another_plans_area_is_no_choice(self, client, plan, coordinator):
        other = Area.objects.filter(plan__slug=MELLANSVERIGE).first()
        client.force_login(coordinator)

        response = client.get(history_url(plan, omrade=other.pk))

        assert response.status_code == 400
        assert other.title not in response.content.decode()


@pytest.mark.django_db
class TestSinceApproval:
    def test_the_plan_page_counts_the_changes_since_approval_and_links_to_them(
        self, client, norr, plan_builder, coordinator, reader
    ):
        plan = plan_builder(slug="godkand", owner=norr, status=Status.DRAFT)
        edit(plan.areas.get(order=1), coordinator, title="Före godkännandet")
        plan_approve(plan=plan, approved_by="SVN", approved_on=date(2026, 1, 15), user=coordinator)
        edit(plan.areas.get(order=1), coordinator, title="Efter")
        delete(plan.areas.get(order=2), coordinator)  # one change, though many rows
        client.force_login(coordinator)

        content = content_of(client, plan.get_absolute_url())

        assert "Ändrat sedan godkännandet:" in content and "2 ändringar</a>" in content
        link = content.split("Ändrat sedan godkännandet:")[1].split('href="')[1].split('"')[0]
        history = content_of(client, link.replace("&amp;", "&"))
        assert "2 ändringar" in history
        assert "Tog bort</strong> Tabell 2" in history and "Efter</ins>" in history
        assert "Före godkännandet</ins>" not in history and "Godkände planen" not in history
        client.force_login(reader)
        assert "Ändrat sedan godkännandet" not in content_of(client, plan.get_absolute_url())

    def test_nothing_is_said_without_changes_since_or_for_a_draft(
        self, client, norr, plan_builder, coordinator
    ):
        plan = plan_builder(slug="orord", owner=norr, status=Status.DRAFT)
        client.force_login(coordinator)
        assert "Ändrat sedan godkännandet" not in content_of(client, plan.get_absolute_url())
        plan_approve(plan=plan, approved_by="SVN", approved_on=date(2026, 1, 15), user=coordinator)

        assert "Ändrat sedan godkännandet" not in content_of(client, plan.get_absolute_url())

    def test_the_plan_header_links_to_the_history(self, client, plan, coordinator):
        client.force_login(coordinator)

        assert f'href="{history_url(plan)}"' in content_of(client, plan.get_absolute_url())


@pytest.mark.django_db
class TestQueries:
    @pytest.mark.parametrize("goals_per_area", [2, 6])
    def test_the_history_page_does_not_grow_with_the_plan(
        self, client, norr, plan_builder, coordinator, goals_per_area, django_assert_num_queries
    ):
        plan = plan_builder(slug="stor", owner=norr, goals_per_area=goals_per_area)
        first = Activity.objects.filter(goal__area__plan=plan).first()
        edit(first, coordinator, how="Ändrad")
        delete(plan.areas.get(order=2), coordinator)
        delete(Activity.objects.filter(goal__area__plan=plan).last(), coordinator)
        client.force_login(coordinator)

        # session, user, the user's roles, plan; the filter's areas and people; the count and
        # the page's changes; per model (7) the page's records; the records before the
        # changed ones (here only activities); the plan's areas, goals and activities for the
        # names (deleted rows are named from their deletion records); the owner's name in the
        # plan's first record
        with django_assert_num_queries(20):
            response = client.get(history_url(plan))

        assert "Tog bort</strong> Tabell 2 med" in response.content.decode()

    @pytest.mark.parametrize("goals_per_area", [2, 6])
    def test_the_plan_page_tells_owners_in_two_queries_more(
        self, client, norr, plan_builder, coordinator, goals_per_area, django_assert_num_queries
    ):
        plan = plan_builder(
            slug="stor", owner=norr, goals_per_area=goals_per_area, status=Status.DRAFT
        )
        plan_approve(plan=plan, approved_by="SVN", approved_on=date(2026, 1, 15), user=coordinator)
        edit(plan.areas.get(order=1), coordinator, title="Efter")
        client.force_login(coordinator)

        # session, user, plan, areas, goals, goal parts, activities, chapters, the plan's
        # follow-up rounds, the user's roles; when it was approved and the changes since; the
        # activities' initiatives (agreements' plan_links)
        with django_assert_num_queries(13):
            response = client.get(plan.get_absolute_url())

        assert "1 ändring</a>" in response.content.decode()

    def test_the_selector_reads_a_large_change_in_as_few_queries(
        self, norr, plan_builder, coordinator, django_assert_max_num_queries
    ):
        plan = plan_builder(slug="stor", owner=norr, areas=4, goals_per_area=10)
        delete(plan.areas.get(order=3), coordinator)

        with django_assert_max_num_queries(16):
            page = plan_changes(plan)

        assert page.changes[0].entries[0].with_rows == "med 10 mål och 10 aktiviteter"
