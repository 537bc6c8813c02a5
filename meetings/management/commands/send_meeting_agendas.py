from django.core.management.base import BaseCommand, CommandError

from documents.commands import days_argument
from meetings.services.sending import MAX_DAYS, meeting_agendas_send


class Command(BaseCommand):
    help = (
        "Email the agenda of every planned meeting dated within --days days to the members of "
        "its group who have an e-mail address. Once per meeting and member, however often it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=days_argument(MAX_DAYS), default=14, help=f"0 to {MAX_DAYS}."
        )

    def handle(self, *args, **options):
        try:
            result = meeting_agendas_send(days=options["days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for sending in result.sent:
            self.stdout.write(f"Skickade dagordningen för {sending.meeting} till {sending.email}")
        for meeting, member in result.without_email:
            self.stdout.write(
                self.style.WARNING(f"Ingen e-postadress: {member.person} ({meeting}) fick inget.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.sent)} dagordningar skickade för {len(result.meetings)} möten."
            )
        )
