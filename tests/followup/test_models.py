"""The follow-up's integrity rules hold in the database itself, not only in forms and services.

Writes here bypass full_clean (QuerySet.update, bulk_create, objects.create) on purpose.
"""

import re
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followup.models import (
    Assessment,
    FollowUpRound,
    PublishedRegionReport,
    PublishedReport,
    RccComment,
    RegionReport,
    Reminder,
)
from plans.models import Goal
from registry.models import Region

TESTED_CONSTRAINTS = {
    "round_unique_plan_year",
    "round_deadline_after_opening",
    "round_year_plausible",
    "round_state_known",
    "report_unique_region",
    "report_submitted_has_time",
    "report_state_known",
    "report_returned_has_message",
    "assessment_unique_round_region_goal",
    "assessment_level_known",
    "rcc_comment_unique_goal",
    "reminder_once_per_day",
    "published_report_unique_number",
    "published_report_number_positive",
    "published_region_report_unique",
}


@contextmanager
def refused(constraint: str):
    """Expect the database to refuse what the block writes, naming the check constraint.

    The savepoint keeps the test's transaction usable after the error.
    """
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        yield


@contextmanager
def refused_unique(constraint: str, table: str, *columns: str):
    """Expect the database to refuse a duplicate: PostgreSQL names the constraint, SQLite its
    columns."""
    columns_pattern = re.escape(", ".join(f"followup_{table}.{column}" for column in columns))
    pattern = f"{constraint}|{columns_pattern}"
    with pytest.raises(IntegrityError, match=pattern), transaction.atomic():
        yield


