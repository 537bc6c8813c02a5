from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.spreadsheets import format_for
from followup.models import FollowUpRound
from followup.services import followup_export

from .import_followup import year_argument


class Command(BaseCommand):
    help = "Export a round to a follow-up spreadsheet (CSV or XLSX, by the file's name)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument("--year", required=True, type=year_argument)
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
        output: Path = options["output"]
        try:
            fmt = format_for(output.name)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        round = FollowUpRound.objects.filter(
            plan__slug=options["plan"], year=options["year"]
        ).first()
        if round is None:
            raise CommandError(
                f"Planen «{options['plan']}» har ingen uppföljning för {options['year']}."
            )
        try:
            output.write_bytes(followup_export(round=round, fmt=fmt))
        except OSError as exc:
            raise CommandError(f"Filen kunde inte skrivas: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Skrev {output}"))
