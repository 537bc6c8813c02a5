"""Linking a plan's rows to initiatives: the page, its rights, the service, and what the plan
page shows of the links."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agreements.links import activity_links_set, agreement_for_plan, agreements_for_plan
from agreements.models import ActivityLink, Agreement, Initiative
from plans.models import Activity, Plan
from registry.models import HealthcareRegion, Membership, Region
from tests.agreements.conftest import build_agreement
from tests.conftest import build_plan


def plan_of(year: int, *, slug: str = "plan-2040", last_year: int | None = None, **sizes) -> Plan:
    """A Norr action plan for the year (build_plan makes 2025's), its first row starred."""
    plan = build_plan(slug=slug, owner=HealthcareRegion.objects.get(code="norr"), **sizes)
    Plan.objects.filter(pk=plan.pk).update(first_year=year, last_year=last_year or year)
    plan.refresh_from_db()
    first = Activity.objects.filter(goal__area__plan=plan).order_by("goal__area__order").first()
    Activity.objects.filter(pk=first.pk).update(from_agreement=True)
    return plan


def activities(plan: Plan) -> list[Activity]:
    return list(
        Activity.objects.filter(goal__area__plan=plan).order_by(
            "goal__area__order", "goal__order", "order"
        )
    )


def refs(activity: Activity) -> list[str]:
    return sorted(
        ActivityLink.objects.filter(activity=activity).values_list("initiative__ref", flat=True)
    )


def ref(agreement: Agreement, value: str) -> Initiative:
    return Initiative.objects.get(agreement=agreement, ref=value)


def url(activity: Activity) -> str:
    return reverse("agreements:activity-links", args=[activity.pk])


@pytest.fixture
def agreement(db) -> Agreement:
    return build_agreement(year=2040)


@pytest.fixture
def plan(agreement) -> Plan:
    return plan_of(2040)


@pytest.fixture
def planner(registry):
    """A planner of Region Jämtland Härjedalen (in Norr): writes local plans, links nothing."""
    user = get_user_model().objects.create_user("pia", password="pw")
    Membership.objects.create(
        user=user, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
    )
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="pw")


