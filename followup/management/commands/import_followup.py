import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.spreadsheets import SpreadsheetError
from followup.services import followup_import
from followup.services.spreadsheet import year_problem


def year_argument(text: str) -> int:
    """A --year that argparse refuses in Swedish, instead of a traceback further on."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» är inget årtal.") from None
    if problem := year_problem(year):
        raise argparse.ArgumentTypeError(str(problem))
    return year


class Command(BaseCommand):
    help = (
        "Import a round's levels and comments from a follow-up spreadsheet (XLSX or CSV). "
        "Everything is imported, or nothing. A round that does not exist is created, closed. "
        "A column the file does not have leaves its values unchanged; an empty cell clears one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument(
            "--year", required=True, type=year_argument, help="The year followed up."
        )
        parser.add_argument(
            "--include-submitted",
            action="store_true",
            help="In an open round, change reports that have been submitted too.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file, write nothing.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen kunde inte läsas: {exc}") from None
        try:
            result = followup_import(
                content=content,
                filename=path.name,
                plan_slug=options["plan"],
                year=options["year"],
                user=None,
                include_submitted=options["include_submitted"],
                dry_run=options["dry_run"],
            )
        except SpreadsheetError as exc:
            raise CommandError(exc.report()) from None
        suffix = " (provkörning, inget sparat)" if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{result}{suffix}"))
