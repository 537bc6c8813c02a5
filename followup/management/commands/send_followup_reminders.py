from django.core.management.base import BaseCommand, CommandError

from documents.commands import days_argument
from followup.services import reminders_send
from followup.services.reminders import MAX_DAYS


class Command(BaseCommand):
    help = (
        "Email the reporters of regions that have not submitted, for open rounds whose deadline "
        "is less than --days away or has passed. At most one reminder per region and day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=days_argument(MAX_DAYS), default=7, help=f"0 to {MAX_DAYS}."
        )

    def handle(self, *args, **options):
        try:
            sent = reminders_send(days=options["days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for reminder in sent:
            self.stdout.write(
                f"Påminde {reminder.region} ({reminder.round}): {reminder.recipients or '–'}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} påminnelser skickade."))
