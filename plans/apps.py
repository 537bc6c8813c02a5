from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Planer")

    def ready(self):
        from documents.reports import register_report

        from .reports import PLAN_REPORT

        register_report(PLAN_REPORT)
