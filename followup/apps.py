from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from documents.models import Rendering
        from documents.reports import register_report
        from plans.signals import goals_deleting

        from .models import PublishedRegionReport, PublishedReport
        from .receivers import (
            delete_published_files,
            keep_published_pdf,
            refuse_deleting_assessed_goals,
        )
        from .reports import FOLLOWUP_REPORT

        register_report(FOLLOWUP_REPORT)

        goals_deleting.connect(refuse_deleting_assessed_goals, dispatch_uid="followup.goals")
        post_save.connect(keep_published_pdf, sender=Rendering, dispatch_uid="followup.pdf")
        post_delete.connect(
            delete_published_files, sender=PublishedReport, dispatch_uid="followup.files"
        )
        post_delete.connect(
            delete_published_files,
            sender=PublishedRegionReport,
            dispatch_uid="followup.region-files",
        )
