"""The agreement's follow-up as a report kind of `manage.py render_report` (see
documents.reports): 'agreement --year 2024'. It shows what every signed-in reader sees: the
activities of approved and archived plans, the levels of published rounds."""

from typing import Any

from django.core.management.base import CommandError

from documents.reports import RenderedReport, ReportKind

from .models import Agreement


def _add_arguments(parser) -> None:
    parser.add_argument("--year", required=True, help="The agreement's year, e.g. 2024.")


def agreement_of(given: str) -> Agreement:
    try:
        year = int(given)
    except ValueError:
        raise CommandError(
            f"«{given}» är inget år; skriv det med fyra siffror, t.ex. 2024."
        ) from None
    agreement = Agreement.objects.filter(year=year).first()
    if agreement is None:
        years = ", ".join(
            str(y) for y in Agreement.objects.order_by("year").values_list("year", flat=True)
        )
        known = (
            f" Det finns överenskommelser för {years}."
            if years
            else " Det finns inga överenskommelser ännu."
        )
        raise CommandError(f"Det finns ingen överenskommelse för {year}.{known}")
    return agreement


def _render(options: dict[str, Any]) -> RenderedReport:
    # Imported here: WeasyPrint loads when a report is rendered, not in every process.
    from .pdf import render_agreement_pdf
    from .selectors import Scope

    agreement = agreement_of(str(options["year"]))
    note = " (utkast)" if agreement.state == Agreement.State.DRAFT else ""
    return RenderedReport(render_agreement_pdf(agreement, Scope.published()), note)


AGREEMENT_REPORT = ReportKind(
    name="agreement",
    help="The national agreement's follow-up of a year: 'agreement --year YYYY'.",
    add_arguments=_add_arguments,
    render=_render,
)
