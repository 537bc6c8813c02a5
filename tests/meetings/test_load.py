"""The demo's meeting: RCC Mellansverige's steering group on 3 June 2025, as in the seed."""

from datetime import date, time
from pathlib import Path

import pytest
from django.conf import settings

from meetings.models import AgendaItem, Attendance, Decision, Meeting, Member
from meetings.services import meeting_import_file

pytestmark = pytest.mark.django_db

FILE = Path(settings.BASE_DIR) / "fixtures" / "meetings" / "mellansverige-styrgrupp-2025-06-03.toml"


def _names(meeting, *statuses):
    return list(
        meeting.attendances.filter(status__in=statuses)
        .order_by("order")
        .values_list("person__name", flat=True)
    )


def test_it_loads_who_was_there(demo_meeting):
    Status = Attendance.Status
    assert len(_names(demo_meeting, Status.PRESENT, Status.REMOTE)) == 17
    assert _names(demo_meeting, Status.REMOTE) == ["Henrik Olivier Reinius", "Ulla Allard"]
    assert _names(demo_meeting, Status.ABSENT) == [
        "Britt-Louise Frykman",
        "Ingrid Glimelius",
        "Johan Ahlgren",
    ]
    invited = demo_meeting.attendances.filter(status=Status.INVITED).order_by("order")
    assert [(a.person.name, a.topic) for a in invited] == [
        ("Lisa Busk Hedström", "LPO-Cancer/Cancerråden och Cancerrehabilitering i Mellansverige"),
        ("Catharina Östman", "LPO-Cancer/Cancerråden och Cancerrehabilitering i Mellansverige"),
        (
            "Fotini Koutakis Wolin",
            "Min Vårdplan och Rapport från regionerna samt ny uppdragsbeskrivning KSSK",
        ),
        ("Kenneth Villman", "Register för cancerläkemedel"),
    ]
    assert demo_meeting.chair.name == "Gustav Ekbäck"
    assert demo_meeting.note_taker.name == "Maria Fernkvist"


def test_it_represents_all_seven_regions(demo_meeting):
    regions = set(
        demo_meeting.attendances.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.REMOTE],
            person__region__isnull=False,
        ).values_list("person__region__code", flat=True)
    )
    assert regions == {"RÖL", "RVL", "RG", "RVM", "RSÖ", "RUP", "RD"}


def test_it_makes_the_listed_people_members_with_the_chair(demo_meeting):
    members = Member.objects.filter(group=demo_meeting.group)
    assert members.count() == 20  # 17 present and 3 absent; the invited are not members
    assert members.get(role=Member.Role.CHAIR).person.name == "Gustav Ekbäck"


def test_it_loads_the_items_in_order_with_their_presenters(demo_meeting):
    items = list(demo_meeting.items.order_by("number"))
    assert [item.number for item in items] == list(range(1, 10))
    assert items[0].title == "Förändringar i Nationella kvalitetsregistret"
    assert items[-1].title == "Förändrad organisation RCC/VGR"
    presenters = [
        list(item.presenter_links.order_by("order").values_list("person__name", flat=True))
        for item in items
    ]
    assert presenters[4] == ["Lisa Busk Hedström", "Helene Nilsson"]
    assert presenters[6] == ["Kenneth Villman"]
    assert items[1].discussion_summary.startswith("För att öka förståelsen")
    assert "KVÅ-koder" in items[4].discussion_points
    assert "<https://www.socialstyrelsen.se/" in items[4].text


def test_it_loads_the_one_decision_due_at_the_next_meeting(demo_meeting):
    decision = Decision.objects.get(item__meeting=demo_meeting)
    assert decision.text == (
        "Styrgruppens representanter tar med frågan om implementering och KSSK-uppdrag till "
        "sitt LPO med återkoppling vid nästa styrgruppsmöte."
    )
    assert decision.due_next_meeting and decision.due_on is None and decision.is_open
    assert decision.item.title == "Ny uppdragsbeskrivning för kontaktsjuksköterskor"
    assert decision.item.kind == AgendaItem.Kind.DECISION


def test_it_loads_the_summary_and_the_coming_dates(demo_meeting):
    assert demo_meeting.summary_points.count() == 7
    planned = list(Meeting.objects.upcoming_after(demo_meeting))
    assert [(m.date, m.end_date, m.kind, m.starts_at, m.ends_at) for m in planned] == [
        (date(2025, 9, 18), None, Meeting.Kind.DIGITAL, time(8), time(12)),
        (date(2025, 11, 20), date(2025, 11, 21), Meeting.Kind.RESIDENTIAL, None, None),
    ]
    assert all(m.state == Meeting.State.PLANNED for m in planned)


def test_it_loads_again_without_changes(demo_meeting):
    before = (Meeting.objects.count(), Attendance.objects.count(), Member.objects.count())
    result = meeting_import_file(path=FILE)
    assert not result.created and result.planned_created == 0
    assert (Meeting.objects.count(), Attendance.objects.count(), Member.objects.count()) == before
