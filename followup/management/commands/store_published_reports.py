from django.core.management.base import BaseCommand
from django.utils import timezone

from followup.services import published_report_store_missing


class Command(BaseCommand):
    help = (
        "Store the report of every published round that has no stored version (one published "
        "before published reports were stored) as its version 1, as published by whoever "
        "published the round, then; its PDF is queued for the worker. Running it again stores "
        "nothing more."
    )

    def handle(self, *args, **options):
        stored = published_report_store_missing()
        for report in stored:
            by = report.published_by or "okänd"
            at = timezone.localtime(report.published_at)
            self.stdout.write(
                f"{report.round}: sparad som version 1 (publicerad {at:%Y-%m-%d %H:%M} av {by}),"
                f" med {report.region_reports.count()} regionrapporter."
            )
        if stored:
            rounds = "publicerad omgång" if len(stored) == 1 else "publicerade omgångar"
            self.stdout.write(
                self.style.SUCCESS(f"{len(stored)} {rounds} fick sin rapport sparad.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Varje publicerad omgång har redan sin rapport sparad: inget att göra."
                )
            )
