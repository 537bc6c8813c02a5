"""Editing a plan in place: every row changed, added, moved and deleted on its own, by the
plan's owners only, with two people never overwriting each other."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.concurrency import history_version
from followup.models import FollowUpRound
from plans.models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan
from registry.models import Body, Membership, Region

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(norr, plan_builder):
    return plan_builder(slug="norr-2025", owner=norr, activities_per_goal=2)


def first(model, plan):
    scope = {Activity: "goal__area__plan", Goal: "area__plan"}.get(model, "plan")
    return model.objects.filter(**{scope: plan}).order_by("pk").first()


def edit_url(plan, kind, row):
    return reverse("plans:row-edit", args=[plan.slug, kind, row.pk])


def activity_data(activity, **changes):
    data = {
        "version": history_version(activity),
        "goal": activity.goal_id,
        "what": activity.what,
        "how": activity.how,
        "who": activity.who,
        "when": activity.when,
        "follow_up": activity.follow_up,
        "responsible": activity.responsible,
        "timeframe": activity.timeframe,
    }
    if activity.from_agreement:
        data["from_agreement"] = "on"
    return {**data, **changes}


def table(plan) -> list:
    """The plan's rows as (area, goal, activity) texts in order: what a change must keep."""
    return list(
        Activity.objects.filter(goal__area__plan=plan)
        .order_by("goal__area__order", "goal__order", "order")
        .values_list("goal__area__title", "goal__text", "what", "how")
    )


@pytest.mark.django_db
class TestRights:
    """Only the plan's owners reach the edit view and its rows; ids of another plan are 404."""

    def urls(self, plan):
        activity, goal = first(Activity, plan), first(Goal, plan)
        slug = plan.slug
        return [
            ("get", reverse("plans:plan-edit", args=[slug])),
            ("get", reverse("plans:row-detail", args=[slug, "aktivitet", activity.pk])),
            ("get", edit_url(plan, "aktivitet", activity)),
            ("post", edit_url(plan, "aktivitet", activity)),
            ("get", reverse("plans:row-add", args=[slug, "aktivitet"]) + f"?under={goal.pk}"),
            ("post", reverse("plans:row-add", args=[slug, "omrade"])),
            ("post", reverse("plans:row-move", args=[slug, "mal", goal.pk])),
            ("get", reverse("plans:row-delete", args=[slug, "mal", goal.pk])),
            ("post", reverse("plans:row-delete", args=[slug, "mal", goal.pk])),
        ]

    def test_the_owner_reaches_every_view(self, client, plan, coordinator):
        client.force_login(coordinator)
        for method, url in self.urls(plan):
            if method == "get":
                assert client.get(url, **HTMX).status_code == 200, url

    @pytest.mark.parametrize("who", ["other_coordinator", "reporter_a", "reader", "outsider"])
    def test_nobody_else_changes_anything(self, client, plan, who, request):
        client.force_login(request.getfixturevalue(who))
        before = table(plan), Area.objects.count(), Goal.objects.count()
        for method, url in self.urls(plan):
            response = getattr(client, method)(
                url, {"what": "X", "title": "X", "direction": "up"}, **HTMX
            )
            assert response.status_code == 403, (who, method, url)
        assert (table(plan), Area.objects.count(), Goal.objects.count()) == before

    def test_a_planner_edits_their_regions_local_plan_only(self, client, plan_builder, norr):
        planner = get_user_model().objects.create_user("planner", password="pw")
        rjh, rn = Region.objects.get(code="RJH"), Region.objects.get(code="RN")
        Membership.objects.create(user=planner, role=Membership.Role.PLANNER, region=rjh)
        own, other = (
            Plan.objects.create(
                slug=f"lokal-{region.code.lower()}",
                title=f"Lokal plan {region}",
                kind=Plan.Kind.LOCAL_PLAN,
                owner_region=region,
                first_year=2025,
                last_year=2025,
                status=Plan.Status.APPROVED,
            )
            for region in (rjh, rn)
        )
        client.force_login(planner)

        assert client.get(reverse("plans:plan-edit", args=[own.slug])).status_code == 200
        assert client.get(reverse("plans:plan-edit", args=[other.slug])).status_code == 403
        response = client.post(reverse("plans:row-add", args=[own.slug, "omrade"]), {"title": "A"})
        assert response.status_code == 302
        assert own.areas.get().title == "A"

    def test_anonymous_people_are_sent_to_log_in(self, client, plan):
        for method, url in self.urls(plan):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and "/logga-in/" in response["Location"], url

    def test_a_draft_is_not_found_by_another_rcc(self, client, plan, other_coordinator):
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
        client.force_login(other_coordinator)
        assert client.get(reverse("plans:plan-edit", args=[plan.slug])).status_code == 404

    def test_ids_of_another_plan_are_not_found(
        self, client, plan, coordinator, plan_builder, mellansverige
    ):
        """A Norr coordinator posts a Mellansverige row's ids through their own plan's URLs."""
        theirs = plan_builder(slug="mellansverige-x", owner=mellansverige)
        activity, goal, area = first(Activity, theirs), first(Goal, theirs), first(Area, theirs)
        client.force_login(coordinator)
        before = table(theirs), history_version(activity)
        forged = [
            edit_url(plan, "aktivitet", activity),
            reverse("plans:row-move", args=[plan.slug, "mal", goal.pk]),
            reverse("plans:row-delete", args=[plan.slug, "omrade", area.pk]),
            reverse("plans:row-add", args=[plan.slug, "aktivitet"]) + f"?under={goal.pk}",
        ]
        for url in forged:
            response = client.post(url, activity_data(activity, how="Forged"), **HTMX)
            assert response.status_code == 404, url
        # Moving one's own activity to another plan's goal is not a choice either.
        own = first(Activity, plan)
        response = client.post(
            edit_url(plan, "aktivitet", own), activity_data(own, goal=goal.pk), **HTMX
        )
        assert response.status_code == 400
        assert "Välj ett giltigt alternativ" in response.content.decode()
        assert (table(theirs), history_version(activity)) == before
        assert Activity.objects.get(pk=own.pk).goal_id == own.goal_id

    def test_an_unknown_kind_or_direction_is_not_found(self, client, plan, coordinator):
        client.force_login(coordinator)
        goal = first(Goal, plan)
        assert client.get(reverse("plans:row-add", args=[plan.slug, "plan"])).status_code == 404
        url = reverse("plans:row-move", args=[plan.slug, "mal", goal.pk])
        assert client.post(url, {"direction": "sideways"}).status_code == 404
        url = reverse("plans:row-add", args=[plan.slug, "mal"]) + "?under=abc"
        assert client.get(url).status_code == 404


