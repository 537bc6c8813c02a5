from django.core.management.base import BaseCommand

from followup.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email the reporters of regions that have not submitted, for open rounds whose deadline "
        "is less than --days away or has passed. At most one reminder per region and day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, **options):
        sent = reminders_send(days=options["days"])
        for reminder in sent:
            self.stdout.write(
                f"Påminde {reminder.region} ({reminder.round}): {reminder.recipients or '–'}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} påminnelser skickade."))
