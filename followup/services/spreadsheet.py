"""A round's levels and comments in and out of the follow-up spreadsheet format."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.spreadsheets import Problem, SpreadsheetError, read_rows, write_rows
from plans.models import Goal, Plan
from registry.models import Region

from ..formats import BASE_COLUMNS, GoalAssessments, followup_rows, parse_followup_rows
from ..models import Assessment, FollowUpRound, RccComment, RegionReport, RoundEvent
from ..selectors import round_data
from .base import State, log_event
from .comments import rcc_comment_save
from .rounds import (
    create_missing_assessments,
    round_create,
)


@dataclass(frozen=True)
class FollowUpImportResult:
    round: FollowUpRound
    goals: int
    changed: int
    created_round: bool

    def __str__(self):
        return _("%(goals)s mål, %(changed)s ändrade bedömningar i %(round)s") % {
            "goals": self.goals,
            "changed": self.changed,
            "round": self.round,
        }


@transaction.atomic
def followup_import(
    *,
    content: bytes,
    filename: str,
    plan_slug: str,
    year: int,
    user,
    opens_on: date | None = None,
    deadline: date | None = None,
    introduction: str = "",
    summary: str = "",
    dry_run: bool = False,
) -> FollowUpImportResult:
    """Read a round's levels and comments from a spreadsheet, completely or not at all.

    1. Find the plan and its round for the year. A round that does not exist yet is created
       as a completed (closed) round of the regions in the file, their reports submitted.
    2. Read every row; any unknown goal, unknown region or bad level stops everything.
    3. Save each changed assessment and RCC comment through save(), so history is kept.
    """
    problems: list[Problem] = []
    plan = Plan.objects.filter(slug=plan_slug).first()
    if plan is None:
        raise SpreadsheetError([Problem(_("Okänd plan «%(slug)s».") % {"slug": plan_slug})])
    round = FollowUpRound.objects.filter(plan=plan, year=year).first()
    if round is not None and round.state == State.PUBLISHED:
        problems.append(
            Problem(_("Omgången %(year)s är publicerad och kan inte ändras.") % {"year": year})
        )
    goals = list(Goal.objects.for_plan(plan))
    if round is not None:
        regions = list(round.regions.order_by("name"))
    else:
        regions = list(Region.objects.filter(healthcare_region=plan.healthcare_region))
    try:
        parsed = parse_followup_rows(read_rows(content, filename, BASE_COLUMNS), goals, regions)
    except SpreadsheetError as exc:
        problems.extend(exc.problems)
    if problems:
        raise SpreadsheetError(problems)

    created = round is None
    if created:
        in_file = {region_id for entry in parsed for region_id in entry.by_region}
        today = timezone.localdate()
        round = round_create(
            plan=plan,
            year=year,
            opens_on=opens_on or today,
            deadline=deadline or opens_on or today,
            user=user,
            regions=[region for region in regions if region.pk in in_file],
            introduction=introduction,
        )
        round.state = State.CLOSED
        round.summary = summary
        round._history_user = user
        round.save(update_fields=["state", "summary"])

    changed = _save_imported(round, parsed, user)
    if created:
        create_missing_assessments(round)
    log_event(round, RoundEvent.Action.IMPORTED, user, note=filename[:300])
    if created:
        # A past round's reports count as handed in by its deadline.
        deadline_noon = timezone.make_aware(datetime.combine(round.deadline, time(12)))
        for report in round.reports.all():
            report.state = RegionReport.State.SUBMITTED
            report.submitted_at = min(timezone.now(), deadline_noon)
            report._history_user = user
            report.save(update_fields=["state", "submitted_at"])
    if dry_run:
        transaction.set_rollback(True)
    return FollowUpImportResult(round, len(parsed), changed, created)


def _save_imported(round: FollowUpRound, parsed: list[GoalAssessments], user) -> int:
    existing = {(a.goal_id, a.region_id): a for a in round.assessments.all()}
    changed = 0
    for entry in parsed:
        for region_id, (level, comment, condensed) in entry.by_region.items():
            assessment = existing.get((entry.goal.pk, region_id)) or Assessment(
                round=round, region_id=region_id, goal=entry.goal
            )
            before = (assessment.level, assessment.comment, assessment.condensed_comment)
            assessment.level, assessment.comment = level, comment
            if condensed is not None:
                assessment.condensed_comment = condensed
            if assessment.pk and before == (
                assessment.level,
                assessment.comment,
                assessment.condensed_comment,
            ):
                continue
            assessment._history_user = user
            assessment.full_clean()
            assessment.save()
            changed += 1
        current = RccComment.objects.filter(round=round, goal=entry.goal).first()
        rcc_comment_save(
            round=round,
            goal=entry.goal,
            text=entry.rcc_comment,
            original=current.text if current else "",
            user=user,
        )
    return changed


def followup_export(*, round: FollowUpRound, fmt: str) -> bytes:
    headers, rows = followup_rows(round_data(round))
    return write_rows(rows, headers, fmt)