@pytest.mark.django_db
class TestChangingARow:
    def test_an_activity_is_saved_and_only_its_row_comes_back(self, client, plan, coordinator):
        activity = first(Activity, plan)
        client.force_login(coordinator)

        response = client.post(
            edit_url(plan, "aktivitet", activity),
            activity_data(activity, how="Med regionerna", timeframe="2025–2027", who="NAG"),
            **HTMX,
        )

        assert response.status_code == 200
        html = response.content.decode()
        assert html.startswith(f'<tr id="aktivitet-{activity.pk}">') and "Med regionerna" in html
        assert "Sparat" in response["HX-Trigger"]
        activity.refresh_from_db()
        assert (activity.how, activity.first_year, activity.last_year) == (
            "Med regionerna",
            2025,
            2027,
        )
        # Derived again from the texts: the bodies Vem? names.
        assert list(activity.who_bodies.values_list("abbreviation", flat=True)) == ["NAG"]
        record = activity.history.first()
        assert (record.history_type, record.history_user, record.how) == (
            "~",
            coordinator,
            "Med regionerna",
        )

    def test_saving_what_is_stored_writes_nothing(self, client, plan, coordinator):
        activity = first(Activity, plan)
        client.force_login(coordinator)
        before = activity.history.count()

        response = client.post(
            edit_url(plan, "aktivitet", activity), activity_data(activity), **HTMX
        )

        assert response.status_code == 200
        assert activity.history.count() == before

    def test_without_javascript_it_is_a_page_and_a_redirect(self, client, plan, coordinator):
        activity = first(Activity, plan)
        client.force_login(coordinator)
        url = edit_url(plan, "aktivitet", activity)

        page = client.get(url).content.decode()
        assert "<html" in page and 'name="how"' in page
        response = client.post(url, activity_data(activity, how="Utan skript"))

        assert response.status_code == 302
        assert response["Location"].endswith(f"/redigera/#aktivitet-{activity.pk}")
        detail = reverse("plans:row-detail", args=[plan.slug, "aktivitet", activity.pk])
        assert client.get(detail)["Location"].endswith(f"#aktivitet-{activity.pk}")

    @pytest.mark.parametrize(
        ("kind", "data", "field", "message"),
        [
            ("aktivitet", {"what": ""}, "what", "Detta fält måste fyllas i."),
            ("aktivitet", {"how": "x" * 4001}, "how", "som mest 4000 tecken"),
            ("omrade", {"number": "2", "title": "Nytt namn"}, "number", "redan det numret"),
            ("omrade", {"number": "9", "title": "Område 2"}, "title", "heter redan så"),
            ("mal", {"text": "", "number": "1.1"}, "text", "Detta fält måste fyllas i."),
            ("mal", {"text": "Mål", "parts": "A\nA"}, "parts", "Två måldelar heter likadant."),
        ],
    )
    def test_bad_input_is_told_on_the_field_and_kept(
        self, client, plan, coordinator, kind, data, field, message
    ):
        row = {
            "aktivitet": first(Activity, plan),
            "omrade": first(Area, plan),
            "mal": first(Goal, plan),
        }[kind]
        client.force_login(coordinator)
        base = {
            "aktivitet": lambda: activity_data(row),
            "omrade": lambda: {"version": history_version(row), "title": row.title},
            "mal": lambda: {
                "version": history_version(row),
                "area": row.area_id,
                "text": row.text,
                "number": row.number,
            },
        }[kind]()
        before = history_version(row)

        response = client.post(edit_url(plan, kind, row), {**base, **data}, **HTMX)

        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert f'-{field}_error"' in html  # tied to its field, whose id carries the form's place
        # The form comes back where it was, with what was typed.
        assert response["HX-Retarget"].startswith(f"#{'mal' if kind == 'mal' else kind}-{row.pk}")
        typed = next(iter(v for k, v in data.items() if v and k == field), None)
        if typed:
            assert typed.split("\n")[0][:50] in html
        assert history_version(row) == before

    def test_goal_parts_are_written_one_per_line(self, client, plan, coordinator):
        goal = first(Goal, plan)
        GoalPart.objects.create(goal=goal, name="Ledtider", order=1)
        GoalPart.objects.create(goal=goal, name="Inklusion", order=2)
        kept = goal.parts.get(name="Ledtider").pk
        client.force_login(coordinator)

        response = client.post(
            edit_url(plan, "mal", goal),
            {
                "version": history_version(goal),
                "area": goal.area_id,
                "number": goal.number,
                "text": goal.text,
                "parts": "Täckning\nLedtider\n",
                "parts_original": "Ledtider\nInklusion",
            },
            **HTMX,
        )

        assert response.status_code == 200
        assert list(goal.parts.order_by("order").values_list("name", "order")) == [
            ("Täckning", 1),
            ("Ledtider", 2),
        ]
        assert goal.parts.get(name="Ledtider").pk == kept  # renamed parts keep their row
        assert "Bedöms i delar:" in response.content.decode()

    def test_the_star_is_set_and_cleared(self, client, plan, coordinator):
        activity = first(Activity, plan)
        client.force_login(coordinator)
        url = edit_url(plan, "aktivitet", activity)

        client.post(url, activity_data(activity, from_agreement="on"), **HTMX)
        activity.refresh_from_db()
        assert activity.from_agreement
        data = activity_data(activity)
        del data["from_agreement"]
        client.post(url, data, **HTMX)
        activity.refresh_from_db()
        assert not activity.from_agreement