def update(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def test_every_followup_constraint_is_tested_here():
    names = {
        constraint.name
        for model in apps.get_app_config("followup").get_models()
        for constraint in model._meta.constraints
    }

    assert names == TESTED_CONSTRAINTS


@pytest.mark.django_db
class TestRound:
    def test_a_plan_has_one_round_per_year(self, round_builder):
        round = round_builder(year=2024)
        copy = FollowUpRound(
            plan=round.plan, year=2024, opens_on=round.opens_on, deadline=round.deadline
        )

        with refused_unique("round_unique_plan_year", "followupround", "plan_id", "year"):
            FollowUpRound.objects.bulk_create([copy])
        with refused_unique("round_unique_plan_year", "followupround", "plan_id", "year"):
            round_builder(year=2025, plan=round.plan)
            FollowUpRound.objects.filter(plan=round.plan, year=2025).update(year=2024)

        assert FollowUpRound.objects.filter(plan=round.plan).count() == 1

    def test_another_plan_may_have_a_round_the_same_year(self, round_builder, norr, plan_builder):
        round_builder(year=2024)
        other = plan_builder(slug="annan", owner=norr)

        FollowUpRound.objects.bulk_create(
            [
                FollowUpRound(
                    plan=other, year=2024, opens_on=date(2025, 3, 1), deadline=date(2025, 4, 30)
                )
            ]
        )

        assert other.rounds.count() == 1

    def test_the_deadline_is_not_before_the_opening_day(self, round_builder):
        round = round_builder()

        with refused("round_deadline_after_opening"):
            update(FollowUpRound, round.pk, deadline=round.opens_on - timedelta(days=1))

        update(FollowUpRound, round.pk, deadline=round.opens_on)
        round.refresh_from_db()
        assert round.deadline == round.opens_on

    @pytest.mark.parametrize("year", [1999, 2101])
    def test_the_year_is_plausible(self, round_builder, year):
        round = round_builder()

        with refused("round_year_plausible"):
            update(FollowUpRound, round.pk, year=year)

        round.refresh_from_db()
        assert round.year == 2024

    @pytest.mark.parametrize("year", [2000, 2100])
    def test_the_first_and_last_plausible_years_are_allowed(self, round_builder, year):
        round = round_builder()

        update(FollowUpRound, round.pk, year=year)

        round.refresh_from_db()
        assert round.year == year

    def test_the_state_is_one_of_the_known_states(self, round_builder):
        round = round_builder()

        with refused("round_state_known"):
            update(FollowUpRound, round.pk, state="archived")

        round.refresh_from_db()
        assert round.state == FollowUpRound.State.OPEN

    def test_full_clean_refuses_a_deadline_before_the_opening_day(self, round_builder):
        round = round_builder()
        round.deadline = round.opens_on - timedelta(days=1)

        with pytest.raises(ValidationError) as error:
            round.full_clean()

        assert len(error.value.messages) == 1

    def test_full_clean_explains_a_deadline_before_the_opening_day(self, round_builder):
        round = round_builder()
        round.deadline = round.opens_on - timedelta(days=1)

        with pytest.raises(ValidationError) as error:
            round.full_clean()

        message = " ".join(error.value.messages)
        assert "round_deadline_after_opening" not in message
        assert "sista dag" in message.casefold()


@pytest.mark.django_db
class TestRegionReport:
    def test_a_region_has_one_report_per_round(self, round_builder):
        round = round_builder()
        rjh = Region.objects.get(code="RJH")

        with refused_unique("report_unique_region", "regionreport", "round_id", "region_id"):
            RegionReport.objects.bulk_create([RegionReport(round=round, region=rjh)])

        assert round.reports.filter(region=rjh).count() == 1

    def test_a_submitted_report_has_a_submission_time(self, round_builder):
        report = round_builder().reports.get(region__code="RJH")

        with refused("report_submitted_has_time"):
            update(RegionReport, report.pk, state=RegionReport.State.SUBMITTED)

        report.refresh_from_db()
        assert report.state == RegionReport.State.DRAFT
        update(
            RegionReport,
            report.pk,
            state=RegionReport.State.SUBMITTED,
            submitted_at="2025-04-01T12:00:00Z",
        )
        report.refresh_from_db()
        assert report.state == RegionReport.State.SUBMITTED

    def test_a_report_state_is_one_of_the_known(self, round_builder):
        report = round_builder().reports.get(region__code="RJH")

        with refused("report_state_known"):
            update(RegionReport, report.pk, state="lost")

    def test_a_returned_report_has_a_message_and_a_time(self, round_builder):
        report = round_builder().reports.get(region__code="RJH")

        with refused("report_returned_has_message"):
            update(RegionReport, report.pk, state="returned", returned_at="2025-04-01T12:00:00Z")
        with refused("report_returned_has_message"):
            update(RegionReport, report.pk, state="returned", return_message="Komplettera")
        update(
            RegionReport,
            report.pk,
            state="returned",
            return_message="Komplettera",
            returned_at="2025-04-01T12:00:00Z",
        )
        report.refresh_from_db()
        assert report.state == RegionReport.State.RETURNED


@pytest.mark.django_db
class TestAssessment:
    def test_a_region_judges_a_goal_once_per_round(self, round_builder):
        round = round_builder()
        existing = round.assessments.filter(region__code="RJH").first()

        columns = ("round_id", "region_id", "goal_id")
        with refused_unique("assessment_unique_round_region_goal", "assessment", *columns):
            Assessment.objects.bulk_create(
                [Assessment(round=round, region=existing.region, goal=existing.goal, level="U")]
            )

        assert round.assessments.filter(region=existing.region, goal=existing.goal).count() == 1

    @pytest.mark.parametrize("level", ["X", "UU", "U/", "?", "U/P/E/U"])
    def test_the_level_is_one_of_the_known_levels(self, round_builder, level):
        assessment = round_builder().assessments.first()

        with refused("assessment_level_known"):
            update(Assessment, assessment.pk, level=level)

        assessment.refresh_from_db()
        assert assessment.level == ""

    @pytest.mark.parametrize("level", ["U", "P/U", "E/P?", "U/U/E"])
    def test_composite_and_unsure_levels_are_known(self, round_builder, level):
        assessment = round_builder().assessments.first()

        update(Assessment, assessment.pk, level=level)

        assessment.refresh_from_db()
        assert assessment.level == level


@pytest.mark.django_db
def test_the_rcc_comments_once_per_goal_and_round(round_builder):
    round = round_builder()
    goal = Goal.objects.for_plan(round.plan).first()
    RccComment.objects.create(round=round, goal=goal, text="Första")

    with refused_unique("rcc_comment_unique_goal", "rcccomment", "round_id", "goal_id"):
        RccComment.objects.create(round=round, goal=goal, text="Andra")

    assert list(RccComment.objects.filter(round=round).values_list("text", flat=True)) == ["Första"]


@pytest.mark.django_db
def test_a_region_is_reminded_at_most_once_a_day(round_builder):
    round = round_builder()
    rjh = Region.objects.get(code="RJH")
    Reminder.objects.create(round=round, region=rjh, sent_on=date(2025, 4, 20))

    with refused_unique("reminder_once_per_day", "reminder", "round_id", "region_id", "sent_on"):
        Reminder.objects.create(round=round, region=rjh, sent_on=date(2025, 4, 20))

    Reminder.objects.create(round=round, region=rjh, sent_on=date(2025, 4, 21))
    Reminder.objects.create(
        round=round, region=Region.objects.get(code="RN"), sent_on=date(2025, 4, 20)
    )
    assert Reminder.objects.filter(round=round).count() == 3


@pytest.mark.django_db
class TestTextLimits:
    def test_a_comment_longer_than_4000_characters_is_refused(self, round_builder):
        round = round_builder()
        assessment = round.assessments.first()
        assessment.comment = "x" * 4_001

        with pytest.raises(ValidationError) as caught:
            assessment.full_clean()

        assert caught.value.message_dict["comment"] == [
            "Säkerställ att detta värde har som mest 4000 tecken (den har 4001)."
        ]

    def test_a_comment_of_4000_characters_is_kept(self, round_builder):
        round = round_builder()
        assessment = round.assessments.first()
        assessment.comment = assessment.condensed_comment = "x" * 4_000

        assessment.full_clean()

    def test_the_rccs_comment_and_the_rounds_texts_are_bounded(self, round_builder):
        round = round_builder()
        round.summary = "x" * 20_001
        comment = RccComment(round=round, goal=Goal.objects.for_plan(round.plan).first())
        comment.text = "x" * 4_001

        with pytest.raises(ValidationError) as round_error:
            round.full_clean()
        with pytest.raises(ValidationError) as comment_error:
            comment.full_clean()

        assert list(round_error.value.message_dict) == ["summary"]
        assert list(comment_error.value.message_dict) == ["text"]


@pytest.mark.django_db
class TestPublishedReport:
    def test_a_version_number_is_a_rounds_once_and_counts_from_one(self, round_builder):
        round = round_builder(state=FollowUpRound.State.PUBLISHED)
        stored = round.published_reports.get()

        def copy(number):
            return PublishedReport(
                round=round, number=number, published_at=stored.published_at, html="x.html"
            )

        with refused_unique(
            "published_report_unique_number", "publishedreport", "round_id", "number"
        ):
            PublishedReport.objects.bulk_create([copy(1)])
        with refused("published_report_number_positive"):
            PublishedReport.objects.bulk_create([copy(0)])

        assert round.published_reports.count() == 1

    def test_a_version_stores_a_regions_report_once(self, round_builder):
        round = round_builder(state=FollowUpRound.State.PUBLISHED)
        stored = PublishedRegionReport.objects.filter(version__round=round).first()

        with refused_unique(
            "published_region_report_unique", "publishedregionreport", "version_id", "region_id"
        ):
            PublishedRegionReport.objects.bulk_create(
                [PublishedRegionReport(version=stored.version, region=stored.region, html="x")]
            )

        assert PublishedRegionReport.objects.filter(version=stored.version).count() == (
            round.regions.count()
        )
