"""Recording who came: one click per person, and the people specially invited for an item."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from documents.history import change_batch
from registry.models import Person, Region

from ..models import Attendance, Meeting
from .agenda import _locked, _saved


def _next_order(meeting: Meeting) -> int:
    return (meeting.attendances.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def attendance_set(*, meeting: Meeting, person: Person, status: str, user) -> Attendance | None:
    """A person's attendance at the meeting: present, on a link or absent; an empty status
    takes the registration away. Someone specially invited keeps their status and topic."""
    with change_batch(user):
        meeting = _locked(meeting)
        attendance = meeting.attendances.filter(person=person).first()
        if attendance is not None and attendance.status == Attendance.Status.INVITED:
            raise ValidationError(
                _("%(name)s är särskilt kallad; ta bort kallelsen först.") % {"name": person},
                code="invited",
            )
        if not status:
            if attendance is not None:
                attendance.delete()
            return None
        if attendance is None:
            attendance = Attendance(meeting=meeting, person=person, order=_next_order(meeting))
        elif attendance.status == status:
            return attendance
        attendance.status = status
        return _saved(attendance)


@transaction.atomic
def invited_add(
    *, meeting: Meeting, name: str, region: Region | None, organisation: str, topic: str, user
) -> Attendance:
    """Someone specially invited for a topic or item: the registry's person of that name and
    region (or organisation), or a new one."""
    with change_batch(user):
        meeting = _locked(meeting)
        people = Person.objects.filter(name=name)
        person = (
            people.filter(region=region).first()
            if region
            else people.filter(organisation=organisation).first()
        )
        if person is None:
            person = _saved(Person(name=name, region=region, organisation=organisation))
        if meeting.attendances.filter(person=person).exists():
            raise ValidationError(
                _("%(name)s finns redan med i mötets närvaro.") % {"name": person}, code="exists"
            )
        return _saved(
            Attendance(
                meeting=meeting,
                person=person,
                status=Attendance.Status.INVITED,
                topic=topic,
                order=_next_order(meeting),
            )
        )


@transaction.atomic
def invited_remove(*, meeting: Meeting, attendance_id: int, user) -> None:
    with change_batch(user):
        meeting = _locked(meeting)
        meeting.attendances.filter(pk=attendance_id, status=Attendance.Status.INVITED).delete()
