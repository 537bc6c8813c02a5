from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import AgendaItem, Attendance, Decision, Meeting, Member, SteeringGroup
from registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(norr):
    group, _ = SteeringGroup.objects.get_or_create(
        healthcare_region=norr, name="RCC Norrs styrgrupp"
    )
    return Meeting.objects.create(group=group, date=date(2024, 5, 2), kind=Meeting.Kind.MEETING)


@pytest.fixture
def person(registry):
    return Person.objects.create(name="Anna Andersson", organisation="Umeå universitet")


def _message(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


def test_it_allows_one_attendance_per_person_and_meeting(meeting, person):
    Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    second = Attendance(meeting=meeting, person=person, status=Attendance.Status.ABSENT)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Personens närvaro är redan registrerad för mötet." in _message(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_it_keeps_a_topic_for_the_specially_invited_only(meeting, person):
    attendance = Attendance(
        meeting=meeting, person=person, status=Attendance.Status.PRESENT, topic="RCL"
    )
    with pytest.raises(ValidationError) as error:
        attendance.full_clean()
    assert "Bara en särskilt kallad har ett ämne." in _message(error.value)
    attendance.status = Attendance.Status.INVITED
    attendance.full_clean()


def test_it_refuses_an_unknown_attendance_status(meeting, person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=person, status="late")


def test_it_allows_one_member_per_person_and_group(meeting, person):
    Member.objects.create(group=meeting.group, person=person, role=Member.Role.CHAIR)
    with pytest.raises(ValidationError) as error:
        Member(group=meeting.group, person=person).full_clean()
    assert "Personen är redan med i gruppen." in _message(error.value)


def test_it_allows_one_meeting_per_group_and_day(meeting):
    with pytest.raises(ValidationError) as error:
        Meeting(group=meeting.group, date=meeting.date, kind=Meeting.Kind.DIGITAL).full_clean()
    assert "Gruppen har redan ett möte den dagen." in _message(error.value)


def test_it_wants_a_meeting_to_end_after_it_starts(meeting):
    meeting.starts_at, meeting.ends_at = time(12), time(8)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "Sluttiden ska vara efter starttiden." in _message(error.value)
    meeting.end_date = date(2024, 5, 1)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "Slutdatumet ska vara efter mötets första dag." in _message(error.value)
    meeting.end_date = date(2024, 5, 3)
    meeting.full_clean()  # a two-day meeting may end at an earlier hour on its last day


def test_it_numbers_items_once_and_from_one(meeting):
    AgendaItem.objects.create(meeting=meeting, number=1, title="Första")
    with pytest.raises(ValidationError) as error:
        AgendaItem(meeting=meeting, number=1, title="Andra").full_clean()
    assert "Mötet har redan en punkt med det numret." in _message(error.value)
    with pytest.raises(ValidationError) as error:
        AgendaItem(meeting=meeting, number=0, title="Noll").full_clean()
    assert "Punkterna numreras från 1." in _message(error.value)


def test_it_limits_an_items_text(meeting):
    item = AgendaItem(meeting=meeting, number=1, title="Lång", text="x" * 20_001)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "text" in error.value.message_dict


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(meeting=meeting, number=1, title="Punkt")


def test_it_has_a_decision_due_on_a_date_or_at_the_next_meeting_not_both(item):
    decision = Decision(item=item, text="Beslut", due_on=date(2024, 9, 1), due_next_meeting=True)
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    assert "Ange antingen ett datum eller nästa möte, inte båda." in _message(error.value)


def test_it_keeps_a_decision_open_until_done_and_done_where_it_was_followed_up(item, meeting):
    decision = Decision.objects.create(item=item, text="Beslut", due_next_meeting=True)
    assert decision.is_open
    decision.done_note = "Återkopplat"
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    assert "Ett öppet beslut har ingen återkoppling" in _message(error.value)
    decision.done_note = ""
    decision.done_on = date(2024, 9, 18)
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    assert "Ange vid vilket möte beslutet återkopplades" in _message(error.value)
    decision.followed_up_at = meeting
    decision.full_clean()
    decision.save()
    assert not decision.is_open


def test_it_keeps_the_history_of_every_model(item):
    item.title = "Ny rubrik"
    item.save()
    assert [h.title for h in item.history.order_by("history_id")] == ["Punkt", "Ny rubrik"]
    for model in (SteeringGroup, Member, Meeting, Attendance, Decision):
        assert hasattr(model, "history")
