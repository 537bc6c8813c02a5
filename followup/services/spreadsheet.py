"""A round's levels and comments in and out of the follow-up spreadsheet format."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from documents.spreadsheets import Problem, SpreadsheetError, read_rows, write_rows
from plans.models import Goal, Plan
from registry.models import Region

from ..formats import BASE_COLUMNS, GoalAssessments, followup_rows, parse_followup_rows
from ..models import Assessment, FollowUpRound, RegionReport, RoundEvent
from ..selectors import round_data
from .base import State, log_event, normalise_text
from .comments import rcc_comment_save
from .rounds import (
    create_missing_assessments,
    round_create,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class FollowUpImportResult:
    round: FollowUpRound
    goals: int
    changed: int  # assessments
    created_round: bool
    changed_rcc_comments: int = 0
    cleared: int = 0  # values emptied by an empty cell in a column the file has
    regions: tuple[str, ...] = ()  # the codes of the regions whose reports changed
    dry_run: bool = False

    def __str__(self):
        text = _("%(goals)s mål, %(changed)s ändrade bedömningar i %(round)s") % {
            "goals": self.goals,
            "changed": self.changed,
            "round": self.round,
        }
        if self.changed_rcc_comments:
            text += _(", %(count)s ändrade RCC-kommentarer") % {"count": self.changed_rcc_comments}
        if self.cleared:
            verb = _("töms") if self.dry_run else _("tömdes")
            text += "\n" + _(
                "%(count)s värden %(verb)s av tomma celler i kolumner som finns i filen."
            ) % {"count": self.cleared, "verb": verb}
        if self.regions:
            text += "\n" + _("Ändrade rapporter: %(codes)s.") % {"codes": ", ".join(self.regions)}
        else:
            text += "\n" + _("Ingen rapport ändrades.")
        return text


@dataclass
class _Changes:
    assessments: list[Assessment]
    rcc_comments: list[tuple[GoalAssessments, str]]  # the row and the text stored now
    cleared: int


def year_problem(year: int) -> Problem | None:
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return Problem(
        _("Uppföljningsåret ska ligga mellan %(first)s och %(last)s; %(year)s går inte.")
        % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": year}
    )


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
    include_submitted: bool = False,
    dry_run: bool = False,
) -> FollowUpImportResult:
    """Read a round's levels and comments from a spreadsheet, completely or not at all.

    1. Find the plan and its round for the year, locked. A round that does not exist yet is
       created as a completed (closed) round of the regions in the file, their reports submitted.
    2. Read every row; any unknown goal, unknown region or bad level stops everything. A column
       the file does not have leaves its values as they are; an empty cell clears its value.
    3. Work out what changes. In an open round, a submitted report is changed only with
       include_submitted.
    4. Save each changed assessment and RCC comment through save(), so history is kept, and
       bump the version of every report that changed, so an open form meets a conflict
       instead of writing over the imported values.
    """
    if problem := year_problem(year):
        raise SpreadsheetError([problem])
    problems: list[Problem] = []
    plan = Plan.objects.filter(slug=plan_slug).first()
    if plan is None:
        raise SpreadsheetError([Problem(_("Okänd plan «%(slug)s».") % {"slug": plan_slug})])
    round = FollowUpRound.objects.select_for_update().filter(plan=plan, year=year).first()
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

    reports = {
        report.region_id: report
        for report in RegionReport.objects.select_for_update(of=("self",))
        .filter(round=round)
        .select_related("region")
    }
    changes = _changes(round, parsed)
    changed_reports = sorted(
        {reports[a.region_id] for a in changes.assessments if a.region_id in reports},
        key=lambda report: report.region.name,
    )
    if round.state == State.OPEN and not include_submitted:
        submitted = [r for r in changed_reports if r.state == RegionReport.State.SUBMITTED]
        if submitted:
            raise SpreadsheetError([_submitted_problem(submitted)])

    _save_imported(round, changes, user)
    if not created:
        for report in changed_reports:
            report.version += 1
            report._history_user = user
            report.save(update_fields=["version"])
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
    return FollowUpImportResult(
        round=round,
        goals=len(parsed),
        changed=len(changes.assessments),
        created_round=created,
        changed_rcc_comments=len(changes.rcc_comments),
        cleared=changes.cleared,
        regions=tuple(report.region.code for report in changed_reports),
        dry_run=dry_run,
    )


def _submitted_problem(reports: list[RegionReport]) -> Problem:
    return Problem(
        _(
            "Filen ändrar rapporter som redan är inskickade: %(codes)s. Återsänd dem först, "
            "eller importera med --include-submitted för att ändra dem ändå."
        )
        % {"codes": ", ".join(report.region.code for report in reports)}
    )


def _changes(round: FollowUpRound, parsed: list[GoalAssessments]) -> _Changes:
    """The assessments (changed in memory, not saved) and RCC comments the file changes.

    A value the file does not have (None) stays as it is.
    """
    existing = {(a.goal_id, a.region_id): a for a in round.assessments.all()}
    rcc_texts = dict(round.rcc_comments.values_list("goal_id", "text"))
    changes = _Changes([], [], 0)
    for entry in parsed:
        for region_id, (level, comment, condensed) in entry.by_region.items():
            assessment = existing.get((entry.goal.pk, region_id)) or Assessment(
                round=round, region_id=region_id, goal=entry.goal
            )
            changed = not assessment.pk
            for field, value in (
                ("level", level),
                ("comment", comment),
                ("condensed_comment", condensed),
            ):
                if value is None:
                    continue
                value = normalise_text(value)
                stored = getattr(assessment, field)
                if value == stored:
                    continue
                changes.cleared += bool(stored) and not value
                setattr(assessment, field, value)
                changed = True
            if changed:
                changes.assessments.append(assessment)
        if entry.rcc_comment is not None:
            stored = rcc_texts.get(entry.goal.pk, "")
            if normalise_text(entry.rcc_comment) != normalise_text(stored):
                changes.cleared += bool(stored) and not entry.rcc_comment.strip()
                changes.rcc_comments.append((entry, stored))
    return changes


def _save_imported(round: FollowUpRound, changes: _Changes, user) -> None:
    """Write the changed assessments in bulk with history, then the RCC comments.

    The file's values were validated as it was read (levels, lengths, goals of the plan), so
    nothing is left for a full_clean() per row to find.
    """
    existing = [a for a in changes.assessments if a.pk is not None]
    new = [a for a in changes.assessments if a.pk is None]
    fields = ["level", "comment", "condensed_comment"]
    bulk_update_with_history(existing, Assessment, fields, default_user=user)
    bulk_create_with_history(new, Assessment, default_user=user)
    for entry, stored in changes.rcc_comments:
        rcc_comment_save(
            round=round, goal=entry.goal, text=entry.rcc_comment, original=stored, user=user
        )


def followup_export(*, round: FollowUpRound, fmt: str) -> bytes:
    headers, rows = followup_rows(round_data(round))
    return write_rows(rows, headers, fmt)