@pytest.mark.django_db
class TestTwoPeople:
    def test_the_same_field_changed_meanwhile_is_refused_with_both_kept(
        self, client, plan, coordinator
    ):
        activity = first(Activity, plan)
        loaded = activity_data(activity)
        other = get_user_model().objects.create_user("colleague", password="pw")
        activity.how = "Kollegans text"
        activity._history_user = other
        activity.save()
        client.force_login(coordinator)

        response = client.post(
            edit_url(plan, "aktivitet", activity), {**loaded, "how": "Min text"}, **HTMX
        )

        assert response.status_code == 409
        html = response.content.decode()
        assert "Någon annan har sparat" in html
        assert "Kollegans text" in html and "colleague" in html  # what, who
        assert "Min text" in html  # their own input, kept
        activity.refresh_from_db()
        assert activity.how == "Kollegans text"
        # Saving again is a deliberate choice: the form now carries the stored version.
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        response = client.post(
            edit_url(plan, "aktivitet", activity),
            {**loaded, "how": "Min text", "version": version},
            **HTMX,
        )
        assert response.status_code == 200
        activity.refresh_from_db()
        assert activity.how == "Min text"

    def test_parts_changed_meanwhile_are_a_conflict_and_untouched_ones_are_kept(
        self, client, plan, coordinator
    ):
        goal = first(Goal, plan)
        loaded = {"version": history_version(goal), "area": goal.area_id, "number": goal.number}
        GoalPart.objects.create(goal=goal, name="Ledtider", order=1)  # someone else, meanwhile
        client.force_login(coordinator)
        url = edit_url(plan, "mal", goal)

        # Changing the text only keeps the part the other person added.
        response = client.post(url, {**loaded, "text": "Ny text", "parts": ""}, **HTMX)
        assert response.status_code == 200
        assert list(goal.parts.values_list("name", flat=True)) == ["Ledtider"]
        # Changing the parts over theirs is a conflict that names them.
        goal.refresh_from_db()
        data = {**loaded, "version": history_version(goal), "text": "Ny text", "parts": "Täckning"}
        response = client.post(url, data, **HTMX)
        assert response.status_code == 409
        assert "Måldelar" in response.content.decode() and "Ledtider" in response.content.decode()
        assert list(goal.parts.values_list("name", flat=True)) == ["Ledtider"]

    @pytest.mark.parametrize("version", ["", "abc", "-3", "9" * 30])
    def test_a_mangled_version_is_checked_field_by_field(self, client, plan, coordinator, version):
        activity = first(Activity, plan)
        client.force_login(coordinator)
        data = activity_data(activity, version=version, how="Min text")

        response = client.post(edit_url(plan, "aktivitet", activity), data, **HTMX)

        # No version to go by: every field this person changes counts as changed by another.
        assert response.status_code == 409
        activity.refresh_from_db()
        assert activity.how != "Min text"

    def test_different_fields_or_rows_never_conflict(self, client, plan, coordinator):
        activity, neighbour = Activity.objects.filter(goal__area__plan=plan).order_by("pk")[:2]
        loaded, loaded_neighbour = activity_data(activity), activity_data(neighbour)
        activity.who = "Kollegan"
        activity.save()
        client.force_login(coordinator)

        for row, data in ((activity, loaded), (neighbour, loaded_neighbour)):
            response = client.post(
                edit_url(plan, "aktivitet", row),
                {**data, "how": "Min text", "who": "Kollegan"},
                **HTMX,
            )
            assert response.status_code == 200

        assert (
            Activity.objects.filter(pk__in=[activity.pk, neighbour.pk], how="Min text").count() == 2
        )

    def test_a_move_by_someone_else_is_no_conflict(self, client, plan, coordinator):
        activity, below = Activity.objects.filter(goal__area__plan=plan).order_by("pk")[:2]
        loaded = activity_data(activity)
        client.force_login(coordinator)
        client.post(
            reverse("plans:row-move", args=[plan.slug, "aktivitet", below.pk]), {"direction": "up"}
        )

        response = client.post(
            edit_url(plan, "aktivitet", activity), {**loaded, "how": "Ny"}, **HTMX
        )

        assert response.status_code == 200


