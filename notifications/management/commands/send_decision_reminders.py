from django.core.management.base import BaseCommand

from notifications.services import decision_reminders_send


class Command(BaseCommand):
    help = (
        "Email each open decision's responsible person when it falls due: its date is today or "
        "passed, or it is due at the group's next meeting and that meeting is within 7 days. "
        "Once per decision and due date, however often it runs. Run daily."
    )

    def handle(self, *args, **options):
        sent = decision_reminders_send()
        for notification in sent:
            self.stdout.write(f"Påminde {notification.email}: {notification.subject}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} påminnelser om beslut skickade."))