@pytest.mark.django_db
class TestThePage:
    def test_it_shows_the_activity_and_the_agreements_initiatives_nested(
        self, client, coordinator, plan
    ):
        activity = activities(plan)[0]
        client.force_login(coordinator)

        response = client.get(url(activity))

        assert response.status_code == 200
        content = response.content.decode()
        assert plan.title in content and activity.what in content and "Mål 1.1" in content
        assert "Överenskommelsen 2040" in content or "överenskommelsen 2040" in content
        for label in ("1.1</span> Insats 1.1", "1.1.1</span> Delinsats 1.1.1", "2.2</span>"):
            assert label in content
        # the sub-initiative's checkbox sits in a list inside its parent's item
        parent_item = content.index("Insats 1.1</span>")
        assert content.index("Delinsats 1.1.1") > parent_item
        assert content.count('type="checkbox" name="initiatives"') == 8

    def test_saving_links_exactly_the_ticked_initiatives(
        self, client, coordinator, plan, agreement
    ):
        activity = activities(plan)[0]
        client.force_login(coordinator)

        response = client.post(
            url(activity),
            {"ar": "2040", "initiatives": [ref(agreement, "1.1").pk, ref(agreement, "2.1.1").pk]},
        )

        assert response.status_code == 302
        assert response["Location"].endswith(f"#mal-{activity.goal_id}")
        assert refs(activity) == ["1.1", "2.1.1"]
        record = ActivityLink.history.filter(activity_id=activity.pk).latest("history_id")
        assert record.history_user == coordinator and record.history_type == "+"

        client.post(url(activity), {"ar": "2040", "initiatives": [ref(agreement, "2.1.1").pk]})

        assert refs(activity) == ["2.1.1"]
        kinds = ActivityLink.history.filter(activity_id=activity.pk).values_list(
            "initiative__ref", "history_type"
        )
        # the kept link got no new record; the removed one its deletion
        assert sorted(kinds) == [("1.1", "+"), ("1.1", "-"), ("2.1.1", "+")]

    def test_saving_from_the_edit_page_goes_back_there(self, client, coordinator, plan):
        activity = activities(plan)[0]
        client.force_login(coordinator)

        assert (
            "fran=redigera"
            in client.get(reverse("plans:plan-edit", args=[plan.slug])).content.decode()
        )
        response = client.post(url(activity), {"ar": "2040", "fran": "redigera"})

        assert response["Location"] == (
            reverse("plans:plan-edit", args=[plan.slug]) + f"#aktivitet-{activity.pk}"
        )

    def test_an_initiative_of_another_agreement_is_refused_and_nothing_written(
        self, client, coordinator, plan, agreement
    ):
        activity = activities(plan)[0]
        other = build_agreement(year=2041)
        client.force_login(coordinator)

        response = client.post(
            url(activity),
            {"ar": "2040", "initiatives": [ref(agreement, "1.2").pk, ref(other, "1.1").pk]},
        )

        assert response.status_code == 400
        content = response.content.decode()
        assert "Kopplingarna är inte sparade" in content
        assert "Välj bland insatserna i överenskommelsen 2040" in content
        assert f'value="{ref(agreement, "1.2").pk}" checked' in content  # kept as ticked
        assert refs(activity) == []
        for forged in (["x"], ["999999"]):
            response = client.post(url(activity), {"ar": "2040", "initiatives": forged})
            assert response.status_code == 400
        assert not ActivityLink.history.filter(activity_id=activity.pk).exists()

    @pytest.mark.parametrize(
        "who", ["reporter_a", "reader", "planner", "other_coordinator", "outsider"]
    )
    def test_others_find_no_page_and_write_nothing(self, client, plan, agreement, who, request):
        activity = activities(plan)[0]
        client.force_login(request.getfixturevalue(who))

        assert client.get(url(activity)).status_code == 404
        response = client.post(
            url(activity), {"ar": "2040", "initiatives": [ref(agreement, "1.1").pk]}
        )

        assert response.status_code == 404
        assert refs(activity) == []

    def test_a_superuser_links_and_a_visitor_is_sent_to_log_in(
        self, client, superuser, plan, agreement
    ):
        activity = activities(plan)[0]
        assert client.get(url(activity)).status_code == 302
        client.force_login(superuser)
        client.post(url(activity), {"ar": "2040", "initiatives": [ref(agreement, "1.1").pk]})
        assert refs(activity) == ["1.1"]

    def test_a_forged_activity_is_not_found(self, client, coordinator, plan):
        client.force_login(coordinator)
        assert client.get(reverse("agreements:activity-links", args=[999_999])).status_code == 404
        assert client.post(reverse("agreements:activity-links", args=[999_999])).status_code == 404

    def test_another_rccs_row_is_not_found_even_for_its_reader(
        self, client, coordinator, agreement
    ):
        mellansverige = Plan.objects.get(slug="mellansverige-handlingsplan-2025")
        activity = Activity.objects.filter(goal__area__plan=mellansverige).first()
        client.force_login(coordinator)  # Norr's
        assert client.get(url(activity)).status_code == 404

    def test_a_plan_of_several_years_switches_between_their_agreements(
        self, client, coordinator, agreement
    ):
        later = build_agreement(year=2041)
        plan = plan_of(2040, slug="tva-ar", last_year=2041)
        activity = activities(plan)[0]
        activity_links_set(activity=activity, initiatives=[ref(later, "2.2")], user=None)
        client.force_login(coordinator)

        first = client.get(url(activity)).content.decode()
        assert "överenskommelsen 2041" in first and '<a href="?ar=2040">2040</a>' in first
        assert client.get(url(activity) + "?ar=2039").status_code == 404
        page = client.get(url(activity) + "?ar=2040").content.decode()
        assert "2041: 2.2 Insats 2.2" in page  # the other year's link, named, left alone

        client.post(url(activity), {"ar": "2040", "initiatives": [ref(agreement, "1.1").pk]})

        assert refs(activity) == ["1.1", "2.2"]

    def test_without_an_agreement_for_the_period_it_says_so(self, client, coordinator, registry):
        Agreement.objects.all().delete()
        plan = plan_of(2040)
        client.force_login(coordinator)

        response = client.get(url(activities(plan)[0]))

        assert response.status_code == 200
        assert (
            "Det finns ingen överenskommelse för planens period (2040)" in response.content.decode()
        )

    @pytest.mark.parametrize("per_area", [1, 5])
    def test_its_queries_do_not_grow_with_the_agreement(
        self, client, coordinator, registry, per_area, django_assert_num_queries
    ):
        agreement = build_agreement(year=2040, initiatives_per_area=per_area, children=2)
        activity = activities(plan_of(2040))[0]
        link_ = Initiative.objects.filter(agreement=agreement).first()
        activity_links_set(activity=activity, initiatives=[link_], user=None)
        client.force_login(coordinator)

        # session, user, the activity with its plan, roles; the agreements of the plan's
        # period; the activity's links; the initiatives, the areas
        with django_assert_num_queries(8):
            response = client.get(url(activity))

        assert response.content.decode().count('name="initiatives"') == 2 * per_area * 3


