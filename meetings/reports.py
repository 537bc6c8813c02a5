"""A meeting's minutes as a report kind of `manage.py render_report` (see documents.reports):
'minutes --rcc mellansverige --date 2025-06-03'. A planned meeting's PDF is its agenda."""

from datetime import date
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Q

from documents.reports import RenderedReport, ReportKind
from registry.models import HealthcareRegion

from .models import Meeting
from .selectors import MEETING_RELATED


def _add_arguments(parser) -> None:
    parser.add_argument(
        "--rcc", required=True, help="The RCC: its short code (mellansverige) or its name."
    )
    parser.add_argument("--date", required=True, help="The meeting's date, YYYY-MM-DD.")
    parser.add_argument("--group", help="The steering group's name, if the RCC has several.")


def _healthcare_region(given: str) -> HealthcareRegion:
    found = HealthcareRegion.objects.filter(
        Q(code__iexact=given) | Q(name__iexact=given) | Q(rcc_name__iexact=given)
    ).first()
    if found is None:
        codes = ", ".join(HealthcareRegion.objects.values_list("code", flat=True))
        raise CommandError(f"Det finns inget RCC som heter «{given}». Ange en kod: {codes}.")
    return found


def _date(given: str) -> date:
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise CommandError(
            f"«{given}» är inget datum; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-06-03."
        ) from None


def meeting_on(*, rcc: str, on: str, group: str | None = None) -> Meeting:
    """The RCC's meeting on that day (a meeting over several days on any of them), with what
    the minutes show of it, as the meeting's page has it."""
    region, day = _healthcare_region(rcc), _date(on)
    meetings = Meeting.objects.filter(group__healthcare_region=region).filter(
        Q(date=day) | Q(date__lt=day, end_date__gte=day)
    )
    if group:
        meetings = meetings.filter(group__name__iexact=group)
    found = list(meetings.select_related(*MEETING_RELATED).order_by("group__name"))
    if not found:
        raise CommandError(f"{region.rcc_name} har inget möte den {day:%Y-%m-%d}.")
    if len(found) > 1:
        names = ", ".join(f"«{meeting.group.name}»" for meeting in found)
        raise CommandError(f"{region.rcc_name} har flera möten den dagen; ange --group: {names}.")
    return found[0]


def _render(options: dict[str, Any]) -> RenderedReport:
    # Imported here: WeasyPrint loads when a report is rendered, not in every process.
    from .pdf import render_minutes_pdf

    meeting = meeting_on(rcc=options["rcc"], on=options["date"], group=options["group"])
    note = "" if meeting.has_minutes else " (dagordning: mötet är inte genomfört ännu)"
    return RenderedReport(render_minutes_pdf(meeting), note)


MINUTES_REPORT = ReportKind(
    name="minutes",
    help=(
        "A steering-group meeting's minutes, a planned meeting's agenda: "
        "'minutes --rcc CODE|NAME --date YYYY-MM-DD [--group NAME]'."
    ),
    add_arguments=_add_arguments,
    render=_render,
)
