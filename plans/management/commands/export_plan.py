from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.spreadsheets import format_for
from plans.models import Plan
from plans.services import plan_export


class Command(BaseCommand):
    help = "Export a plan to a spreadsheet in the plan format (CSV or XLSX, by the file's name)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
        output: Path = options["output"]
        try:
            fmt = format_for(output.name)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Det finns ingen plan med kortnamnet «{options['plan']}».")
        try:
            output.write_bytes(plan_export(plan=plan, fmt=fmt))
        except OSError as exc:
            raise CommandError(f"Filen kunde inte skrivas: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Skrev {output}"))
