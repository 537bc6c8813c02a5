"""The reads the meeting pages share, each in a fixed number of queries."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Prefetch, Q

from .models import AgendaItem, Attendance, Decision, Meeting, Presenter, SteeringGroup

Status = Attendance.Status


def attendance_label(person) -> str:
    """The region or organisation a person is listed under in the minutes."""
    return person.region.name if person.region_id else person.organisation


@dataclass
class AttendanceGroup:
    label: str
    attendances: list[Attendance]


@dataclass
class InvitedGroup:
    topic: str
    people: list


@dataclass
class Minutes:
    meeting: Meeting
    present: list[AttendanceGroup]
    absent: list[AttendanceGroup]
    invited: list[InvitedGroup]
    items: list[AgendaItem]
    summary: list
    upcoming: list[Meeting]
    counts: dict[str, int] = field(default_factory=dict)


def _grouped(attendances: list[Attendance]) -> list[AttendanceGroup]:
    """Grouped by region or organisation, in the order of each group's first person."""
    order: dict[str, list[Attendance]] = {}
    for attendance in attendances:
        order.setdefault(attendance_label(attendance.person), []).append(attendance)
    return [AttendanceGroup(label, members) for label, members in order.items()]


def meeting_minutes(meeting: Meeting) -> Minutes:
    """Everything the meeting page shows, in six queries.

    Attendances with their people and regions; items; their presenters; their decisions;
    the summary points; the group's later meetings.
    """
    attendances = list(meeting.attendances.select_related("person__region").order_by("order", "pk"))
    by_status = {status: [a for a in attendances if a.status == status] for status in Status}
    invited = [
        InvitedGroup(topic, [a.person for a in group])
        for topic, group in groupby(by_status[Status.INVITED], key=lambda a: a.topic)
    ]
    items = list(
        meeting.items.order_by("number").prefetch_related(
            Prefetch(
                "presenter_links",
                queryset=Presenter.objects.select_related("person").order_by("order", "pk"),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("order", "pk")),
        )
    )
    return Minutes(
        meeting=meeting,
        present=_grouped([a for a in attendances if a.attends]),
        absent=_grouped(by_status[Status.ABSENT]),
        invited=invited,
        items=items,
        summary=list(meeting.summary_points.order_by("order")),
        upcoming=list(Meeting.objects.upcoming_after(meeting)),
        counts={
            "present": len(by_status[Status.PRESENT]) + len(by_status[Status.REMOTE]),
            "remote": len(by_status[Status.REMOTE]),
            "absent": len(by_status[Status.ABSENT]),
            "invited": len(by_status[Status.INVITED]),
        },
    )


def meetings_of_groups(groups) -> list[tuple[SteeringGroup, list[Meeting], list[Meeting]]]:
    """Per group: its past or held meetings (newest first) and its planned ones (soonest
    first), each with its attendance counted, in two queries."""
    groups = list(groups)
    meetings = Meeting.objects.filter(group__in=groups).annotate(
        present_count=Count("attendances", filter=Q(attendances__status__in=["present", "remote"])),
        remote_count=Count("attendances", filter=Q(attendances__status="remote")),
        absent_count=Count("attendances", filter=Q(attendances__status="absent")),
        invited_count=Count("attendances", filter=Q(attendances__status="invited")),
    )
    by_group: dict[int, list[Meeting]] = {}
    for meeting in meetings.order_by("date"):
        by_group.setdefault(meeting.group_id, []).append(meeting)
    result = []
    for group in groups:
        own = by_group.get(group.pk, [])
        planned = [m for m in own if m.state == Meeting.State.PLANNED]
        past = [m for m in reversed(own) if m.state != Meeting.State.PLANNED]
        result.append((group, past, planned))
    return result


def decisions_due_at(meeting: Meeting):
    """The open decisions to report back on at this meeting ("Återkoppling från förra mötet"):
    those the group's previous meeting left for the next meeting, and those due by this
    meeting's date, with their item and meeting."""
    previous = (
        Meeting.objects.filter(group_id=meeting.group_id, date__lt=meeting.date)
        .order_by("-date")
        .values("pk")[:1]
    )
    return (
        Decision.objects.filter(item__meeting__group_id=meeting.group_id, done_on__isnull=True)
        .filter(
            Q(due_next_meeting=True, item__meeting__in=previous)
            | Q(due_on__lte=meeting.date, item__meeting__date__lt=meeting.date)
        )
        .select_related("item__meeting", "responsible_person")
        .order_by("item__meeting__date", "item__number", "order", "pk")
    )
