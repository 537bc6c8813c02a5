"""The follow-up report as a report kind of `manage.py render_report` (see documents.reports).

A published round's report is the version stored when it was published; --fresh renders it
anew from today's data, --published N writes an earlier published version.
"""

from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from documents.reports import RenderedReport, ReportKind
from plans.reports import add_plan_argument, plan_from_options

from .models import FollowUpRound, PublishedReport


def _add_arguments(parser) -> None:
    add_plan_argument(parser)
    parser.add_argument("--year", type=int, help="The year followed up.")
    parser.add_argument("--region", help="A region's code: its own report.")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="A published round's report from today's data, not as published.",
    )
    parser.add_argument(
        "--published",
        type=int,
        metavar="N",
        help="Published version N of the round's report, whatever its state.",
    )


def _render(options: dict[str, Any]) -> RenderedReport:
    # Imported here: WeasyPrint loads when a report is rendered, not in every process.
    from .pdf import render_followup_report_pdf, render_region_report_pdf
    from .services import published_report_pdf

    plan = plan_from_options(options)
    year, region_code = options["year"], options["region"]
    if year is None:
        raise CommandError("Ange --year för en uppföljningsrapport.")
    if options["fresh"] and options["published"] is not None:
        raise CommandError("Ange antingen --fresh eller --published, inte båda.")
    round = FollowUpRound.objects.filter(plan=plan, year=year).first()
    if round is None:
        raise CommandError(f"Planen «{plan.slug}» har ingen uppföljning för {year}.")
    if region_code is None:
        if not options["fresh"] and (stored := _stored(round, options["published"])):
            published = f"{timezone.localtime(stored.published_at):%Y-%m-%d}"
            note = f" (publicerad version {stored.number}, {published})"
            return RenderedReport(published_report_pdf(report=stored), note)
        return RenderedReport(render_followup_report_pdf(round), " (dagens uppgifter)")
    if options["published"] is not None:
        raise CommandError("En regions rapport sparas inte i versioner; ange inte --published.")
    report = round.reports.filter(region__code__iexact=region_code).first()
    if report is None:
        raise CommandError(f"Regionen «{region_code}» deltar inte i uppföljningen {year}.")
    return RenderedReport(render_region_report_pdf(report))


def _stored(round: FollowUpRound, number: int | None) -> PublishedReport | None:
    """The version asked for; without one, a published round's latest."""
    versions = round.published_reports.select_related("round__plan")
    if number is None:
        return versions.first() if round.state == FollowUpRound.State.PUBLISHED else None
    stored = versions.filter(number=number).first()
    if stored is None:
        numbers = ", ".join(str(n) for n in versions.values_list("number", flat=True))
        raise CommandError(
            f"Uppföljningen {round.year} har ingen publicerad version {number}"
            + (f" (den har {numbers})." if numbers else "; den har aldrig publicerats.")
        )
    return stored


FOLLOWUP_REPORT = ReportKind(
    name="followup",
    help=(
        "A round's follow-up report, or one region's: "
        "'followup --plan SLUG --year YEAR [--region CODE] [--fresh | --published N]'."
    ),
    add_arguments=_add_arguments,
    render=_render,
)
