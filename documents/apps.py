from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """What every app uses to make and read documents; it knows no domain app."""

    name = "documents"
    verbose_name = _("Dokument")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from .history import stamp_batch

        pre_create_historical_record.connect(stamp_batch, dispatch_uid="documents.stamp_batch")
