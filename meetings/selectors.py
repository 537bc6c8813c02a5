"""The reads the meeting pages share, each in a fixed number of queries."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Prefetch, Q

from registry.models import Person

from .models import AgendaItem, Attendance, Decision, Meeting, Presenter, SteeringGroup

Status = Attendance.Status

# What a meeting's pages and PDF show of it beyond its own row: its group's RCC and officers.
MEETING_RELATED = (
    "group__healthcare_region", "chair__region", "note_taker__region", "adjuster__region"
)  # fmt: skip


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
    attachments: list = field(default_factory=list)  # the meeting's own, of no item


def _grouped(attendances: list[Attendance]) -> list[AttendanceGroup]:
    """Grouped by region or organisation, in the order of each group's first person."""
    order: dict[str, list[Attendance]] = {}
    for attendance in attendances:
        order.setdefault(attendance_label(attendance.person), []).append(attendance)
    return [AttendanceGroup(label, members) for label, members in order.items()]


def meeting_minutes(meeting: Meeting) -> Minutes:
    """Everything the meeting page shows, in seven queries.

    Attendances with their people and regions; items; their presenters; their decisions;
    the attachments (each item's as its listed_attachments); the summary points; the group's
    later meetings.
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
    attachments = list(meeting.attachments.order_by("uploaded_at", "pk"))
    for item in items:
        item.listed_attachments = [a for a in attachments if a.item_id == item.pk]
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
        attachments=[a for a in attachments if a.item_id is None],
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


def group_people(group: SteeringGroup):
    """The people a group's forms offer: its members and everyone who has attended one of its
    meetings (specially invited people included), by name."""
    return (
        Person.objects.filter(Q(memberships__group=group) | Q(attendances__meeting__group=group))
        .select_related("region")
        .distinct()
        .order_by("name")
    )


@dataclass
class TimeSplit:
    """How an agenda's planned time splits between information, discussion and decisions."""

    minutes: dict[str, int]
    total: int
    unplanned: int
    meeting_minutes: int | None

    def share(self, kind: str) -> int:
        return round(100 * self.minutes[kind] / self.total) if self.total else 0

    @property
    def rows(self):
        return [
            (kind, label, self.minutes[kind], self.share(kind))
            for kind, label in AgendaItem.Kind.choices
        ]

    @property
    def over_by(self) -> int:
        if self.meeting_minutes is None:
            return 0
        return max(self.total - self.meeting_minutes, 0)


def time_split(meeting: Meeting, items: list[AgendaItem]) -> TimeSplit:
    minutes = {kind: 0 for kind in AgendaItem.Kind.values}
    for item in items:
        minutes[item.kind] += item.planned_minutes or 0
    length = None
    if meeting.starts_at and meeting.ends_at and not meeting.end_date:
        start = meeting.starts_at.hour * 60 + meeting.starts_at.minute
        length = meeting.ends_at.hour * 60 + meeting.ends_at.minute - start
    return TimeSplit(
        minutes=minutes,
        total=sum(minutes.values()),
        unplanned=sum(1 for item in items if not item.planned_minutes),
        meeting_minutes=length,
    )


@dataclass
class Agenda:
    meeting: Meeting
    items: list[AgendaItem]
    due: list[Decision]
    split: TimeSplit
    people: list[Person]
    summary: list


def agenda_of(meeting: Meeting) -> Agenda:
    """Everything the coordinator's agenda page shows, in six queries: the items, their
    presenters and decisions, the decisions due here, the people the forms offer, the summary."""
    items = list(
        meeting.items.order_by("number").prefetch_related(
            Prefetch(
                "presenter_links",
                queryset=Presenter.objects.select_related("person").order_by("order", "pk"),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("responsible_person").order_by(
                    "order", "pk"
                ),
            ),
        )
    )
    return Agenda(
        meeting=meeting,
        items=items,
        due=list(decisions_due_at(meeting)),
        split=time_split(meeting, items),
        people=group_people(meeting.group),
        summary=list(meeting.summary_points.order_by("order")),
    )


@dataclass
class SheetRow:
    person: Person
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""


def attendance_sheet(meeting: Meeting) -> tuple[list[AttendanceGroup], list[Attendance]]:
    """The group's members and whoever else is registered at the meeting, each with their
    attendance, grouped by region or organisation; and the specially invited. Two queries."""
    attendances = {a.person_id: a for a in meeting.attendances.select_related("person__region")}
    members = Person.objects.filter(memberships__group_id=meeting.group_id).select_related("region")
    people = {person.pk: person for person in members}
    for attendance in attendances.values():
        if attendance.status != Status.INVITED:
            people.setdefault(attendance.person_id, attendance.person)
    rows = sorted(
        (SheetRow(person, attendances.get(person.pk)) for person in people.values()),
        key=lambda row: (
            row.person.region_id is None,
            attendance_label(row.person),
            row.person.name,
        ),
    )
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(attendance_label(row.person), []).append(row)
    invited = [a for a in attendances.values() if a.status == Status.INVITED]
    return (
        [AttendanceGroup(label, members) for label, members in groups.items()],
        sorted(invited, key=lambda a: (a.order, a.pk)),
    )
