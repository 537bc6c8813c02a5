import pytest
from django.core.exceptions import ValidationError

from followup.models import Assessment, FollowUpRound, RccComment, RegionReport, RoundEvent
from followup.services import (
    assessment_condense,
    rcc_comment_save,
    region_report_return,
    region_report_save,
    region_report_submit,
    round_set_deadline,
    round_transition,
)
from plans.models import Goal

State = FollowUpRound.State
Action = RoundEvent.Action


def report_of(round, code="RJH"):
    return RegionReport.objects.get(round=round, region__code=code)


def goals_of(round):
    return list(Goal.objects.for_plan(round.plan))


def save(report, values, user, original=None):
    """Save as a person who loaded the report just now."""
    report.refresh_from_db()
    current = {
        a.goal_id: (a.level, a.comment)
        for a in Assessment.objects.filter(round=report.round, region=report.region)
    }
    return region_report_save(
        report=report,
        values=values,
        original=original if original is not None else current,
        user=user,
    )


@pytest.mark.django_db
class TestRoundWorkflow:
    def test_a_new_round_is_a_draft_with_a_report_per_region(self, round_builder):
        round = round_builder(state=State.DRAFT)

        assert round.state == State.DRAFT
        assert sorted(round.reports.values_list("region__code", flat=True)) == [
            "RJH",
            "RN",
            "RV",
            "RVN",
        ]
        assert round.events.get().action == Action.CREATED

    def test_opening_creates_one_blank_assessment_per_region_and_goal(self, round_builder):
        round = round_builder(state=State.OPEN)

        assert round.assessments.count() == 4 * 6
        assert set(round.assessments.values_list("level", flat=True)) == {""}

    @pytest.mark.parametrize("goals_per_area", [3, 10])
    def test_opening_writes_in_bulk_with_history(
        self, round_builder, coordinator, goals_per_area, django_assert_num_queries
    ):
        round = round_builder(state=State.DRAFT, goals_per_area=goals_per_area)

        # a savepoint, lock the round, the plan's goals, its regions, the assessments there
        # already, one insert of the assessments and one of their history, the state and its
        # history, the event, the savepoint's release. (Past a few hundred rows SQLite splits
        # a bulk insert into batches of its parameter limit; PostgreSQL takes 1,000 a batch.)
        with django_assert_num_queries(11):
            round_transition(round=round, action=Action.OPENED, user=coordinator)

        assert round.assessments.count() == 4 * 2 * goals_per_area
        history = Assessment.history.filter(round=round)
        assert history.count() == 4 * 2 * goals_per_area
        assert set(history.values_list("history_user", "history_type")) == {(coordinator.pk, "+")}

    @pytest.mark.parametrize(
        ("state", "action", "target"),
        [
            (State.DRAFT, Action.OPENED, State.OPEN),
            (State.OPEN, Action.CLOSED, State.CLOSED),
            (State.CLOSED, Action.REOPENED, State.OPEN),
            (State.CLOSED, Action.PUBLISHED, State.PUBLISHED),
            (State.PUBLISHED, Action.REOPENED, State.OPEN),
        ],
    )
    def test_allowed_transitions_are_logged_with_who(
        self, round_builder, coordinator, state, action, target
    ):
        round = round_builder(state=state)

        round = round_transition(round=round, action=action, user=coordinator)

        assert round.state == target
        event = round.events.first()
        assert (event.action, event.user) == (action, coordinator)

    @pytest.mark.parametrize(
        ("state", "action"),
        [
            (State.DRAFT, Action.CLOSED),
            (State.DRAFT, Action.PUBLISHED),
            (State.OPEN, Action.PUBLISHED),
            (State.OPEN, Action.OPENED),
            (State.PUBLISHED, Action.CLOSED),
        ],
    )
    def test_other_transitions_are_refused(self, round_builder, coordinator, state, action):
        round = round_builder(state=state)
        events = round.events.count()

        with pytest.raises(ValidationError):
            round_transition(round=round, action=action, user=coordinator)

        round.refresh_from_db()
        assert round.state == state
        assert round.events.count() == events

    def test_the_deadline_can_change_until_published(self, round_builder, coordinator):
        round = round_builder(state=State.CLOSED)
        new = round.deadline.replace(day=29)

        round_set_deadline(round=round, deadline=new, user=coordinator)

        round.refresh_from_db()
        assert round.deadline == new
        assert round.events.first().action == Action.DEADLINE

        round = round_transition(round=round, action=Action.PUBLISHED, user=coordinator)
        with pytest.raises(ValidationError):
            round_set_deadline(round=round, deadline=new.replace(day=28), user=coordinator)

    def test_a_deadline_before_opening_is_refused(self, round_builder, coordinator):
        round = round_builder()

        with pytest.raises(ValidationError):
            round_set_deadline(
                round=round, deadline=round.opens_on.replace(year=2000), user=coordinator
            )


