from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Goal, Plan
from plans.spreadsheet import Problem, SpreadsheetError, read_rows, write_rows
from registry.models import Membership, Region

from .levels import Level
from .models import Assessment, FollowUpRound, RccComment, RegionReport, Reminder, RoundEvent
from .resources import BASE_COLUMNS, GoalAssessments, followup_rows, parse_followup_rows

State = FollowUpRound.State

# action -> (states it may start from, state it leads to)
TRANSITIONS = {
    RoundEvent.Action.OPENED: ((State.DRAFT,), State.OPEN),
    RoundEvent.Action.CLOSED: ((State.OPEN,), State.CLOSED),
    RoundEvent.Action.REOPENED: ((State.CLOSED,), State.OPEN),
    RoundEvent.Action.PUBLISHED: ((State.CLOSED,), State.PUBLISHED),
}


@dataclass(frozen=True)
class Change:
    """Something another person saved after this person opened the form."""

    goal: Goal
    field: str  # "level" or "comment"
    theirs: str
    by: object  # the user, or None
    at: datetime | None


class ReportConflict(Exception):
    def __init__(self, changes: list[Change]):
        self.changes = changes
        super().__init__(f"{len(changes)} changes saved by someone else")


def normalise_text(text: str) -> str:
    """Browsers post line breaks as CRLF and HTML turns them into LF; store and compare LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _log(round: FollowUpRound, action: str, user, region: Region | None = None, note: str = ""):
    RoundEvent.objects.create(round=round, action=action, user=user, region=region, note=note)


@transaction.atomic
def round_create(
    *,
    plan: Plan,
    year: int,
    opens_on: date,
    deadline: date,
    user,
    regions: list[Region] | None = None,
    introduction: str = "",
) -> FollowUpRound:
    """Create a draft round with a report per region (default: the plan's healthcare region's)."""
    round = FollowUpRound(
        plan=plan, year=year, opens_on=opens_on, deadline=deadline, introduction=introduction
    )
    round.full_clean()
    round.save()
    if regions is None:
        if plan.owner_region_id:
            regions = [plan.owner_region]
        else:
            regions = list(plan.healthcare_region.regions.all())
    round.regions.set(regions)
    for region in regions:
        RegionReport.objects.create(round=round, region=region)
    _log(round, RoundEvent.Action.CREATED, user)
    return round


@transaction.atomic
def round_transition(*, round: FollowUpRound, action: str, user) -> FollowUpRound:
    """Open, close, reopen or publish a round, if its state allows it; log who and when."""
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    sources, target = TRANSITIONS[action]
    if round.state not in sources:
        raise ValidationError(
            _("Omgången är %(state)s och kan inte %(action)s.")
            % {"state": round.get_state_display().lower(), "action": _verb(action)},
            code="invalid_transition",
        )
    if action == RoundEvent.Action.OPENED:
        _create_missing_assessments(round)
    round.state = target
    round._history_user = user
    round.save(update_fields=["state"])
    _log(round, action, user)
    return round


def _verb(action: str) -> str:
    return {
        RoundEvent.Action.OPENED: _("öppnas"),
        RoundEvent.Action.CLOSED: _("stängas"),
        RoundEvent.Action.REOPENED: _("öppnas igen"),
        RoundEvent.Action.PUBLISHED: _("publiceras"),
    }[action]


def _create_missing_assessments(round: FollowUpRound) -> None:
    goals = list(Goal.objects.filter(area__plan_id=round.plan_id).values_list("pk", flat=True))
    regions = list(round.regions.values_list("pk", flat=True))
    existing = set(round.assessments.values_list("region_id", "goal_id"))
    for region_id in regions:
        for goal_id in goals:
            if (region_id, goal_id) not in existing:
                Assessment.objects.create(round=round, region_id=region_id, goal_id=goal_id)


@transaction.atomic
def round_set_deadline(*, round: FollowUpRound, deadline: date, user) -> FollowUpRound:
    if round.state == State.PUBLISHED:
        raise ValidationError(_("En publicerad omgång kan inte få ny sista dag."), code="published")
    old = round.deadline
    round.deadline = deadline
    round._history_user = user
    round.full_clean()
    round.save(update_fields=["deadline"])
    _log(round, RoundEvent.Action.DEADLINE, user, note=f"{old:%Y-%m-%d} → {deadline:%Y-%m-%d}")
    return round


@transaction.atomic
def round_update_texts(
    *, round: FollowUpRound, introduction: str, summary: str, original: dict, user
) -> FollowUpRound:
    """Save the round's introduction and summary unless someone else changed them meanwhile."""
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    now = (normalise_text(round.introduction), normalise_text(round.summary))
    if now != (normalise_text(original["introduction"]), normalise_text(original["summary"])):
        raise ValidationError(
            _(
                "Någon annan har ändrat texterna sedan du öppnade sidan. Dina ändringar är "
                "inte sparade; jämför med den nya texten nedan och spara igen."
            ),
            code="conflict",
        )
    round.introduction, round.summary = normalise_text(introduction), normalise_text(summary)
    round._history_user = user
    round.save(update_fields=["introduction", "summary"])
    return round