@pytest.mark.django_db
class TestTheService:
    def test_it_changes_only_what_changed_in_one_batch(self, plan, agreement, coordinator):
        activity = activities(plan)[0]
        one, two, three = (ref(agreement, r) for r in ("1.1", "1.2", "2.1"))

        assert activity_links_set(activity=activity, initiatives=[one, two], user=coordinator) == (
            2,
            0,
        )
        assert activity_links_set(
            activity=activity, initiatives=[two, three], user=coordinator
        ) == (1, 1)
        assert activity_links_set(
            activity=activity, initiatives=[two, three], user=coordinator
        ) == (0, 0)

        assert refs(activity) == ["1.2", "2.1"]
        last = ActivityLink.history.filter(activity_id=activity.pk).order_by("-history_id")[:2]
        assert len({record.history_date for record in last}) == 1  # one change of the history
        assert {record.history_user for record in last} == {coordinator}

    def test_with_an_agreement_it_keeps_other_years_links(self, plan, agreement):
        later = build_agreement(year=2041)
        activity = activities(plan)[0]
        activity_links_set(activity=activity, initiatives=[ref(later, "1.1")], user=None)

        activity_links_set(activity=activity, initiatives=[], user=None, agreement=agreement)

        assert refs(activity) == ["1.1"]
        activity_links_set(activity=activity, initiatives=[], user=None)
        assert refs(activity) == []

    def test_the_plans_agreement_is_its_periods_latest_or_the_latest_before(self, agreement):
        later = build_agreement(year=2042)
        assert agreement_for_plan(plan_of(2040, slug="a", last_year=2043)) == later
        assert agreements_for_plan(plan_of(2040, slug="b", last_year=2043)) == [later, agreement]
        assert agreement_for_plan(plan_of(2041, slug="c")) == agreement  # none signed for 2041
        assert agreements_for_plan(plan_of(2041, slug="d")) == [agreement]


@pytest.mark.django_db
class TestThePlanPage:
    def test_it_shows_the_links_and_flags_a_starred_row_without_one(
        self, client, coordinator, reader, plan, agreement
    ):
        rows = activities(plan)
        Activity.objects.filter(pk=rows[1].pk).update(from_agreement=True)
        activity_links_set(activity=rows[1], initiatives=[ref(agreement, "2.1")], user=None)
        activity_links_set(activity=rows[2], initiatives=[ref(agreement, "1.1.1")], user=None)
        client.force_login(coordinator)

        content = client.get(plan.get_absolute_url()).content.decode()

        initiative_url = reverse("agreements:initiative-detail", args=[2040, "2.1"])
        assert f'<a href="{initiative_url}">Insats 2.1: Insats 2.1</a>' in content
        assert "Insats 1.1.1: Delinsats 1.1.1" in content
        assert content.count("Stjärnmarkerad men inte kopplad till någon insats") == 2  # +hint
        assert "1 stjärnmarkerad rad saknar koppling" in content
        assert content.count(">Koppla till insats<") == len(rows)
        assert url(rows[0]) in content

        client.force_login(reader)
        content = client.get(plan.get_absolute_url()).content.decode()
        assert "Insats 2.1: Insats 2.1" in content
        assert content.count("Stjärnmarkerad men inte kopplad till någon insats") == 1
        assert "saknar koppling" not in content and "Koppla till insats" not in content

    def test_a_plan_without_unlinked_starred_rows_has_no_summary(
        self, client, coordinator, plan, agreement
    ):
        starred = activities(plan)[0]
        activity_links_set(activity=starred, initiatives=[ref(agreement, "1.1")], user=None)
        client.force_login(coordinator)

        content = client.get(plan.get_absolute_url()).content.decode()

        assert "saknar koppling" not in content and "Stjärnmarkerad men" not in content

    @pytest.mark.parametrize("goals_per_area", [1, 6])
    def test_its_queries_do_not_grow_with_the_links(
        self, client, coordinator, agreement, goals_per_area, django_assert_num_queries
    ):
        plan = plan_of(2040, slug=f"stor-{goals_per_area}", goals_per_area=goals_per_area)
        Activity.objects.filter(goal__area__plan=plan).update(from_agreement=True)
        initiatives = list(Initiative.objects.filter(agreement=agreement))
        for n, activity in enumerate(activities(plan)):
            if n % 3:  # every third row starred and unlinked, the others with two links
                activity_links_set(
                    activity=activity, initiatives=initiatives[n % 4 : n % 4 + 2], user=None
                )
        client.force_login(coordinator)

        # session, user, roles, plan; areas, goals, goal parts, activities, chapters; the
        # follow-up rounds; the changes since approval; the activities' initiatives
        with django_assert_num_queries(12):
            response = client.get(plan.get_absolute_url())

        assert response.content.decode().count("Stjärnmarkerad men inte kopplad") == 1 + len(
            [n for n in range(2 * goals_per_area) if not n % 3]
        )
