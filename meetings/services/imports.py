"""Importing a transcribed meeting (the demo's minutes) from its TOML file."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from documents.history import change_batch
from registry.models import Body, HealthcareRegion, Person, Region

from ..models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Member,
    Presenter,
    SteeringGroup,
    SummaryPoint,
)

NEXT_MEETING = "nästa möte"


@dataclass(frozen=True)
class MeetingImport:
    meeting: Meeting
    created: bool
    planned_created: int

    def __str__(self):
        if not self.created:
            return f"{self.meeting}: finns redan, oförändrat; {self.planned_created} nya planerade."
        counts = {
            "närvarande": self.meeting.attendances.filter(
                status__in=[Attendance.Status.PRESENT, Attendance.Status.REMOTE]
            ).count(),
            "punkter": self.meeting.items.count(),
            "beslut": Decision.objects.filter(item__meeting=self.meeting).count(),
        }
        parts = ", ".join(f"{n} {label}" for label, n in counts.items())
        return f"{self.meeting}: {parts}; {self.planned_created} planerade möten."


class _People:
    """Persons by name: found in the registry, or created with the region or organisation the
    minutes list them under."""

    def __init__(self, regions: dict[str, Region]):
        self.regions = regions
        self.by_name: dict[str, Person] = {}

    def get(self, name: str, *, region: str = "", organisation: str = "") -> Person:
        if name in self.by_name:
            return self.by_name[name]
        region_obj = self.regions[region] if region else None
        person = Person.objects.filter(name=name, region=region_obj).first()
        if person is None:
            person = Person(name=name, region=region_obj, organisation=organisation)
            person.full_clean()
            person.save()
        self.by_name[name] = person
        return person


def meeting_import_file(*, path: Path, user=None) -> MeetingImport:
    return meeting_import(data=tomllib.loads(path.read_text(encoding="utf-8")), user=user)


@transaction.atomic
def meeting_import(*, data: dict, user=None) -> MeetingImport:
    """Import one transcribed meeting with its group's planned meetings; skip what exists.

    1. The steering group of the healthcare region (created once, linked to its body).
    2. Unless the group already has a meeting that day: the meeting, its people and their
       attendance, the members of the group (everyone listed as present or absent), the items
       with presenters and decisions, and the closing summary.
    3. The planned meetings ("Kommande datum") that the group does not have yet.
    """
    with change_batch(user):
        group = _group(data["group"])
        regions = {
            r.code: r for r in Region.objects.filter(healthcare_region=group.healthcare_region)
        }
        meeting_data = data["meeting"]
        meeting = Meeting.objects.filter(group=group, date=meeting_data["date"]).first()
        created = meeting is None
        if created:
            meeting = _meeting(group, data, _People(regions))
        planned = 0
        for entry in data.get("planned", []):
            _, made = Meeting.objects.get_or_create(
                group=group,
                date=entry["date"],
                defaults={
                    "kind": entry["kind"],
                    "end_date": entry.get("end_date"),
                    "starts_at": entry.get("starts_at"),
                    "ends_at": entry.get("ends_at"),
                    "place": entry.get("place", ""),
                    "state": Meeting.State.PLANNED,
                },
            )
            planned += made
    return MeetingImport(meeting=meeting, created=created, planned_created=planned)


def _group(data: dict) -> SteeringGroup:
    healthcare_region = HealthcareRegion.objects.get(code=data["healthcare_region"])
    body = None
    if abbreviation := data.get("body"):
        body = Body.objects.filter(
            abbreviation=abbreviation, healthcare_region=healthcare_region
        ).first()
    group, _ = SteeringGroup.objects.get_or_create(
        healthcare_region=healthcare_region, name=data["name"], defaults={"body": body}
    )
    return group


def _meeting(group: SteeringGroup, data: dict, people: _People) -> Meeting:
    for entry in data.get("person", []):
        people.get(
            entry["name"],
            region=entry.get("region", ""),
            organisation=entry.get("organisation", ""),
        )
    order = 0
    attendances = []
    for status, key in [
        (Attendance.Status.PRESENT, "present"),
        (Attendance.Status.ABSENT, "absent"),
    ]:
        for entry in data.get(key, []):
            remote = set(entry.get("remote", []))
            for name in entry["people"]:
                person = people.get(
                    name, region=entry.get("region", ""), organisation=entry.get("organisation", "")
                )
                order += 1
                attendances.append(
                    Attendance(
                        person=person,
                        status=Attendance.Status.REMOTE if name in remote else status,
                        order=order,
                    )
                )
    chair = people.get(data["meeting"]["chair"]) if data["meeting"].get("chair") else None
    for attendance in attendances:
        Member.objects.get_or_create(
            group=group,
            person=attendance.person,
            defaults={
                "role": Member.Role.CHAIR if attendance.person == chair else Member.Role.MEMBER
            },
        )
    for entry in data.get("invited", []):
        for name in entry["people"]:
            order += 1
            attendances.append(
                Attendance(
                    person=people.get(name, organisation=entry.get("organisation", "Ej angiven")),
                    status=Attendance.Status.INVITED,
                    topic=entry["topic"],
                    order=order,
                )
            )
    note_taker = data["meeting"].get("note_taker")
    meeting = Meeting(
        group=group,
        date=data["meeting"]["date"],
        kind=data["meeting"]["kind"],
        state=data["meeting"].get("state", Meeting.State.HELD),
        place=data["meeting"].get("place", ""),
        chair=chair,
        note_taker=people.get(note_taker) if note_taker else None,
    )
    meeting.full_clean()
    meeting.save()
    for attendance in attendances:
        attendance.meeting = meeting
        attendance.full_clean()
        attendance.save()
    for number, entry in enumerate(data.get("item", []), start=1):
        _item(meeting, number, entry, people)
    for position, text in enumerate(data.get("summary", {}).get("points", []), start=1):
        point = SummaryPoint(meeting=meeting, order=position, text=text)
        point.full_clean()
        point.save()
    return meeting


def _item(meeting: Meeting, number: int, entry: dict, people: _People) -> AgendaItem:
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=entry["title"],
        kind=entry.get("kind", AgendaItem.Kind.INFORMATION),
        planned_minutes=entry.get("planned_minutes"),
        text=entry.get("text", "").strip(),
        discussion_points=entry.get("discussion_points", "").strip(),
        discussion_summary=entry.get("discussion_summary", "").strip(),
    )
    item.full_clean()
    item.save()
    for position, name in enumerate(entry.get("presenters", []), start=1):
        Presenter.objects.create(item=item, person=people.get(name), order=position)
    for position, decision_data in enumerate(entry.get("decision", []), start=1):
        due = decision_data.get("due", "")
        decision = Decision(
            item=item,
            text=decision_data["text"],
            responsible=decision_data.get("responsible", ""),
            due_next_meeting=due == NEXT_MEETING,
            due_on=due if due and due != NEXT_MEETING else None,
            order=position,
        )
        decision.full_clean()
        decision.save()
    return item
