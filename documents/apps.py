from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """What every app uses to make and read documents; it knows no domain app."""

    name = "documents"
    verbose_name = _("Dokument")