def _check_not_published(round: FollowUpRound) -> None:
    if round.state == State.PUBLISHED:
        raise ValidationError(
            _("Omgången är publicerad; rapportens texter kan inte längre ändras."),
            code="published",
        )


def _check_report_editable(report: RegionReport) -> None:
    if report.round.state != State.OPEN:
        raise ValidationError(
            _("Omgången är inte öppen; rapporten kan inte ändras."), code="round_not_open"
        )
    if report.state == RegionReport.State.SUBMITTED:
        raise ValidationError(
            _("Rapporten är inskickad och kan inte ändras om den inte återsänds."),
            code="submitted",
        )


@transaction.atomic
def region_report_save(
    *,
    report: RegionReport,
    values: dict[int, tuple[str, str]],
    original: dict[int, tuple[str, str]],
    version: int,
    user,
) -> RegionReport:
    """Save a region's levels and comments (goal id -> (level, comment)).

    1. Lock the report and check that it may still be edited.
    2. If someone saved the report since this person loaded it (version differs), refuse with
       the changes they made, compared with what this person started from.
    3. Save each assessment that changed, through save() so history records who and when.
    4. Bump the version.
    """
    report = RegionReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    _check_report_editable(report)
    assessments = {
        a.goal_id: a
        for a in Assessment.objects.filter(round_id=report.round_id, region_id=report.region_id)
    }
    if report.version != version:
        raise ReportConflict(_changes_since(assessments, original))

    goals = Goal.objects.filter(area__plan_id=report.round.plan_id).in_bulk(values.keys())
    for goal_id, (level, comment) in values.items():
        if goal_id not in goals:
            raise ValidationError(_("Målet hör inte till planen."), code="unknown_goal")
        level = str(Level.parse(level))
        assessment = assessments.get(goal_id) or Assessment(
            round_id=report.round_id, region_id=report.region_id, goal_id=goal_id
        )
        comment = normalise_text(comment)
        if assessment.pk and (assessment.level, normalise_text(assessment.comment)) == (
            level,
            comment,
        ):
            continue
        assessment.level, assessment.comment = level, comment
        assessment._history_user = user
        assessment.full_clean()
        assessment.save()
    report.version += 1
    report._history_user = user
    report.save(update_fields=["version"])
    return report


def _changes_since(assessments: dict[int, Assessment], original: dict[int, tuple[str, str]]):
    changed = {
        goal_id: assessment
        for goal_id, assessment in assessments.items()
        if goal_id in original
        and (assessment.level, normalise_text(assessment.comment)) != tuple(original[goal_id])
    }
    latest = {}
    for record in (
        Assessment.history.filter(id__in=[a.pk for a in changed.values()])
        .select_related("history_user")
        .order_by("history_date")
    ):
        latest[record.id] = record
    goals = Goal.objects.in_bulk(changed.keys())
    changes = []
    for goal_id, assessment in changed.items():
        record = latest.get(assessment.pk)
        by = record.history_user if record else None
        at = record.history_date if record else None
        old_level, old_comment = original[goal_id]
        if assessment.level != old_level:
            changes.append(Change(goals[goal_id], "level", assessment.level, by, at))
        if normalise_text(assessment.comment) != old_comment:
            changes.append(Change(goals[goal_id], "comment", assessment.comment, by, at))
    return sorted(changes, key=lambda c: (c.goal.area.order, c.goal.order))


@transaction.atomic
def region_report_submit(*, report: RegionReport, user) -> RegionReport:
    report = RegionReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    _check_report_editable(report)
    report.state = RegionReport.State.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report._history_user = user
    report.save(update_fields=["state", "submitted_by", "submitted_at"])
    _log(report.round, RoundEvent.Action.SUBMITTED, user, region=report.region)
    return report


