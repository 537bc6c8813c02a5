from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Möten")

    def ready(self):
        from documents.reports import register_report

        from .reports import MINUTES_REPORT

        register_report(MINUTES_REPORT)

        from followup.suggestions import goal_hints_requested

        from .receivers import presence_hints

        goal_hints_requested.connect(presence_hints, dispatch_uid="meetings.presence-hints")