@pytest.mark.django_db
class TestAdding:
    def test_an_activity_is_added_last_under_its_goal(self, client, plan, coordinator):
        goal = first(Goal, plan)
        client.force_login(coordinator)

        response = client.post(
            reverse("plans:row-add", args=[plan.slug, "aktivitet"]),
            {"under": goal.pk, "what": "Ny aktivitet", "who": "VPK", "timeframe": "2026"},
            **HTMX,
        )

        assert response.status_code == 200
        assert response.content.decode().startswith(f'<tbody id="mal-{goal.pk}"')
        added = goal.activities.order_by("order").last()
        assert (added.what, added.order, added.first_year) == ("Ny aktivitet", 3, 2026)
        assert added.history.get().history_user == coordinator

    @pytest.mark.parametrize(
        ("kind", "data", "model"),
        [
            ("omrade", {"number": "3", "title": "Nytt område"}, Area),
            ("kapitel", {"heading": "Syfte", "placement": "before", "text": "Text"}, Chapter),
            (
                "forkortning",
                {"abbreviation": "NAG", "meaning": "Nationell arbetsgrupp"},
                Abbreviation,
            ),
        ],
    )
    def test_rows_of_the_plan_itself(self, client, plan, coordinator, kind, data, model):
        client.force_login(coordinator)
        response = client.post(reverse("plans:row-add", args=[plan.slug, kind]), data, **HTMX)
        assert response.status_code == 200
        assert model.objects.filter(plan=plan, **{k: v for k, v in data.items()}).exists()

    def test_a_goal_is_added_to_its_area(self, client, plan, coordinator):
        area = first(Area, plan)
        client.force_login(coordinator)

        response = client.post(
            reverse("plans:row-add", args=[plan.slug, "mal"]),
            {"under": area.pk, "number": "1.4", "text": "Nytt mål", "parts": "A\nB"},
        )

        assert response.status_code == 302
        goal = area.goals.get(number="1.4")
        assert goal.order == 4 and list(goal.parts.values_list("name", flat=True)) == ["A", "B"]

    def test_focus_goes_to_the_new_row_and_back_to_a_row_after_cancel(
        self, client, plan, coordinator
    ):
        goal = first(Goal, plan)
        client.force_login(coordinator)
        response = client.post(
            reverse("plans:row-add", args=[plan.slug, "aktivitet"]),
            {"under": goal.pk, "what": "Ny"},
            **HTMX,
        )
        added = goal.activities.get(what="Ny")
        html = response.content.decode()
        assert re.search(rf'/aktivitet/{added.pk}/andra/"[^>]*autofocus', html)
        assert html.count("autofocus") == 1
        detail = reverse("plans:row-detail", args=[plan.slug, "aktivitet", added.pk])
        assert client.get(detail, **HTMX).content.decode().count("autofocus") == 1

    def test_two_open_forms_never_share_an_id(self, client, plan, coordinator):
        first_activity, second_activity = Activity.objects.filter(goal__area__plan=plan)[:2]
        client.force_login(coordinator)
        ids = [
            re.findall(
                r'id="([^"]+)"', client.get(edit_url(plan, "aktivitet", a), **HTMX).content.decode()
            )
            for a in (first_activity, second_activity)
        ]
        assert not set(ids[0][1:]) & set(ids[1][1:])  # their own row's id aside

    def test_without_javascript_the_form_is_a_page_with_its_heading(
        self, client, plan, coordinator
    ):
        client.force_login(coordinator)
        html = client.get(edit_url(plan, "omrade", first(Area, plan))).content.decode()
        assert '<h1 class="row-form__title">Ändra området</h1>' in html

    def test_cancelling_shows_the_button_again(self, client, plan, coordinator):
        goal = first(Goal, plan)
        client.force_login(coordinator)
        url = reverse("plans:row-add", args=[plan.slug, "aktivitet"]) + f"?under={goal.pk}"
        html = client.get(url + "&avbryt=1", **HTMX).content.decode()
        assert f'id="ny-aktivitet-{goal.pk}"' in html and "Lägg till aktivitet" in html


