import html
import re

import pytest
from django.urls import reverse

from followup.models import Assessment, FollowUpRound, RegionReport
from followup.services import region_report_save, region_report_submit
from plans.models import Goal, GoalPart


def report_url(round, code="RJH"):
    return reverse("followup:region-report", kwargs={"pk": round.pk, "code": code})


def save_url(round, code="RJH"):
    return reverse("followup:region-report-save", kwargs={"pk": round.pk, "code": code})


def form_data(round, levels: dict, comments: dict | None = None, action="save", code="RJH"):
    """A full post of the report form: every goal, as the browser would send it."""
    report = round.reports.get(region__code=code)
    data = {"version": report.version, "action": action}
    comments = comments or {}
    for assessment in round.assessments.filter(region=report.region):
        goal = assessment.goal_id
        data[f"g{goal}_level_0"] = levels.get(goal, assessment.level)
        data[f"g{goal}_comment"] = comments.get(goal, assessment.comment)
        data[f"g{goal}_original_level"] = assessment.level
        data[f"g{goal}_original_comment"] = assessment.comment
    return data


def as_the_browser_posts(response) -> dict:
    """The form data of a re-shown form, with the hidden inputs its conflict panels add."""
    data = response.context["form"].data.copy()
    hidden = re.findall(
        r'<input type="hidden" name="(g\d+_seen_\w+)" value="([^"]*)">', response.content.decode()
    )
    for name, value in hidden:
        data[name] = html.unescape(value)
    return data


def goals(round):
    return list(Goal.objects.for_plan(round.plan))


