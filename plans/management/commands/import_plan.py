from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.spreadsheets import SpreadsheetError
from plans.models import Plan
from plans.services import parse_period, plan_import


class Command(BaseCommand):
    help = (
        "Import a plan from a spreadsheet (XLSX or CSV, one row per activity). "
        "Everything is imported, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--title", required=True)
        parser.add_argument("--kind", required=True, choices=Plan.Kind.values)
        parser.add_argument(
            "--owner", required=True, help="A region's or healthcare region's code or name."
        )
        parser.add_argument("--period", required=True, help="e.g. 2022-2024 or 2025")
        parser.add_argument("--parent", help="The slug of the plan this one builds on.")
        parser.add_argument("--status", choices=Plan.Status.values, default=Plan.Status.DRAFT)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, write nothing.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen kunde inte läsas: {exc}") from None
        try:
            first_year, last_year = parse_period(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            result = plan_import(
                content=content,
                filename=path.name,
                slug=options["slug"],
                title=options["title"],
                kind=options["kind"],
                owner=options["owner"],
                first_year=first_year,
                last_year=last_year,
                parent_slug=options["parent"],
                status=options["status"],
                dry_run=options["dry_run"],
            )
        except SpreadsheetError as exc:
            raise CommandError(exc.report()) from None
        suffix = " (provkörning, inget sparat)" if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{result}{suffix}"))
