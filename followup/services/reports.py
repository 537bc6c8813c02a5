"""A region's report: saving, merged goal by goal, submitting, returning."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from documents.concurrency import latest_records
from plans.models import Goal

from ..levels import Level
from ..models import COMMENT_TEXT, MESSAGE_TEXT, Assessment, RegionReport, RoundEvent
from ..signals import report_returned, report_submitted, send_on_commit
from .base import State, log_event, normalise_text


def check_report_editable(report: RegionReport) -> None:
    """Raise a ValidationError saying why, unless the report can be changed in its state."""
    if report.round.state != State.OPEN:
        raise ValidationError(
            _("Omgången är inte öppen; rapporten kan inte ändras."), code="round_not_open"
        )
    if not report.is_editable:
        raise ValidationError(
            _("Rapporten är inskickad och kan inte ändras om den inte återsänds."),
            code="submitted",
        )


@dataclass
class GoalConflict:
    """A goal that this person and someone else both changed since this person loaded it."""

    goal: Goal
    mine: tuple[str, str]  # (level, comment) as this person typed it
    theirs: tuple[str, str]  # as saved now
    by: Any  # who saved theirs, None when unknown
    at: datetime | None


@dataclass
class ReportSave:
    report: RegionReport
    saved: dict[int, tuple[str, str]]  # the goals written, as stored now
    changed_meanwhile: dict[int, tuple[str, str]]  # goals someone else changed, not this person
    conflicts: list[GoalConflict]


@transaction.atomic
def region_report_save(
    *,
    report: RegionReport,
    values: dict[int, tuple[str, str]],
    original: dict[int, tuple[str, str]],
    user,
) -> ReportSave:
    """Save a region's levels and comments (goal id -> (level, comment)), merging goal by goal.

    `original` holds each goal as this person loaded it. A goal they did not change is never
    written; a goal they changed is written unless someone else changed it too since they
    loaded it, which is a conflict for that goal alone, for the person to decide. A goal
    without an original is written as given.

    1. Lock the report and check that it may still be edited.
    2. Compare each goal's input with what was loaded and what is stored now.
    3. Write the goals that changed, in bulk, with history of who and when: the number of
       queries does not grow with the plan. What the database would refuse is checked here
       first, so that a person gets a message rather than an IntegrityError.
    4. Bump the version, which records that the report changed.
    """
    report = RegionReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    check_report_editable(report)
    assessments = {
        a.goal_id: a
        for a in Assessment.objects.filter(round_id=report.round_id, region_id=report.region_id)
    }
    goals = Goal.objects.filter(area__plan_id=report.round.plan_id, pk__in=values.keys())
    goals = goals.select_related("area").in_bulk()

    changed, created, saved, meanwhile, conflicting = [], [], {}, {}, {}
    for goal_id, (level, comment) in values.items():
        if goal_id not in goals:
            raise ValidationError(_("Målet hör inte till planen."), code="unknown_goal")
        mine = _valid(level, comment)
        assessment = assessments.get(goal_id)
        stored = (assessment.level, normalise_text(assessment.comment)) if assessment else ("", "")
        loaded = tuple(original.get(goal_id, stored))
        if mine in (loaded, stored):
            if stored != loaded:
                meanwhile[goal_id] = stored
            continue
        if stored != loaded:
            conflicting[goal_id] = (mine, stored)
            continue
        saved[goal_id] = mine
        if assessment is None:
            created.append(
                Assessment(
                    round_id=report.round_id,
                    region_id=report.region_id,
                    goal_id=goal_id,
                    level=mine[0],
                    comment=mine[1],
                )
            )
        else:
            assessment.level, assessment.comment = mine
            changed.append(assessment)
    if changed or created:
        bulk_update_with_history(changed, Assessment, ["level", "comment"], default_user=user)
        bulk_create_with_history(created, Assessment, default_user=user)
        report.version += 1
        report._history_user = user
        report.save(update_fields=["version"])
    return ReportSave(
        report=report,
        saved=saved,
        changed_meanwhile=meanwhile,
        conflicts=_conflicts(conflicting, assessments, goals),
    )


def _conflicts(conflicting: dict, assessments: dict, goals: dict) -> list[GoalConflict]:
    """The conflicting goals with who saved theirs and when, from the history in one query."""
    if not conflicting:
        return []
    ids = [assessments[goal_id].pk for goal_id in conflicting if goal_id in assessments]
    records = latest_records(Assessment.history, ids)
    conflicts = []
    for goal_id, (mine, theirs) in conflicting.items():
        assessment = assessments.get(goal_id)
        record = records.get(assessment.pk) if assessment else None
        conflicts.append(
            GoalConflict(
                goal=goals[goal_id],
                mine=mine,
                theirs=theirs,
                by=record.history_user if record else None,
                at=record.history_date if record else None,
            )
        )
    return sorted(conflicts, key=lambda c: (c.goal.area.order, c.goal.order))


def _valid(level: str, comment: str) -> tuple[str, str]:
    """The level and comment as stored, or a ValidationError saying what is wrong."""
    try:
        level = str(Level.parse(level))
    except ValueError:
        raise ValidationError(
            _("Okänd nivå «%(level)s».") % {"level": level}, code="unknown_level"
        ) from None
    comment = normalise_text(comment)
    if len(comment) > COMMENT_TEXT:
        raise ValidationError(
            _("En kommentar får vara högst %(limit)s tecken.") % {"limit": COMMENT_TEXT},
            code="comment_too_long",
        )
    return level, comment


@transaction.atomic
def region_report_submit(*, report: RegionReport, user) -> RegionReport:
    report = RegionReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    check_report_editable(report)
    report.state = RegionReport.State.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report._history_user = user
    report.save(update_fields=["state", "submitted_by", "submitted_at"])
    event = log_event(report.round, RoundEvent.Action.SUBMITTED, user, region=report.region)
    send_on_commit(report_submitted, RegionReport, report=report, event=event)
    return report


@transaction.atomic
def region_report_return(*, report: RegionReport, user, message: str) -> RegionReport:
    """Give a submitted report back to its region with a message; its reporters are told
    through followup.signals.

    The version is bumped, so that a form opened before the return cannot save over it.
    """
    message = normalise_text(message)
    if not message:
        raise ValidationError(
            _("Skriv ett meddelande till regionen om vad som behöver ändras."),
            code="message_required",
        )
    if len(message) > MESSAGE_TEXT:
        raise ValidationError(
            _("Meddelandet får vara högst %(limit)s tecken; det har %(length)s.")
            % {"limit": MESSAGE_TEXT, "length": len(message)},
            code="message_too_long",
        )
    report = (
        # only the report's row: its plan's owner is an outer join, which cannot be locked
        RegionReport.objects.select_for_update(of=("self",))
        .select_related(
            "round__plan__owner_healthcare_region",
            "round__plan__owner_region__healthcare_region",
            "region",
        )
        .get(pk=report.pk)
    )
    if report.state != RegionReport.State.SUBMITTED:
        raise ValidationError(_("Bara en inskickad rapport kan återsändas."), code="not_submitted")
    if report.round.state == State.PUBLISHED:
        raise ValidationError(
            _("Omgången är publicerad; öppna den inte igen genom att återsända."), code="published"
        )
    report.state = RegionReport.State.RETURNED
    report.submitted_by = None
    report.submitted_at = None
    report.returned_by = user
    report.returned_at = timezone.now()
    report.return_message = message
    report.version += 1
    report._history_user = user
    report.save(
        update_fields=[
            "state",
            "submitted_by",
            "submitted_at",
            "returned_by",
            "returned_at",
            "return_message",
            "version",
        ]
    )
    event = log_event(
        report.round, RoundEvent.Action.RETURNED, user, region=report.region, note=message
    )
    # Once committed, the reporters hear of it from whoever listens (notifications).
    send_on_commit(report_returned, RegionReport, report=report, event=event, user=user)
    return report


def return_subject(report: RegionReport) -> str:
    return _("Rapporten för %(round)s är återsänd för ändringar") % {"round": report.round}


def return_body(report: RegionReport, user) -> str:
    return _(
        "Hej!\n\n%(who)s på %(rcc)s har återsänt %(region)s rapport för %(round)s "
        "med det här meddelandet:\n\n%(message)s\n\n"
        "Ändra och skicka in rapporten igen här, senast %(deadline)s:\n%(url)s\n\n"
        "Hälsningar\n%(rcc)s"
    ) % {
        "who": user.get_full_name() or user.username,
        "rcc": report.round.plan.healthcare_region.rcc_name,
        "region": report.region,
        "round": report.round,
        "message": report.return_message,
        "deadline": report.round.deadline.strftime("%Y-%m-%d"),
        "url": settings.SITE_URL.rstrip("/") + report.get_absolute_url(),
    }
