from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Aviseringar")

    def ready(self):
        from followup import signals as followup_signals
        from meetings import signals as meetings_signals

        from . import receivers

        for signal, receiver in (
            (followup_signals.round_opened, receivers.round_opened),
            (followup_signals.report_submitted, receivers.report_submitted),
            (followup_signals.report_returned, receivers.report_returned),
            (followup_signals.round_published, receivers.round_published),
            (followup_signals.deadline_reminder, receivers.deadline_reminder),
            (meetings_signals.agenda_sent, receivers.agenda_sent),
        ):
            signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
