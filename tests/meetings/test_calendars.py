from datetime import date, datetime, time

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Meeting

pytestmark = pytest.mark.django_db

STOCKHOLM = "Europe/Stockholm"


def _meeting_ics(meeting) -> str:
    return reverse("meetings:meeting-calendar", args=[meeting.pk])


def _group_ics(group) -> str:
    return reverse("meetings:group-calendar", args=[group.pk])


def _events(response) -> dict[str, object]:
    """The response's events by UID, after checking that it is an iCalendar file."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def residential(demo_meeting):
    return Meeting.objects.get(group=demo_meeting.group, date=date(2025, 11, 20))


def test_it_gives_the_demo_meeting_as_an_event(client, other_coordinator, demo_meeting):
    client.force_login(other_coordinator)
    response = client.get(_meeting_ics(demo_meeting))
    assert response["Content-Disposition"] == (
        'attachment; filename="styrgruppsmote-2025-06-03.ics"'
    )
    events = _events(response)
    event = events[f"meeting-{demo_meeting.pk}@cancerplan"]
    assert len(events) == 1
    assert str(event["SUMMARY"]) == "RCC Mellansverige styrgrupp: möte"
    # The minutes give no times: the event is the whole day.
    assert event.decoded("DTSTART") == date(2025, 6, 3)
    assert event.decoded("DTEND") == date(2025, 6, 4)
    assert "LOCATION" not in event
    assert str(event["URL"]) == f"http://testserver/moten/{demo_meeting.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "1. Förändringar i Nationella kvalitetsregistret" in description
    assert "9. Förändrad organisation RCC/VGR" in description


def test_it_gives_the_digital_meeting_stockholm_times(client, other_coordinator, planned_meeting):
    planned_meeting.link = "https://meet.example.se/styrgrupp"
    planned_meeting.save()
    client.force_login(other_coordinator)
    (event,) = _events(client.get(_meeting_ics(planned_meeting))).values()
    assert str(event["SUMMARY"]) == "RCC Mellansverige styrgrupp: digitalt möte"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == STOCKHOLM
    assert (start.date(), start.time(), end.time()) == (date(2025, 9, 18), time(8), time(12))
    assert start.utcoffset().total_seconds() == 2 * 3600  # summer time
    assert str(event["LOCATION"]) == "https://meet.example.se/styrgrupp"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "DESCRIPTION" not in event  # no agenda items yet
    assert b"BEGIN:VTIMEZONE" in client.get(_meeting_ics(planned_meeting)).content


def test_it_spans_the_internat_and_prefers_the_place(client, other_coordinator, residential):
    residential.place = "Wiks slott"
    residential.link = "https://meet.example.se/internat"
    residential.save()
    client.force_login(other_coordinator)
    (event,) = _events(client.get(_meeting_ics(residential))).values()
    assert str(event["SUMMARY"]) == "RCC Mellansverige styrgrupp: internat"
    assert event.decoded("DTSTART") == date(2025, 11, 20)
    assert event.decoded("DTEND") == date(2025, 11, 22)  # exclusive: through the 21st
    assert str(event["LOCATION"]) == "Wiks slott"


def test_it_spans_a_timed_internat_from_first_start_to_last_end(
    client, other_coordinator, residential
):
    residential.starts_at, residential.ends_at = time(10), time(15)
    residential.save()
    client.force_login(other_coordinator)
    (event,) = _events(client.get(_meeting_ics(residential))).values()
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2025, 11, 20, 10)
    assert event.decoded("DTEND").replace(tzinfo=None) == datetime(2025, 11, 21, 15)
    assert event["DTEND"].params["TZID"] == STOCKHOLM


def test_it_gives_coordinators_every_meeting_of_the_group(
    client, other_coordinator, demo_meeting, planned_meeting, residential
):
    client.force_login(other_coordinator)
    response = client.get(_group_ics(demo_meeting.group))
    assert response["Content-Disposition"] == 'inline; filename="rcc-mellansverige-styrgrupp.ics"'
    events = _events(response)
    assert set(events) == {
        f"meeting-{m.pk}@cancerplan" for m in (demo_meeting, planned_meeting, residential)
    }
    coming = events[f"meeting-{planned_meeting.pk}@cancerplan"]
    assert coming.decoded("DTSTART").date() == date(2025, 9, 18)
    assert str(coming["URL"]).endswith(f"/moten/{planned_meeting.pk}/")
    assert events[f"meeting-{residential.pk}@cancerplan"].decoded("DTSTART") == date(2025, 11, 20)


def test_it_gives_readers_coming_meetings_as_dates_only(
    client, mellansverige_reader, demo_meeting, planned_meeting, residential
):
    client.force_login(mellansverige_reader)
    events = _events(client.get(_group_ics(demo_meeting.group)))
    assert len(events) == 3
    held = events[f"meeting-{demo_meeting.pk}@cancerplan"]
    assert "URL" in held and "Förändringar" in str(held["DESCRIPTION"])
    for meeting in (planned_meeting, residential):
        event = events[f"meeting-{meeting.pk}@cancerplan"]
        assert "URL" not in event and "DESCRIPTION" not in event
    # The planned meeting's own file is as closed as its page.
    assert client.get(_meeting_ics(planned_meeting)).status_code == 404
    assert client.get(_meeting_ics(demo_meeting)).status_code == 200


def test_it_leaves_the_agenda_of_a_planned_meeting_to_coordinators(
    client, mellansverige_reader, other_coordinator, planned_meeting
):
    planned_meeting.items.create(number=1, title="Hemlig punkt")
    client.force_login(mellansverige_reader)
    assert b"Hemlig punkt" not in client.get(_group_ics(planned_meeting.group)).content
    client.force_login(other_coordinator)
    assert "1. Hemlig punkt" in Calendar.from_ical(
        client.get(_group_ics(planned_meeting.group)).content
    ).walk("VEVENT")[1].get("DESCRIPTION")


def test_it_sends_the_anonymous_to_log_in(client, demo_meeting):
    for url in (_meeting_ics(demo_meeting), _group_ics(demo_meeting.group)):
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "reporter_a", "coordinator", "reader"])
def test_it_hides_the_calendars_from_everyone_else(
    client, request, who, demo_meeting, planned_meeting
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_meeting_ics(demo_meeting)).status_code == 404
    assert client.get(_meeting_ics(planned_meeting)).status_code == 404
    assert client.get(_group_ics(demo_meeting.group)).status_code == 404


def test_it_answers_forged_ids_with_404(client, other_coordinator):
    client.force_login(other_coordinator)
    for url in (
        "/moten/999999999/kalender.ics",
        "/moten/grupp/999999999/kalender.ics",
        "/moten/9999999999999999999999/kalender.ics",
    ):
        assert client.get(url).status_code == 404


def test_it_shows_norr_its_own_group_only(client, coordinator, norr, meeting_builder, demo_meeting):
    meeting = meeting_builder(healthcare_region=norr)
    client.force_login(coordinator)
    events = _events(client.get(_group_ics(meeting.group)))
    assert set(events) == {f"meeting-{meeting.pk}@cancerplan"}


def test_it_links_the_calendars_from_the_pages(client, other_coordinator, demo_meeting):
    client.force_login(other_coordinator)
    detail = client.get(demo_meeting.get_absolute_url()).content.decode()
    assert f'href="{_meeting_ics(demo_meeting)}" download>Lägg till i kalendern (.ics)' in detail
    listing = client.get(reverse("meetings:meeting-list")).content.decode()
    assert f'href="{_group_ics(demo_meeting.group)}">Ladda ner mötena (.ics)' in listing


@pytest.mark.parametrize("items", [2, 9])
def test_it_gives_a_meeting_in_a_fixed_number_of_queries(
    client, coordinator, norr, meeting_builder, django_assert_num_queries, items
):
    meeting = meeting_builder(healthcare_region=norr, items=items)
    client.force_login(coordinator)
    # session, user, meeting with group and people, roles, items
    with django_assert_num_queries(5):
        response = client.get(_meeting_ics(meeting))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1


@pytest.mark.parametrize("meetings", [1, 6])
def test_it_gives_the_feed_in_a_fixed_number_of_queries(
    client, coordinator, norr, meeting_builder, django_assert_num_queries, meetings
):
    for n in range(meetings):
        meeting = meeting_builder(healthcare_region=norr, on=date(2024, 1, 1 + n), items=n + 1)
    client.force_login(coordinator)
    # session, user, roles, group, meetings, their items
    with django_assert_num_queries(6):
        response = client.get(_group_ics(meeting.group))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == meetings
