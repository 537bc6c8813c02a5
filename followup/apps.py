from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from plans.signals import goals_deleting

        from .receivers import refuse_deleting_assessed_goals

        goals_deleting.connect(refuse_deleting_assessed_goals, dispatch_uid="followup.goals")