@pytest.mark.django_db
class TestRegionReport:
    @pytest.mark.parametrize("goals_per_area", [3, 10])
    def test_a_save_writes_in_bulk_whatever_the_number_of_goals(
        self, round_builder, reporter_a, goals_per_area, django_assert_num_queries
    ):
        round = round_builder(goals_per_area=goals_per_area)
        report = report_of(round)
        values = {goal.pk: ("P", f"Kommentar {goal.number}") for goal in goals_of(round)}

        # a savepoint, lock the report (with its round), its assessments, the plan's goals,
        # the changed assessments in one update and their history in one insert, the version
        # and its history, the savepoint's release
        with django_assert_num_queries(9):
            region_report_save(report=report, values=values, original={}, user=reporter_a)

        saved = Assessment.objects.filter(round=round, region=report.region)
        assert {(a.level, a.comment) for a in saved} == set(values.values())
        history = Assessment.history.filter(round=round, region=report.region, level="P")
        assert history.count() == len(values)
        assert {record.history_user for record in history} == {reporter_a}

    def test_a_level_the_database_would_refuse_is_a_message(self, round_builder, reporter_a):
        round = round_builder()
        goal = goals_of(round)[0]

        with pytest.raises(ValidationError) as caught:
            save(report_of(round), {goal.pk: ("X", "")}, reporter_a)

        assert caught.value.messages == ["Okänd nivå «X»."]

    def test_saving_keeps_history_with_who_before_and_after(self, round_builder, reporter_a):
        round = round_builder()
        report = report_of(round)
        goal = goals_of(round)[0]

        save(report, {goal.pk: ("P", "Pågår")}, reporter_a)
        save(report, {goal.pk: ("U", "Klart")}, reporter_a)

        assessment = Assessment.objects.get(round=round, region=report.region, goal=goal)
        records = list(assessment.history.order_by("history_date"))
        assert [(r.level, r.comment) for r in records] == [("", ""), ("P", "Pågår"), ("U", "Klart")]
        assert records[-1].history_user == reporter_a
        report.refresh_from_db()
        assert report.version == 2

    def test_composite_and_unsure_levels_are_kept(self, round_builder, reporter_a):
        round = round_builder()
        report = report_of(round)
        first, second = goals_of(round)[:2]

        save(report, {first.pk: ("P/U", ""), second.pk: ("P?", "")}, reporter_a)

        levels = dict(
            Assessment.objects.filter(round=round, region=report.region).values_list(
                "goal_id", "level"
            )
        )
        assert (levels[first.pk], levels[second.pk]) == ("P/U", "P?")

    def test_a_goal_changed_by_both_is_a_conflict_for_that_goal_alone(
        self, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        report = report_of(round)
        first, second, third = goals_of(round)[:3]
        loaded = {goal.pk: ("", "") for goal in (first, second, third)}
        save(report, {first.pk: ("U", "Min kollegas text"), third.pk: ("P", "")}, coordinator)

        result = region_report_save(
            report=report,
            values={first.pk: ("E", "Min text"), second.pk: ("P", "Bara jag"), third.pk: ("", "")},
            original=loaded,
            user=reporter_a,
        )

        (conflict,) = result.conflicts
        assert (conflict.goal, conflict.mine, conflict.theirs, conflict.by) == (
            first,
            ("E", "Min text"),
            ("U", "Min kollegas text"),
            coordinator,
        )
        assert result.saved == {second.pk: ("P", "Bara jag")}
        assert result.changed_meanwhile == {third.pk: ("P", "")}  # untouched here: not written
        stored = dict(
            Assessment.objects.filter(round=round, region=report.region).values_list(
                "goal_id", "comment"
            )
        )
        assert (stored[first.pk], stored[second.pk]) == ("Min kollegas text", "Bara jag")
        assert Assessment.objects.get(round=round, region=report.region, goal=third).level == "P"

    def test_goals_the_person_did_not_change_are_never_written(
        self, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        report = report_of(round)
        goal = goals_of(round)[0]
        save(report, {goal.pk: ("U", "Kollegan")}, coordinator)
        history = Assessment.history.filter(goal=goal, region=report.region).count()

        result = region_report_save(
            report=report, values={goal.pk: ("", "")}, original={goal.pk: ("", "")}, user=reporter_a
        )

        assert (result.saved, result.conflicts) == ({}, [])
        assert Assessment.history.filter(goal=goal, region=report.region).count() == history

    def test_a_goal_of_another_plan_is_refused(
        self, round_builder, reporter_a, mellansverige, plan_builder
    ):
        round = round_builder()
        other = plan_builder(slug="annan", owner=mellansverige)
        foreign = Goal.objects.filter(area__plan=other).first()

        with pytest.raises(ValidationError):
            save(report_of(round), {foreign.pk: ("U", "")}, reporter_a)

        assert not Assessment.objects.filter(goal=foreign).exists()

    def test_submitting_locks_the_report_until_it_is_returned(
        self, round_builder, reporter_a, coordinator
    ):
        round = round_builder()
        report = report_of(round)
        goal = goals_of(round)[0]

        report = region_report_submit(report=report, user=reporter_a)

        assert (report.state, report.submitted_by) == (RegionReport.State.SUBMITTED, reporter_a)
        with pytest.raises(ValidationError):
            save(report, {goal.pk: ("U", "")}, reporter_a)
        with pytest.raises(ValidationError):
            region_report_submit(report=report, user=reporter_a)

        report = region_report_return(report=report, user=coordinator, message="Komplettera 1.2")

        assert report.state == RegionReport.State.RETURNED
        assert report.submitted_at is None
        assert (report.returned_by, report.return_message) == (coordinator, "Komplettera 1.2")
        event = round.events.first()
        assert (event.action, event.note, event.region) == (
            Action.RETURNED,
            "Komplettera 1.2",
            report.region,
        )
        save(report, {goal.pk: ("U", "")}, reporter_a)

    def test_a_report_cannot_change_once_the_round_is_closed(self, round_builder, reporter_a):
        round = round_builder(state=State.CLOSED)
        goal = goals_of(round)[0]

        with pytest.raises(ValidationError):
            save(report_of(round), {goal.pk: ("U", "")}, reporter_a)

    def test_only_a_submitted_report_can_be_returned(self, round_builder, coordinator):
        with pytest.raises(ValidationError):
            region_report_return(report=report_of(round_builder()), user=coordinator, message="x")


@pytest.mark.django_db
class TestRccTexts:
    def test_the_condensed_comment_is_kept_with_history_and_conflicts_detected(
        self, round_builder, coordinator
    ):
        round = round_builder()
        assessment = round.assessments.first()

        assessment_condense(assessment=assessment, text="Kort.\r\n", original="", user=coordinator)

        assessment.refresh_from_db()
        assert assessment.condensed_comment == "Kort."
        assert assessment.history.first().history_user == coordinator
        with pytest.raises(ValidationError):
            assessment_condense(assessment=assessment, text="Annat", original="", user=coordinator)
        assessment.refresh_from_db()
        assert assessment.condensed_comment == "Kort."

    def test_the_rcc_comment_is_set_changed_and_cleared(self, round_builder, coordinator):
        round = round_builder()
        goal = goals_of(round)[0]

        rcc_comment_save(round=round, goal=goal, text="Bra", original="", user=coordinator)
        rcc_comment_save(round=round, goal=goal, text="Bättre", original="Bra", user=coordinator)

        assert RccComment.objects.get(round=round, goal=goal).text == "Bättre"
        with pytest.raises(ValidationError):
            rcc_comment_save(round=round, goal=goal, text="X", original="Bra", user=coordinator)
        rcc_comment_save(round=round, goal=goal, text="", original="Bättre", user=coordinator)
        assert not RccComment.objects.filter(round=round, goal=goal).exists()
        assert RccComment.history.filter(goal=goal).count() == 3
