from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_load
from documents.spreadsheets import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Load the demo: the registry, RCC Norr's cancer plan, RCC Mellansverige's action plan "
        "and one user per role (password 'demo'). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users",
            action="store_true",
            help="Load the data only; required when DEBUG is off.",
        )

    def handle(self, *args, **options):
        with_users = not options["no_users"]
        if with_users and not settings.DEBUG:
            raise CommandError(
                "Demoanvändarna har lösenordet 'demo' och skapas bara när DEBUG är på. "
                "Använd --no-users för att bara läsa in data."
            )
        try:
            log = demo_load(with_users=with_users)
        except SpreadsheetError as exc:
            raise CommandError("Demodata kunde inte läsas in:\n" + str(exc)) from None
        self.stdout.write("\n".join(log))
