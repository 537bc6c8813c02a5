"""Meetings as iCalendar (RFC 5545): one meeting's event to download, and a group's feed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event

from .models import AgendaItem, Meeting, SteeringGroup

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PRODID = "-//Cancerplan//Styrgruppsmöten//SV"


def with_agenda_titles(meetings):
    """The meetings with their items' titles prefetched, for the events' descriptions."""
    return meetings.prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.only("meeting_id", "number", "title"))
    )


def _span(meeting: Meeting) -> tuple:
    """DTSTART and DTEND: Stockholm times where the meeting has them, whole days otherwise.

    A meeting over several days (an internat) spans from its first day to its last; an
    all-day DTEND is the day after the last, as RFC 5545 wants.
    """
    last_day = meeting.end_date or meeting.date
    if meeting.starts_at is None:
        return meeting.date, last_day + timedelta(days=1)
    start = datetime.combine(meeting.date, meeting.starts_at, tzinfo=STOCKHOLM)
    end = datetime.combine(last_day, meeting.ends_at, tzinfo=STOCKHOLM) if meeting.ends_at else None
    return start, end


def meeting_event(meeting: Meeting, *, url: str | None, with_agenda: bool) -> Event:
    """One meeting's event. `url` is the meeting's page where the user may open it;
    `with_agenda` puts the items' titles (prefetched) in the description."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@cancerplan")
    event.add("dtstamp", timezone.now())
    start, end = _span(meeting)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    kind = meeting.get_kind_display()
    event.add("summary", f"{meeting.group.name}: {kind[:1].lower()}{kind[1:]}")
    location = meeting.place or meeting.link
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if with_agenda:
        titles = [f"{item.number}. {item.title}" for item in meeting.items.all()]
        if titles:
            event.add("description", "Dagordning:\n" + "\n".join(titles))
    # Planned and held meetings alike take place (or took place) as announced.
    event.add("status", "CONFIRMED")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    return calendar


def calendar_bytes(name: str, events: list[Event]) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_filename(meeting: Meeting) -> str:
    return f"styrgruppsmote-{meeting.date:%Y-%m-%d}.ics"


def group_filename(group: SteeringGroup) -> str:
    return f"{slugify(group.name) or 'styrgrupp'}.ics"
