import argparse
import copy
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.reports import report_kinds


class Command(BaseCommand):
    help = (
        "Render a PDF report: 'render_report KIND ... -o out.pdf', one KIND per report the apps "
        "register (see documents.reports); 'render_report KIND --help' shows its options."
    )

    def add_arguments(self, parser):
        # Django's own options (-v, --traceback …) may also follow the kind, as they could
        # before there were kinds; there they must not reset what was given before the kind.
        common = [action for action in parser._actions if action.dest not in ("help", "version")]
        kinds = parser.add_subparsers(dest="report", required=True, metavar="KIND")
        for kind in report_kinds():
            subparser = kinds.add_parser(kind.name, help=kind.help, description=kind.help)
            kind.add_arguments(subparser)
            subparser.add_argument("-o", "--output", required=True, type=Path)
            for action in common:
                subparser._add_action(copy.copy(action)).default = argparse.SUPPRESS

    def handle(self, *args, **options):
        kind = next(kind for kind in report_kinds() if kind.name == options["report"])
        report = kind.render(options)
        try:
            options["output"].write_bytes(report.content)
        except OSError as exc:
            raise CommandError(f"Filen kunde inte skrivas: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Skrev {options['output']}{report.note}"))
