from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.spreadsheets import SpreadsheetError
from plans.models import Plan
from plans.services import parse_period, plan_import, plan_update_apply
from plans.updates import plan_update_read

NEW_PLAN_OPTIONS = ("slug", "title", "kind", "owner", "period")


class Command(BaseCommand):
    help = (
        "Import a plan from a spreadsheet (XLSX or CSV, one row per activity), or update a plan "
        "from its exported file (--plan SLUG --update). Everything is imported, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--slug")
        parser.add_argument("--title")
        parser.add_argument("--kind", choices=Plan.Kind.values)
        parser.add_argument("--owner", help="A region's or healthcare region's code or name.")
        parser.add_argument("--period", help="e.g. 2022-2024 or 2025")
        parser.add_argument("--parent", help="The slug of the plan this one builds on.")
        parser.add_argument("--status", choices=Plan.Status.values, default=Plan.Status.DRAFT)
        parser.add_argument("--plan", help="With --update: the slug of the plan to update.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update --plan from the file: rows matched by Rad-ID, new, changed, removed.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file, write nothing.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen kunde inte läsas: {exc}") from None
        try:
            if options["update"]:
                self.update(content, path.name, options)
            else:
                self.create(content, path.name, options)
        except SpreadsheetError as exc:
            raise CommandError(exc.report()) from None

    def update(self, content: bytes, filename: str, options):
        if not options["plan"]:
            raise CommandError("Ange planen som ska uppdateras med --plan KORTNAMN.")
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Det finns ingen plan med kortnamnet «{options['plan']}».")
        update = plan_update_read(plan=plan, content=content, filename=filename, user=None)
        if update.problems:
            raise SpreadsheetError(update.problems)
        if options["dry_run"]:
            self.stdout.write("Provkörning: inget sparas.")
        else:
            update = plan_update_apply(plan=plan, content=content, filename=filename, user=None)
        self.stdout.write(update.report())  # its last line: "N nya, M ändrade, K borttagna"

    def create(self, content: bytes, filename: str, options):
        missing = [f"--{name}" for name in NEW_PLAN_OPTIONS if not options[name]]
        if missing:
            raise CommandError(
                "En ny plan behöver " + ", ".join(missing) + " (eller --plan och --update)."
            )
        try:
            first_year, last_year = parse_period(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        result = plan_import(
            content=content,
            filename=filename,
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
        suffix = " (provkörning, inget sparat)" if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{result}{suffix}"))