@pytest.mark.django_db
class TestMoving:
    def orders(self, goal):
        return list(goal.activities.order_by("order").values_list("what", flat=True))

    def test_up_and_down_swap_with_the_neighbour(self, client, plan, coordinator):
        goal = first(Goal, plan)
        top, bottom = goal.activities.order_by("order")
        client.force_login(coordinator)
        url = reverse("plans:row-move", args=[plan.slug, "aktivitet", bottom.pk])

        response = client.post(url, {"direction": "up"}, **HTMX)

        assert response.status_code == 200
        assert self.orders(goal) == [bottom.what, top.what]
        html = response.content.decode()
        assert html.startswith(f'<tbody id="mal-{goal.pk}"')  # the goal's rows come back
        assert "Flyttad upp" in response["HX-Trigger"].encode().decode("unicode_escape")
        # The moved row keeps the focus; it is first now, so on its "down" button.
        assert re.search(
            rf'aria-label="Flytta ned aktiviteten {bottom.what}[^"]*"\s+autofocus', html
        )
        assert bottom.history.first().history_user == coordinator

    def test_the_first_row_does_not_move_up(self, client, plan, coordinator):
        goal = first(Goal, plan)
        top = goal.activities.order_by("order").first()
        before = self.orders(goal)
        client.force_login(coordinator)

        response = client.post(
            reverse("plans:row-move", args=[plan.slug, "aktivitet", top.pk]), {"direction": "up"}
        )

        assert response.status_code == 302
        assert self.orders(goal) == before
        assert "står redan först" in client.get(response["Location"]).content.decode()

    def test_areas_goals_chapters_and_abbreviations_move_too(self, client, plan, coordinator):
        client.force_login(coordinator)
        area = plan.areas.order_by("order").last()
        client.post(
            reverse("plans:row-move", args=[plan.slug, "omrade", area.pk]), {"direction": "up"}
        )
        assert plan.areas.order_by("order").first() == area
        goal = area.goals.order_by("order").first()
        client.post(
            reverse("plans:row-move", args=[plan.slug, "mal", goal.pk]), {"direction": "down"}
        )
        assert area.goals.order_by("order")[1] == goal
        for model, kind, fields in (
            (Chapter, "kapitel", {"heading": "K"}),
            (Abbreviation, "forkortning", {"meaning": "M"}),
        ):
            rows = [
                model.objects.create(plan=plan, order=n, **{**fields, "abbreviation": f"A{n}"})
                if model is Abbreviation
                else model.objects.create(plan=plan, order=n, **fields)
                for n in (1, 2)
            ]
            client.post(
                reverse("plans:row-move", args=[plan.slug, kind, rows[1].pk]), {"direction": "up"}
            )
            assert list(model.objects.filter(plan=plan).order_by("order")) == rows[::-1]

    def test_an_activity_moves_to_another_goal_and_a_goal_to_another_area(
        self, client, plan, coordinator
    ):
        activity = first(Activity, plan)
        area_1, area_2 = plan.areas.order_by("order")
        target = area_2.goals.order_by("order").first()
        client.force_login(coordinator)

        response = client.post(
            edit_url(plan, "aktivitet", activity), activity_data(activity, goal=target.pk), **HTMX
        )

        # Two parts of the page changed: the view is loaded again, at the row.
        assert response.status_code == 204
        assert response["HX-Redirect"].endswith(f"#aktivitet-{activity.pk}")
        activity.refresh_from_db()
        assert (activity.goal, activity.order) == (target, 3)

        goal = area_1.goals.order_by("order").first()
        response = client.post(
            edit_url(plan, "mal", goal),
            {
                "version": history_version(goal),
                "area": area_2.pk,
                "text": goal.text,
                "number": "2.9",
            },
        )
        goal.refresh_from_db()
        assert (goal.area, goal.order) == (area_2, 4)


