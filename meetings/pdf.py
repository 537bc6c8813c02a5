"""A meeting's minutes as a PDF, laid out like the steering group's own (Protokoll RCC
Styrgruppsmöte): attendance by region and organisation, the items with their presenters,
texts, discussions and decisions, the summary and the coming dates.

A planned meeting has no minutes yet: its PDF is its agenda (Dagordning), the one a
coordinator sends out, with the time planned per item and the decisions to report back on.
"""

from dataclasses import dataclass

from django.template.defaultfilters import date as format_date
from django.template.loader import render_to_string

from documents.pdf import render_pdf
from registry.models import Person

from .models import Meeting
from .selectors import Minutes, TimeSplit, decisions_due_at, meeting_minutes, time_split


@dataclass
class MinutesReport:
    minutes: Minutes
    title: str  # the heading: "Protokoll RCC Styrgruppsmöte 3 juni 2025"
    is_agenda: bool
    due: list  # an agenda's decisions to report back on
    split: TimeSplit | None  # an agenda's planned time per kind of item


def minutes_heading(meeting: Meeting) -> str:
    kind = "Protokoll" if meeting.has_minutes else "Dagordning"
    return f"{kind} RCC Styrgruppsmöte {format_date(meeting.date, 'j F Y')}"


def minutes_filename(meeting: Meeting) -> str:
    kind = "protokoll" if meeting.has_minutes else "dagordning"
    return f"{kind}-{meeting.group.healthcare_region.code}-{meeting.date:%Y-%m-%d}.pdf"


def minutes_report(meeting: Meeting) -> MinutesReport:
    """The minutes of a held meeting in the queries of meetings.selectors.meeting_minutes; an
    agenda in one more, the decisions due; one more when a decision names a person responsible.

    The meeting comes with its group, RCC and roles (meetings.permissions.get_meeting_for_user).
    """
    minutes = meeting_minutes(meeting)
    decisions = [decision for item in minutes.items for decision in item.decisions.all()]
    _add_responsible_names(decisions)
    is_agenda = not meeting.has_minutes
    due = list(decisions_due_at(meeting)) if is_agenda else []
    for decision in due:  # with their responsible person
        person = decision.responsible_person
        decision.responsible_text = decision.responsible or (person.name if person else "")
    return MinutesReport(
        minutes=minutes,
        title=minutes_heading(meeting),
        is_agenda=is_agenda,
        due=due,
        split=time_split(meeting, minutes.items) if is_agenda else None,
    )


def _add_responsible_names(decisions: list) -> None:
    """Each decision's responsible as the minutes say it: the text written, else the person."""
    ids = {decision.responsible_person_id for decision in decisions} - {None}
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for decision in decisions:
        decision.responsible_text = decision.responsible or names.get(
            decision.responsible_person_id, ""
        )


def render_minutes_html(meeting: Meeting) -> str:
    report = minutes_report(meeting)
    return render_to_string(
        "meetings/minutes_pdf.html",
        {"report": report, "minutes": report.minutes, "meeting": meeting},
    )


def render_minutes_pdf(meeting: Meeting) -> bytes:
    return render_pdf(render_minutes_html(meeting))