@pytest.mark.django_db
class TestReportForm:
    def test_it_shows_every_goal_by_area_with_the_legend(self, client, round_builder, reporter_a):
        round = round_builder()
        client.force_login(reporter_a)

        content = client.get(report_url(round)).content.decode()

        for goal in goals(round):
            assert f'id="mal-{goal.pk}"' in content
        first_area, second_area = [c.area for c in goals(round)][0], goals(round)[-1].area
        goal_1_3 = next(goal for goal in goals(round) if goal.number == "1.3")
        assert (
            content.index(f'<h2 class="report-form__area" id="omrade-{first_area.pk}"')
            < content.index(f'id="mal-{goal_1_3.pk}"')
            < content.index(f'<h2 class="report-form__area" id="omrade-{second_area.pk}"')
        )
        for words in ["Uppnått mål", "Pågående arbete", "Ej påbörjat arbete", "ingen bedömning"]:
            assert words in content
        assert "Spara utkast" in content and "Skicka in" in content
        assert "data-warn-unsaved" in content

    def test_it_shows_last_rounds_level_and_comment(
        self, client, round_builder, reporter_a, norr, plan_builder
    ):
        plan = plan_builder(slug="tvaar", owner=norr)
        last = round_builder(year=2023, plan=plan)
        first_goal = goals(last)[0]
        report = last.reports.get(region__code="RJH")
        region_report_save(
            report=report,
            values={first_goal.pk: ("E", "Förra årets text")},
            original={},
            user=reporter_a,
        )
        current = round_builder(year=2024, plan=plan)
        client.force_login(reporter_a)

        content = client.get(report_url(current)).content.decode()

        assert "Förra omgången (2023)" in content
        assert "Förra årets text" in content

    def test_saving_a_draft_saves_levels_and_comments(self, client, round_builder, reporter_a):
        round = round_builder()
        first, second = goals(round)[:2]
        client.force_login(reporter_a)

        response = client.post(
            save_url(round),
            form_data(
                round, {first.pk: "P", second.pk: "U"}, {first.pk: "Vi är på väg.\r\nRad två"}
            ),
        )

        assert response.status_code == 302
        saved = {a.goal_id: a for a in round.assessments.filter(region__code="RJH")}
        assert (saved[first.pk].level, saved[first.pk].comment) == ("P", "Vi är på väg.\nRad två")
        assert saved[second.pk].level == "U"
        assert round.reports.get(region__code="RJH").state == RegionReport.State.DRAFT

    def test_a_goal_in_parts_gets_a_level_per_part(self, client, round_builder, reporter_a):
        round = round_builder()
        goal = goals(round)[0]
        GoalPart.objects.create(goal=goal, name="Inklusion", order=1)
        GoalPart.objects.create(goal=goal, name="Ledtider", order=2)
        client.force_login(reporter_a)
        assert "Ledtider" in client.get(report_url(round)).content.decode()
        data = form_data(round, {})
        data.update(
            {f"g{goal.pk}_level_0": "U", f"g{goal.pk}_level_1": "E", f"g{goal.pk}_unsure": "on"}
        )

        assert client.post(save_url(round), data).status_code == 302

        assert round.assessments.get(region__code="RJH", goal=goal).level == "U/E?"

    def test_a_failed_save_keeps_what_was_typed(self, client, round_builder, reporter_a):
        round = round_builder()
        goal = goals(round)[0]
        GoalPart.objects.create(goal=goal, name="Inklusion", order=1)
        GoalPart.objects.create(goal=goal, name="Ledtider", order=2)
        client.force_login(reporter_a)
        data = form_data(round, {}, {goal.pk: "En lång kommentar som inte får försvinna"})
        data[f"g{goal.pk}_level_0"] = "U"  # the second part is left blank

        response = client.post(save_url(round), data)

        content = response.content.decode()
        assert response.status_code == 400
        assert "Ange en nivå för varje del av målet, eller ingen." in content
        assert "En lång kommentar som inte får försvinna" in content
        assert 'data-warn-unsaved="dirty"' in content
        assert round.assessments.get(region__code="RJH", goal=goal).comment == ""

    def test_a_comment_over_the_limit_is_refused_at_its_goal_and_kept(
        self, client, round_builder, reporter_a
    ):
        round = round_builder()
        first, second = goals(round)[:2]
        client.force_login(reporter_a)
        too_long = "Lång" * 1_001 + "!"  # 4,005 characters
        data = form_data(round, {second.pk: "U"}, {first.pk: too_long})

        response = client.post(save_url(round), data)

        content = response.content.decode()
        assert response.status_code == 400
        assert "Säkerställ att detta värde har som mest 4000 tecken (den har 4005)." in content
        assert too_long in content
        assert 'maxlength="4000"' in content
        assert round.assessments.get(region__code="RJH", goal=second).level == ""

    def test_a_300_goal_report_saves(self, client, round_builder, reporter_a, norr, plan_builder):
        plan = plan_builder(slug="nationell", owner=norr, areas=10, goals_per_area=30)
        round = round_builder(plan=plan)
        client.force_login(reporter_a)
        every = goals(round)
        data = form_data(round, {goal.pk: "P" for goal in every})
        assert len(data) > 1_000  # more fields than Django accepts by default

        response = client.post(save_url(round), data)

        assert response.status_code == 302
        levels = round.assessments.filter(region__code="RJH").values_list("level", flat=True)
        assert list(levels) == ["P"] * 300

    def test_saves_of_different_goals_merge(self, client, round_builder, reporter_a, coordinator):
        round = round_builder()
        first, second = goals(round)[:2]
        client.force_login(reporter_a)
        stale = form_data(round, {second.pk: "E"}, {second.pk: "Min text"})
        region_report_save(
            report=round.reports.get(region__code="RJH"),
            values={first.pk: ("U", "Kollegans text")},
            original={},
            user=coordinator,
        )

        response = client.post(save_url(round), stale)

        assert response.status_code == 302
        saved = dict(
            (a.goal_id, (a.level, a.comment)) for a in round.assessments.filter(region__code="RJH")
        )
        assert saved[first.pk] == ("U", "Kollegans text")  # not reverted by the stale form
        assert saved[second.pk] == ("E", "Min text")

    def test_the_same_goal_changed_by_both_shows_both_versions_to_choose(
        self, client, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        first, second = goals(round)[:2]
        client.force_login(reporter_a)
        stale = form_data(
            round, {first.pk: "E", second.pk: "P"}, {first.pk: "Min text", second.pk: "Bara jag"}
        )
        region_report_save(
            report=round.reports.get(region__code="RJH"),
            values={first.pk: ("U", "Kollegans text")},
            original={},
            user=coordinator,
        )

        response = client.post(save_url(round), stale)

        content = response.content.decode()
        assert response.status_code == 409
        assert "Någon annan har ändrat 1 mål som du också ändrade" in content
        assert "Din version" in content and "Sparad version" in content
        assert "Kollegans text" in content and "alice" in content and "Min text" in content
        assessment = round.assessments.get(region__code="RJH", goal=first)
        assert (assessment.level, assessment.comment) == ("U", "Kollegans text")
        other = round.assessments.get(region__code="RJH", goal=second)
        assert (other.level, other.comment) == ("P", "Bara jag")  # the rest of the save is kept

        # Saving again without choosing writes nothing for the goal; choosing mine writes it.
        again = as_the_browser_posts(response)
        assert client.post(save_url(round), again).status_code == 409
        again[f"g{first.pk}_resolve"] = "mine"
        assert client.post(save_url(round), again).status_code == 302
        assessment.refresh_from_db()
        assert (assessment.level, assessment.comment) == ("E", "Min text")

    def test_choosing_the_saved_version_keeps_it(
        self, client, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        first = goals(round)[0]
        client.force_login(reporter_a)
        stale = form_data(round, {first.pk: "E"}, {first.pk: "Min text"})
        region_report_save(
            report=round.reports.get(region__code="RJH"),
            values={first.pk: ("U", "Kollegans text")},
            original={},
            user=coordinator,
        )
        again = as_the_browser_posts(client.post(save_url(round), stale))
        again[f"g{first.pk}_resolve"] = "theirs"
        history = Assessment.history.filter(goal=first, region__code="RJH").count()

        assert client.post(save_url(round), again).status_code == 302

        assessment = round.assessments.get(region__code="RJH", goal=first)
        assert (assessment.level, assessment.comment) == ("U", "Kollegans text")
        assert Assessment.history.filter(goal=first, region__code="RJH").count() == history

    def test_a_background_save_answers_json(self, client, round_builder, reporter_a, coordinator):
        round = round_builder()
        first, second = goals(round)[:2]
        client.force_login(reporter_a)
        stale = form_data(round, {second.pk: "P"})
        region_report_save(
            report=round.reports.get(region__code="RJH"),
            values={first.pk: ("U", "Kollegans text")},
            original={},
            user=coordinator,
        )

        response = client.post(save_url(round), stale, HTTP_ACCEPT="application/json")

        answer = response.json()
        assert response.status_code == 200
        assert answer["status"] == "saved"
        assert answer["saved"] == {str(second.pk): ["P", ""]}
        assert answer["changed_meanwhile"] == {str(first.pk): ["U", "Kollegans text"]}
        assert answer["saved_at"].count(":") == 1

    def test_a_background_save_of_an_invalid_form_says_which_goal(
        self, client, round_builder, reporter_a
    ):
        round = round_builder()
        first = goals(round)[0]
        client.force_login(reporter_a)
        data = form_data(round, {first.pk: ""})
        data[f"g{first.pk}_unsure"] = "on"

        response = client.post(save_url(round), data, HTTP_ACCEPT="application/json")

        assert response.status_code == 400
        (error,) = response.json()["errors"]
        assert error["number"] == first.number
        assert "osäker" in error["messages"][0]

    def test_submit_asks_for_confirmation_naming_goals_without_a_level(
        self, client, round_builder, reporter_a
    ):
        round = round_builder()
        first = goals(round)[0]
        client.force_login(reporter_a)

        response = client.post(save_url(round), form_data(round, {first.pk: "U"}, action="submit"))

        confirm = reverse("followup:region-report-submit", kwargs={"pk": round.pk, "code": "RJH"})
        assert response.url == confirm
        content = client.get(confirm).content.decode()
        assert "5 av 6 mål saknar nivå" in content
        assert "Mål 1.2" in content and "Mål 1.1" not in content
        assert round.reports.get(region__code="RJH").state == RegionReport.State.DRAFT

        assert client.post(confirm).status_code == 302
        report = round.reports.get(region__code="RJH")
        assert (report.state, report.submitted_by) == (RegionReport.State.SUBMITTED, reporter_a)

    def test_after_submission_the_report_is_read_only(self, client, round_builder, reporter_a):
        round = round_builder()
        region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
        client.force_login(reporter_a)

        response = client.get(report_url(round))

        content = response.content.decode()
        assert response.status_code == 200
        assert "Rapporten är inskickad" in content
        assert "Spara utkast" not in content
        before = list(round.assessments.values_list("level", "comment"))
        response = client.post(save_url(round), form_data(round, {}), follow=True)
        assert response.redirect_chain == [(report_url(round), 302)]
        assert "Rapporten är inskickad och kan inte ändras om den inte återsänds." in (
            response.content.decode()
        )
        assert list(round.assessments.values_list("level", "comment")) == before


@pytest.mark.django_db
class TestCoordinatorPages:
    def test_the_round_page_shows_progress_per_region(
        self, client, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        report = round.reports.get(region__code="RJH")
        first, second = goals(round)[:2]
        region_report_save(
            report=report,
            values={first.pk: ("U", ""), second.pk: ("P", "")},
            original={},
            user=reporter_a,
        )
        region_report_submit(report=report, user=reporter_a)
        client.force_login(coordinator)

        response = client.get(reverse("followup:round-detail", kwargs={"pk": round.pk}))

        content = response.content.decode()
        assert "2 / 6" in content and "0 / 6" in content
        assert "Inskickad" in content and "bob" in content
        assert "Stäng omgången" in content and "Återsänd…" in content
        assert "Uppnått i alla regioner" in content

    def test_a_coordinator_starts_a_round_for_the_rccs_regions(
        self, client, norr, plan_builder, coordinator
    ):
        plan = plan_builder(slug="ny", owner=norr)
        client.force_login(coordinator)
        url = reverse("followup:round-create", kwargs={"slug": plan.slug})
        assert "Region Västernorrland" in client.get(url).content.decode()

        response = client.post(
            url,
            {
                "year": 2025,
                "opens_on": "2026-03-01",
                "deadline": "2026-04-30",
                "regions": [r.pk for r in norr.regions.all()],
            },
        )

        round = FollowUpRound.objects.get(plan=plan)
        assert response.url == round.get_absolute_url()
        assert round.reports.count() == 4

    def test_a_bad_round_form_keeps_the_input(
        self, client, norr, plan_builder, coordinator, round_builder
    ):
        plan = plan_builder(slug="ny", owner=norr)
        round_builder(year=2025, plan=plan)
        client.force_login(coordinator)

        response = client.post(
            reverse("followup:round-create", kwargs={"slug": plan.slug}),
            {
                "year": 2025,
                "opens_on": "2026-03-01",
                "deadline": "2026-02-01",
                "introduction": "Min inledning",
            },
        )

        content = response.content.decode()
        assert response.status_code == 200
        assert "Planen har redan en uppföljning för 2025." in content
        assert "Min inledning" in content
        assert FollowUpRound.objects.filter(plan=plan).count() == 1

    def test_state_changes_from_the_round_page(self, client, round_builder, coordinator):
        round = round_builder(state=FollowUpRound.State.DRAFT)
        client.force_login(coordinator)

        for action, state in [
            ("open", "open"),
            ("close", "closed"),
            ("reopen", "open"),
            ("close", "closed"),
            ("publish", "published"),
        ]:
            url = reverse("followup:round-transition", kwargs={"pk": round.pk, "action": action})
            client.post(url)
            round.refresh_from_db()
            assert round.state == state

        response = client.post(
            reverse("followup:round-transition", kwargs={"pk": round.pk, "action": "open"}),
            follow=True,
        )
        assert "kan inte öppnas" in response.content.decode()

    def test_texts_saved_meanwhile_are_not_overwritten(self, client, round_builder, coordinator):
        round = round_builder()
        FollowUpRound.objects.filter(pk=round.pk).update(summary="Någon annans sammanfattning")
        client.force_login(coordinator)

        response = client.post(
            reverse("followup:round-texts-save", kwargs={"pk": round.pk}),
            {
                "introduction": "",
                "summary": "Min sammanfattning",
                "original_introduction": "",
                "original_summary": "",
            },
        )

        content = response.content.decode()
        assert response.status_code == 409
        assert "Någon annans sammanfattning" in content and "Min sammanfattning" in content
        round.refresh_from_db()
        assert round.summary == "Någon annans sammanfattning"

    def test_the_assessment_page_shows_history_and_saves_a_condensed_comment(
        self, client, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        goal = goals(round)[0]
        report = round.reports.get(region__code="RJH")
        region_report_save(
            report=report,
            values={goal.pk: ("P", "Lång text från regionen")},
            original={},
            user=reporter_a,
        )
        client.force_login(coordinator)
        url = reverse(
            "followup:assessment-detail", kwargs={"pk": round.pk, "code": "RJH", "goal_pk": goal.pk}
        )

        content = client.get(url).content.decode()
        assert "Historik" in content and "bob" in content and "Lång text från regionen" in content

        save = url + "kondenserad/"
        response = client.post(save, {"condensed-text": "Kort text", "condensed-original": ""})

        assert response.status_code == 302
        assessment = Assessment.objects.get(round=round, region__code="RJH", goal=goal)
        assert assessment.report_comment == "Kort text"
        content = client.get(url).content.decode()
        assert "Kondenserad kommentar" in content and "alice" in content

    def test_a_condensed_comment_conflict_keeps_the_text(self, client, round_builder, coordinator):
        round = round_builder()
        goal = goals(round)[0]
        Assessment.objects.filter(round=round, region__code="RJH", goal=goal).update(
            condensed_comment="Redan ändrad"
        )
        client.force_login(coordinator)
        url = reverse(
            "followup:assessment-detail", kwargs={"pk": round.pk, "code": "RJH", "goal_pk": goal.pk}
        )

        response = client.post(
            url + "kondenserad/", {"condensed-text": "Min version", "condensed-original": ""}
        )

        content = response.content.decode()
        assert response.status_code == 409
        assert "Min version" in content and "Någon annan har ändrat" in content


@pytest.mark.django_db
class TestMatrix:
    @pytest.fixture
    def round(self, round_builder, reporter_a):
        round = round_builder()
        report = round.reports.get(region__code="RJH")
        first, second, third = goals(round)[:3]
        region_report_save(
            report=report,
            values={first.pk: ("U", "Klart"), second.pk: ("E", ""), third.pk: ("P/U", "")},
            original={},
            user=reporter_a,
        )
        return round

    def test_it_shows_letters_colours_and_links(self, client, round, coordinator):
        client.force_login(coordinator)

        response = client.get(reverse("followup:round-matrix", kwargs={"pk": round.pk}))

        content = response.content.decode()
        assert 'class="matrix__cell cell--u"' in content
        assert 'class="matrix__cell cell--e"' in content
        assert 'class="matrix__cell cell--mixed"' in content
        assert ">P/U</span>" in content
        assert "RJH, mål 1.1: Uppnått mål" in content
        first = goals(round)[0]
        assert (
            reverse(
                "followup:assessment-detail",
                kwargs={"pk": round.pk, "code": "RJH", "goal_pk": first.pk},
            )
            in content
        )

    def test_a_cell_without_a_level_shows_a_dash(self, client, round, coordinator):
        client.force_login(coordinator)
        blank = round.assessments.get(region__code="RN", goal=goals(round)[0])

        content = client.get(reverse("followup:round-matrix", kwargs={"pk": round.pk})).content

        cell = content.decode().split(f'href="{blank.get_absolute_url()}"')[1].split("</a>")[0]
        assert '<span aria-hidden="true">–</span>' in cell

    def test_it_filters_by_level_and_area_and_counts(self, client, round, coordinator):
        client.force_login(coordinator)
        url = reverse("followup:round-matrix", kwargs={"pk": round.pk})

        matrix = client.get(url, {"niva": "U"}).context["matrix"]
        assert [row.goal.number for a in matrix.areas for row in a.rows] == ["1.1", "1.3"]

        area = goals(round)[3].area
        matrix = client.get(url, {"omrade": area.pk}).context["matrix"]
        assert [a.area for a in matrix.areas] == [area]

        matrix = client.get(url).context["matrix"]
        counts = dict((region.code, c) for region, c in matrix.region_counts)
        assert counts["RJH"] == {"U": 1, "P": 0, "E": 1, "mixed": 1, "": 3}
        assert counts["RN"][""] == 6
        assert matrix.areas[0].counts == {"U": 1, "P": 0, "E": 1, "mixed": 1, "": 9}


@pytest.mark.django_db
class TestQueryCounts:
    """Pages do the same number of queries whatever the size of the plan."""

    @pytest.mark.parametrize("goals_per_area", [2, 12])
    def test_the_report_form(
        self,
        client,
        round_builder,
        reporter_a,
        goals_per_area,
        django_assert_num_queries,
        norr,
        plan_builder,
    ):
        plan = plan_builder(slug="a", owner=norr, goals_per_area=goals_per_area)
        round_builder(year=2023, plan=plan)
        round = round_builder(year=2024, plan=plan)
        client.force_login(reporter_a)

        # session, user, the report (with its region, and its round with plan and owner), the
        # round's regions, the user's memberships, goals (with areas), the previous round, the
        # region's assessments in both rounds, the shown goals' parts, their goal hints' links
        with django_assert_num_queries(10):
            response = client.get(report_url(round))
        content = response.content.decode()
        assert content.count('id="mal-') == 2 * goals_per_area
        assert "Förra omgången (2023)" in content

    @pytest.mark.parametrize("goals_per_area", [2, 12])
    def test_the_matrix(
        self,
        client,
        round_builder,
        coordinator,
        goals_per_area,
        django_assert_num_queries,
        norr,
        plan_builder,
    ):
        round = round_builder(
            plan=plan_builder(slug="m", owner=norr, goals_per_area=goals_per_area)
        )
        client.force_login(coordinator)

        # session, user, round, its regions, memberships, goals, the assessments, the RCC's
        # comments, the previous round (there is none)
        with django_assert_num_queries(9):
            response = client.get(reverse("followup:round-matrix", kwargs={"pk": round.pk}))
        content = response.content.decode()
        assert f"{2 * goals_per_area} mål visas" in content
        assert content.count('class="matrix__cell') == 2 * goals_per_area * 4

    @pytest.mark.parametrize("goals_per_area", [2, 12])
    def test_the_round_page(
        self,
        client,
        round_builder,
        coordinator,
        goals_per_area,
        django_assert_num_queries,
        norr,
        plan_builder,
    ):
        plan = plan_builder(slug="r", owner=norr, goals_per_area=goals_per_area)
        round_builder(year=2023, plan=plan)
        round = round_builder(year=2024, plan=plan)
        client.force_login(coordinator)

        # session, user, round, its regions, memberships, reports with progress, the summary's
        # goals, previous round, the levels of both rounds; the latest events, the published
        # versions (with who published them)
        with django_assert_num_queries(11):
            response = client.get(reverse("followup:round-detail", kwargs={"pk": round.pk}))
        content = response.content.decode()
        assert content.count(f"0 / {2 * goals_per_area}</span>") == 4  # one per region

    @pytest.mark.parametrize("plans", [1, 4])
    def test_the_round_list_for_a_coordinator(
        self,
        client,
        round_builder,
        coordinator,
        plans,
        django_assert_num_queries,
        norr,
        plan_builder,
    ):
        rounds = [
            round_builder(plan=plan_builder(slug=f"lista-{n}", owner=norr)) for n in range(plans)
        ]
        client.force_login(coordinator)

        # session, user, memberships, the visible rounds (with plan, owner and progress), the
        # plans a round can be started for; the user reports for no region, so their own
        # reports are known to be none without a query
        with django_assert_num_queries(5):
            response = client.get(reverse("followup:round-list"))

        content = response.content.decode()
        for round in rounds:
            assert f'href="{round.get_absolute_url()}"' in content and round.plan.title in content
        assert "Din regions rapporter" not in content

    def test_a_coordinator_whose_rcc_has_no_round_is_offered_to_start_one(
        self, client, other_coordinator, round_builder
    ):
        round_builder()  # RCC Norr's, not theirs
        client.force_login(other_coordinator)

        content = client.get(reverse("followup:round-list")).content.decode()

        assert "Inga omgångar att visa ännu." in content
        url = reverse("followup:round-create", kwargs={"slug": "mellansverige-handlingsplan-2025"})
        assert f'href="{url}"' in content and "Starta uppföljning" in content

    def test_the_progress_counts_submitted_reports(
        self, client, round_builder, coordinator, reporter_a
    ):
        round = round_builder()
        region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
        client.force_login(coordinator)

        content = client.get(reverse("followup:round-list")).content.decode()

        assert "1 av 4 regioner" in content

    @pytest.mark.parametrize("plans", [1, 4])
    def test_the_round_list_for_a_reporter(
        self,
        client,
        round_builder,
        reporter_a,
        plans,
        django_assert_num_queries,
        norr,
        plan_builder,
    ):
        published, open_ = [], []
        for n in range(plans):
            plan = plan_builder(slug=f"lista-{n}", owner=norr)
            published.append(
                round_builder(year=2023, plan=plan, state=FollowUpRound.State.PUBLISHED)
            )
            open_.append(round_builder(year=2024, plan=plan))
        client.force_login(reporter_a)

        # session, user, memberships, the region's reports (with region, round and plan),
        # the visible rounds (with plan and owner)
        with django_assert_num_queries(5):
            response = client.get(reverse("followup:round-list"))

        content = response.content.decode()
        for round in open_ + published:
            assert f'href="{report_url(round)}"' in content
        for round in published:
            assert f'href="{round.get_absolute_url()}"' in content
        for round in open_:  # a reporter reads a round only once it is published
            assert f'href="{round.get_absolute_url()}"' not in content

    @pytest.mark.parametrize(("goals_per_area", "saves"), [(2, 1), (12, 6)])
    def test_the_assessment_page(
        self,
        client,
        round_builder,
        coordinator,
        reporter_a,
        goals_per_area,
        saves,
        django_assert_num_queries,
        norr,
        plan_builder,
    ):
        plan = plan_builder(slug="b", owner=norr, goals_per_area=goals_per_area)
        round_builder(year=2023, plan=plan)
        round = round_builder(year=2024, plan=plan)
        goal = goals(round)[0]
        report = round.reports.get(region__code="RJH")
        for n in range(saves):
            report = region_report_save(
                report=report,
                values={goal.pk: ("UPE"[n % 3], f"Text nummer {n}")},
                original={},
                user=reporter_a,
            ).report
        url = reverse(
            "followup:assessment-detail", kwargs={"pk": round.pk, "code": "RJH", "goal_pk": goal.pk}
        )
        client.force_login(coordinator)

        # session, user, the report (with region, submitter, and its round with plan and
        # owner), the round's regions, memberships, the assessment (with goal, area and
        # region), the RCC's comment, the previous round, its assessment of the goal, the
        # history (with users)
        with django_assert_num_queries(10):
            response = client.get(url)

        content = response.content.decode()
        assert f"Text nummer {saves - 1}" in content
        # one history entry per save, and the blank assessment created when the round opened
        assert content.count('class="history__when"') == saves + 1


@pytest.mark.django_db
def test_a_reporter_finds_their_report_on_the_follow_up_page(client, round_builder, reporter_a):
    round = round_builder()
    client.force_login(reporter_a)

    content = client.get(reverse("followup:round-list")).content.decode()

    assert "Din regions rapporter" in content
    assert report_url(round) in content


@pytest.mark.django_db
class TestLargePlansAnAreaAtATime:
    """A national plan (300 goals × 21 regions) is megabytes that no one reads at once."""

    @pytest.fixture
    def round(self, round_builder, norr, plan_builder):
        plan = plan_builder(slug="stor", owner=norr, areas=5, goals_per_area=14)
        return round_builder(plan=plan)

    def test_the_matrix_shows_the_first_area_with_a_pager_and_all_on_request(
        self, client, round, coordinator
    ):
        client.force_login(coordinator)
        url = reverse("followup:round-matrix", kwargs={"pk": round.pk})

        response = client.get(url)
        every = client.get(url, {"omrade": "alla"})
        third = client.get(url, {"omrade": goals(round)[30].area_id})

        content = response.content.decode()
        assert [a.area.title for a in response.context["matrix"].areas] == ["Område 1"]
        assert "Planen är stor och visas ett område i taget (5 områden)." in content
        assert f'href="{url}?omrade={goals(round)[14].area_id}" rel="next"' in content
        assert every.context["matrix"].goal_count == 70
        assert [a.area.title for a in third.context["matrix"].areas] == ["Område 3"]

    def test_the_form_saves_the_area_it_shows_and_nothing_else(self, client, round, reporter_a):
        client.force_login(reporter_a)
        second_area = goals(round)[14].area_id
        page = client.get(report_url(round), {"omrade": second_area})
        shown = page.context["form"].goals
        data = form_data(round, {goal.pk: "U" for goal in shown})
        data = {
            key: value
            for key, value in data.items()
            if not key.startswith("g") or int(key[1:].split("_")[0]) in {g.pk for g in shown}
        }
        data["omrade"] = second_area

        response = client.post(save_url(round), data)

        assert [goal.area_id for goal in shown] == [second_area] * 14
        assert response.status_code == 302
        assert response.url == f"{report_url(round)}?omrade={second_area}"
        levels = dict(
            round.assessments.filter(region__code="RJH")
            .values_list("goal__area_id", "level")
            .distinct()
        )
        assert levels == {**dict.fromkeys({g.area_id for g in goals(round)}, ""), second_area: "U"}

    def test_a_small_plan_is_shown_whole(self, client, round_builder, coordinator):
        round = round_builder()
        client.force_login(coordinator)

        response = client.get(reverse("followup:round-matrix", kwargs={"pk": round.pk}))

        assert response.context["matrix"].goal_count == 6
        assert "visas ett område i taget" not in response.content.decode()
