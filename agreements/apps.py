from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """The yearly national agreement between the state and SKR, its initiatives and the plan
    rows that carry them out. It sits on top of plans; plans never import it."""

    name = "agreements"
    verbose_name = _("Överenskommelser")
