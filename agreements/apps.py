from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """The yearly national agreement between the state and SKR, its initiatives and the plan
    rows that carry them out. It sits on top of plans; plans never import it."""

    name = "agreements"
    verbose_name = _("Överenskommelser")

    def ready(self):
        from documents.reports import register_report

        from .reports import AGREEMENT_REPORT

        register_report(AGREEMENT_REPORT)

        from plans.columns import ExtraColumn, register_column

        from . import links

        register_column(
            ExtraColumn(
                header="Insats",
                alias="initiatives",
                export=links.insats_export,
                validate=links.insats_validate,
                apply=links.insats_apply,
                same=links.insats_same,
                refusal=links.insats_refusal,
            )
        )