@pytest.mark.django_db
class TestDeleting:
    def test_the_confirmation_names_what_goes_with_the_row(self, client, plan, coordinator):
        area = first(Area, plan)
        client.force_login(coordinator)

        html = client.get(reverse("plans:row-delete", args=[plan.slug, "omrade", area.pk])).content
        html = html.decode()

        assert "Ta bort området?" in html
        assert "3 mål" in html and "6 aktiviteter" in html
        assert Area.objects.filter(pk=area.pk).exists()

    def test_deleting_takes_the_children_in_one_change(self, client, plan, coordinator):
        area = first(Area, plan)
        client.force_login(coordinator)

        response = client.post(reverse("plans:row-delete", args=[plan.slug, "omrade", area.pk]))

        assert response.status_code == 302
        assert not Area.objects.filter(pk=area.pk).exists()
        assert not Goal.objects.filter(area_id=area.pk).exists()
        deleted = [
            *Area.history.filter(id=area.pk, history_type="-"),
            *Goal.history.filter(area_id=area.pk, history_type="-"),
            *Activity.history.filter(
                goal_id__in=Goal.history.filter(area_id=area.pk).values("id"), history_type="-"
            ),
        ]
        assert len(deleted) == 1 + 3 + 6
        assert {record.history_date for record in deleted} == {deleted[0].history_date}
        assert {record.history_user for record in deleted} == {coordinator}

    def test_a_goal_assessed_in_an_open_round_stays(self, client, round_builder, coordinator):
        round = round_builder(state=FollowUpRound.State.OPEN)
        goal = round.plan.areas.first().goals.first()
        client.force_login(coordinator)
        url = reverse("plans:row-delete", args=[round.plan.slug, "mal", goal.pk])

        page = client.get(url).content.decode()
        response = client.post(url)

        assert "Uppföljning 2024" in page and "som är öppen" in page
        assert 'type="submit" class="button button--danger"' not in page
        assert response.status_code == 400 and "som är öppen" in response.content.decode()
        assert Goal.objects.filter(pk=goal.pk).exists()
        # The area holding it stays too.
        url = reverse("plans:row-delete", args=[round.plan.slug, "omrade", goal.area_id])
        assert client.post(url).status_code == 400

    def test_once_the_round_is_closed_the_goal_goes_with_its_assessments(
        self, client, round_builder, coordinator
    ):
        round = round_builder(state=FollowUpRound.State.CLOSED)
        goal = round.plan.areas.first().goals.first()
        client.force_login(coordinator)
        url = reverse("plans:row-delete", args=[round.plan.slug, "mal", goal.pk])

        assert "bedömningar" in client.get(url).content.decode()
        assert client.post(url).status_code == 302
        assert not goal.assessments.exists()