@transaction.atomic
def region_report_return(*, report: RegionReport, user, note: str = "") -> RegionReport:
    report = RegionReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    if report.state != RegionReport.State.SUBMITTED:
        raise ValidationError(_("Bara en inskickad rapport kan återsändas."), code="not_submitted")
    if report.round.state == State.PUBLISHED:
        raise ValidationError(
            _("Omgången är publicerad; öppna den inte igen genom att återsända."), code="published"
        )
    report.state = RegionReport.State.DRAFT
    report.submitted_by = None
    report.submitted_at = None
    report.version += 1
    report._history_user = user
    report.save(update_fields=["state", "submitted_by", "submitted_at", "version"])
    _log(report.round, RoundEvent.Action.RETURNED, user, region=report.region, note=note[:300])
    return report


@transaction.atomic
def assessment_condense(*, assessment: Assessment, text: str, original: str, user) -> Assessment:
    """Set the RCC's condensed version of a region's comment, unless it changed meanwhile."""
    assessment = (
        Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    )
    _check_not_published(assessment.round)
    if normalise_text(assessment.condensed_comment) != normalise_text(original):
        raise ValidationError(
            _(
                "Någon annan har ändrat den kondenserade kommentaren sedan du öppnade sidan. "
                "Din text är kvar i rutan; jämför och spara igen."
            ),
            code="conflict",
        )
    assessment.condensed_comment = normalise_text(text)
    assessment._history_user = user
    assessment.save(update_fields=["condensed_comment"])
    return assessment


@transaction.atomic
def rcc_comment_save(
    *, round: FollowUpRound, goal: Goal, text: str, original: str, user
) -> RccComment | None:
    """Set or clear the RCC's comment on a goal, unless it changed meanwhile."""
    _check_not_published(round)
    comment = RccComment.objects.select_for_update().filter(round=round, goal=goal).first()
    if normalise_text(comment.text if comment else "") != normalise_text(original):
        raise ValidationError(
            _(
                "Någon annan har ändrat RCC:s kommentar sedan du öppnade sidan. "
                "Din text är kvar i rutan; jämför och spara igen."
            ),
            code="conflict",
        )
    text = normalise_text(text)
    if not text:
        if comment:
            comment._history_user = user
            comment.delete()
        return None
    comment = comment or RccComment(round=round, goal=goal)
    comment.text = text
    comment._history_user = user
    comment.save()
    return comment


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
        _create_missing_assessments(round)
    _log(round, RoundEvent.Action.IMPORTED, user, note=filename[:300])
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
    headers, rows = followup_rows(round)
    return write_rows(rows, headers, fmt)


@transaction.atomic
def reminders_send(*, days: int, today: date | None = None) -> list[Reminder]:
    """Mail the reporters of every region that has not submitted to a round closing soon.

    A round counts when it is open and its deadline is less than `days` days away or past.
    A region is reminded at most once a day, however often this runs.
    """
    today = today or timezone.localdate()
    reports = RegionReport.objects.filter(
        round__state=State.OPEN,
        round__deadline__lt=today + timedelta(days=days),
        state=RegionReport.State.DRAFT,
    ).select_related("round__plan", "region")
    sent = []
    for report in reports:
        recipients = list(
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__role=Membership.Role.REPORTER,
                memberships__region=report.region,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
        reminder, created = Reminder.objects.get_or_create(
            round=report.round,
            region=report.region,
            sent_on=today,
            defaults={"recipients": ", ".join(recipients)},
        )
        if not created:
            continue
        if recipients:
            send_mail(
                subject=_reminder_subject(report, today),
                message=_reminder_body(report, today),
                from_email=None,
                recipient_list=recipients,
            )
        sent.append(reminder)
    return sent


def _reminder_subject(report: RegionReport, today: date) -> str:
    round = report.round
    if round.deadline < today:
        return _("Påminnelse: uppföljningen %(year)s är försenad") % {"year": round.year}
    return _("Påminnelse: uppföljningen %(year)s ska vara inskickad senast %(deadline)s") % {
        "year": round.year,
        "deadline": round.deadline.strftime("%Y-%m-%d"),
    }


def _reminder_body(report: RegionReport, today: date) -> str:
    round = report.round
    url = settings.SITE_URL.rstrip("/") + report.get_absolute_url()
    return _(
        "Hej!\n\n%(region)s har ännu inte skickat in sin rapport för %(round)s.\n"
        "Sista dag är %(deadline)s.\n\nFyll i och skicka in rapporten här:\n%(url)s\n\n"
        "Hälsningar\n%(rcc)s"
    ) % {
        "region": report.region,
        "round": round,
        "deadline": round.deadline.strftime("%Y-%m-%d"),
        "url": url,
        "rcc": round.plan.healthcare_region.rcc_name,
    }
