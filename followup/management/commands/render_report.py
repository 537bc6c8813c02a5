from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from followup.models import FollowUpRound, PublishedReport
from followup.pdf import render_followup_report_pdf, render_region_report_pdf
from followup.services import published_report_pdf
from plans.models import Plan
from plans.pdf import render_plan_pdf


class Command(BaseCommand):
    help = (
        "Render a PDF report: 'followup --plan SLUG --year YEAR [--region CODE]' for a round's "
        "follow-up report (or one region's), 'plan --plan SLUG' for a plan. A published round's "
        "report is the version stored when it was published; --fresh renders it anew from "
        "today's data, --published N writes an earlier published version."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["followup", "plan"])
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument("--year", type=int, help="The year followed up (followup only).")
        parser.add_argument("--region", help="A region's code: its own report (followup only).")
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="A published round's report from today's data, not as published (followup).",
        )
        parser.add_argument(
            "--published",
            type=int,
            metavar="N",
            help="Published version N of the round's report, whatever its state (followup).",
        )
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Det finns ingen plan med kortnamnet «{options['plan']}».")
        note = ""
        if options["report"] == "plan":
            content = render_plan_pdf(plan)
        else:
            content, note = self._followup(plan, options)
        try:
            options["output"].write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Filen kunde inte skrivas: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Skrev {options['output']}{note}"))

    def _followup(self, plan: Plan, options: dict) -> tuple[bytes, str]:
        year, region_code = options["year"], options["region"]
        if year is None:
            raise CommandError("Ange --year för en uppföljningsrapport.")
        if options["fresh"] and options["published"] is not None:
            raise CommandError("Ange antingen --fresh eller --published, inte båda.")
        round = FollowUpRound.objects.filter(plan=plan, year=year).first()
        if round is None:
            raise CommandError(f"Planen «{plan.slug}» har ingen uppföljning för {year}.")
        if region_code is None:
            if not options["fresh"] and (stored := self._stored(round, options["published"])):
                published = f"{timezone.localtime(stored.published_at):%Y-%m-%d}"
                note = f" (publicerad version {stored.number}, {published})"
                return published_report_pdf(report=stored), note
            return render_followup_report_pdf(round), " (dagens uppgifter)"
        if options["published"] is not None:
            raise CommandError("En regions rapport sparas inte i versioner; ange inte --published.")
        report = round.reports.filter(region__code__iexact=region_code).first()
        if report is None:
            raise CommandError(f"Regionen «{region_code}» deltar inte i uppföljningen {year}.")
        return render_region_report_pdf(report), ""

    def _stored(self, round: FollowUpRound, number: int | None) -> PublishedReport | None:
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
