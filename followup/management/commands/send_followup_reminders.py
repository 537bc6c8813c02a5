import argparse

from django.core.management.base import BaseCommand, CommandError

from followup.services import reminders_send
from followup.services.reminders import MAX_DAYS


def days_argument(text: str) -> int:
    """A --days that argparse refuses in Swedish, instead of an OverflowError further on."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» är inget antal dagar.") from None
    if not 0 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"Ange ett antal dagar mellan 0 och {MAX_DAYS}.")
    return days


class Command(BaseCommand):
    help = (
        "Email the reporters of regions that have not submitted, for open rounds whose deadline "
        "is less than --days away or has passed. At most one reminder per region and day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=days_argument, default=7, help=f"0 to {MAX_DAYS}.")

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
