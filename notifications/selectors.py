"""What needs a person now ("Att göra" on the start page), in a fixed number of queries:
one for a reporter's reports, one for a coordinator's reports to review and late rounds, and
one for the decisions due, whatever the number of rounds, reports and decisions."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import FollowUpRound, RegionReport
from meetings.models import Decision, Meeting
from registry.roles import roles_of

from .rules import people_have_accounts

# Decisions show when due within this many days, or due at a next meeting this near.
DECISION_DAYS = 7
NEXT_MEETING_DAYS = 14


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    due: date | None = None
    late: bool = False
    kind: str = ""  # "report", "review", "round", "decision"


def todo_for(user, today: date | None = None) -> list[Todo]:
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    roles = roles_of(user)
    todos = []
    if roles.reported:
        todos += _reports_to_fill(user, today)
    if roles.coordinated:
        todos += _open_rounds(roles.coordinated, today)
    if roles.coordinated or people_have_accounts():
        todos += _decisions_due(user, roles.coordinated, today)
    return todos


def _rcc_rounds(coordinated, prefix: str = "") -> Q:
    return Q(**{f"{prefix}plan__owner_healthcare_region__in": coordinated}) | Q(
        **{f"{prefix}plan__owner_region__healthcare_region__in": coordinated}
    )


def _reports_to_fill(user, today: date) -> list[Todo]:
    reports = (
        RegionReport.objects.of_reporter(user)
        .filter(round__state=FollowUpRound.State.OPEN, state__in=RegionReport.EDITABLE)
        .select_related("region", "round__plan")
        .order_by("round__deadline", "region__name")
    )
    todos = []
    for report in reports:
        template = (
            _("Ändra och skicka in %(region)s återsända rapport för %(round)s")
            if report.state == RegionReport.State.RETURNED
            else _("Fyll i och skicka in %(region)s rapport för %(round)s")
        )
        todos.append(
            Todo(
                text=template % {"region": report.region, "round": report.round},
                url=report.get_absolute_url(),
                due=report.round.deadline,
                late=report.round.deadline < today,
                kind="report",
            )
        )
    return todos


def _open_rounds(coordinated, today: date) -> list[Todo]:
    """The submitted reports to review, then the rounds whose deadline has passed with their
    progress, from one read of the reports of the RCCs' open rounds."""
    reports = (
        RegionReport.objects.filter(
            _rcc_rounds(coordinated, "round__"), round__state=FollowUpRound.State.OPEN
        )
        .select_related("region", "round__plan")
        .order_by("round__deadline", "region__name")
    )
    todos, rounds, reported, submitted = [], {}, Counter(), Counter()
    for report in reports:
        rounds.setdefault(report.round_id, report.round)
        reported[report.round_id] += 1
        if report.state == RegionReport.State.SUBMITTED:
            submitted[report.round_id] += 1
            todos.append(
                Todo(
                    text=_("Granska %(region)s inskickade rapport för %(round)s")
                    % {"region": report.region, "round": report.round},
                    url=report.get_absolute_url(),
                    kind="review",
                )
            )
    late = sorted(
        (round for round in rounds.values() if round.deadline < today),
        key=lambda round: (round.deadline, round.pk),
    )
    return todos + [
        Todo(
            text=_("%(round)s: sista dag har passerat, %(submitted)s av %(total)s inskickade")
            % {"round": round, "submitted": submitted[round.pk], "total": reported[round.pk]},
            url=round.get_absolute_url(),
            due=round.deadline,
            late=True,
            kind="round",
        )
        for round in late
    ]


def decisions_falling_due(today: date, *, due_days: int, meeting_days: int):
    """Open decisions due within `due_days` days (or late), or due at the group's next meeting
    (the first after the decision's) when it is within `meeting_days` days, or was held and
    the decision is still open; each with `next_meeting_on`."""
    next_meeting_on = Subquery(
        Meeting.objects.filter(
            group_id=OuterRef("item__meeting__group_id"), date__gt=OuterRef("item__meeting__date")
        )
        .order_by("date")
        .values("date")[:1]
    )
    return (
        Decision.objects.filter(done_on__isnull=True)
        .annotate(next_meeting_on=next_meeting_on)
        .filter(
            Q(due_on__lte=today + timedelta(days=due_days))
            | Q(due_next_meeting=True, next_meeting_on__lte=today + timedelta(days=meeting_days))
        )
    )


def _decisions_due(user, coordinated, today: date) -> list[Todo]:
    scope = Q(item__meeting__group__healthcare_region__in=coordinated)
    if people_have_accounts():
        scope |= Q(responsible_person__user=user)
    decisions = (
        decisions_falling_due(today, due_days=DECISION_DAYS, meeting_days=NEXT_MEETING_DAYS)
        .filter(scope)
        .select_related("item__meeting__group")
        .distinct()
        .order_by("due_on", "next_meeting_on", "pk")
    )
    return [
        Todo(
            text=_("Beslut att följa upp (%(group)s): %(text)s")
            % {"group": decision.item.meeting.group.name, "text": decision.text},
            url=reverse("meetings:group-decisions", args=[decision.item.meeting.group_id]),
            due=decision.due_on or decision.next_meeting_on,
            late=(decision.due_on or decision.next_meeting_on) < today,
            kind="decision",
        )
        for decision in decisions
    ]
