from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from followup.models import FollowUpRound
from followup.pdf import render_followup_report_pdf, render_region_report_pdf
from plans.models import Plan
from plans.pdf import render_plan_pdf


class Command(BaseCommand):
    help = (
        "Render a PDF report: 'followup --plan SLUG --year YEAR [--region CODE]' for a round's "
        "follow-up report (or one region's), 'plan --plan SLUG' for a plan."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["followup", "plan"])
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument("--year", type=int, help="The year followed up (followup only).")
        parser.add_argument("--region", help="A region's code: its own report (followup only).")
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Det finns ingen plan med kortnamnet «{options['plan']}».")
        if options["report"] == "plan":
            content = render_plan_pdf(plan)
        else:
            content = self._followup(plan, options["year"], options["region"])
        try:
            options["output"].write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Filen kunde inte skrivas: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Skrev {options['output']}"))

    def _followup(self, plan: Plan, year: int | None, region_code: str | None) -> bytes:
        if year is None:
            raise CommandError("Ange --year för en uppföljningsrapport.")
        round = FollowUpRound.objects.filter(plan=plan, year=year).first()
        if round is None:
            raise CommandError(f"Planen «{plan.slug}» har ingen uppföljning för {year}.")
        if region_code is None:
            return render_followup_report_pdf(round)
        report = round.reports.filter(region__code__iexact=region_code).first()
        if report is None:
            raise CommandError(f"Regionen «{region_code}» deltar inte i uppföljningen {year}.")
        return render_region_report_pdf(report)
