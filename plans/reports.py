"""The plan as a report kind of `manage.py render_report` (see documents.reports)."""

from typing import Any

from django.core.management.base import CommandError

from documents.reports import RenderedReport, ReportKind

from .models import Plan


def add_plan_argument(parser) -> None:
    parser.add_argument("--plan", required=True, help="The plan's slug.")


def plan_from_options(options: dict[str, Any]) -> Plan:
    plan = Plan.objects.filter(slug=options["plan"]).first()
    if plan is None:
        raise CommandError(f"Det finns ingen plan med kortnamnet «{options['plan']}».")
    return plan


def _render(options: dict[str, Any]) -> RenderedReport:
    # Imported here: WeasyPrint loads when a report is rendered, not in every process.
    from .pdf import render_plan_pdf

    return RenderedReport(render_plan_pdf(plan_from_options(options)))


PLAN_REPORT = ReportKind(
    name="plan",
    help="A plan: 'plan --plan SLUG'.",
    add_arguments=add_plan_argument,
    render=_render,
)