@pytest.mark.django_db
class TestThePage:
    def test_the_edit_view_shows_every_row_with_its_buttons(self, client, plan, coordinator):
        Chapter.objects.create(
            plan=plan, heading="Syfte", text="<script>alert(1)</script>", order=1
        )
        client.force_login(coordinator)

        html = client.get(reverse("plans:plan-edit", args=[plan.slug])).content.decode()

        assert html.count('id="aktivitet-') == 12
        assert html.count('aria-label="Flytta upp') == 2 + 6 + 12 + 1
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
        assert "vendor/htmx/htmx.min.js" in html

    def test_the_plan_page_links_to_it_for_owners_only(self, client, plan, coordinator, reader):
        client.force_login(coordinator)
        edit = reverse("plans:plan-edit", args=[plan.slug])
        assert edit in client.get(plan.get_absolute_url()).content.decode()
        client.force_login(reader)
        assert edit not in client.get(plan.get_absolute_url()).content.decode()

    @pytest.mark.parametrize("size", [1, 4])
    def test_the_edit_view_reads_a_fixed_number_of_queries(
        self, client, norr, plan_builder, coordinator, django_assert_num_queries, size
    ):
        plan = plan_builder(
            slug=f"storlek-{size}", owner=norr, areas=size, activities_per_goal=size
        )
        for n in range(size):
            Chapter.objects.create(plan=plan, heading=f"K{n}", order=n)
            Abbreviation.objects.create(plan=plan, abbreviation=f"A{n}", meaning="M", order=n)
        client.force_login(coordinator)
        # session, user, memberships, plan, areas, goals, parts, activities, chapters,
        # abbreviations
        with django_assert_num_queries(10):
            assert client.get(reverse("plans:plan-edit", args=[plan.slug])).status_code == 200

    @pytest.mark.parametrize("size", [1, 6])
    def test_saving_an_activity_reads_a_fixed_number_of_queries(
        self, client, norr, plan_builder, coordinator, django_assert_num_queries, size
    ):
        plan = plan_builder(slug=f"spara-{size}", owner=norr, activities_per_goal=size)
        activity = first(Activity, plan)
        data = activity_data(activity, how="Ny text", who="NAG och PNR")
        client.force_login(coordinator)
        with django_assert_num_queries(23):
            response = client.post(edit_url(plan, "aktivitet", activity), data, **HTMX)
        assert response.status_code == 200
        assert Body.objects.filter(activities_doing=activity).count() >= 1
