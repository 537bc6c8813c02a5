import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Plan


class PlanTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Plan"))
    kind = tables.Column(verbose_name=_("Typ"))
    owner = tables.Column(
        accessor="owner", verbose_name=_("Ägare"), order_by=("owner_region__name",)
    )
    period = tables.Column(
        accessor="period", verbose_name=_("Period"), order_by=("first_year", "last_year")
    )
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Plan
        fields = ["title", "kind", "owner", "period", "status"]
        orderable = False
        empty_text = _("Inga planer ännu.")
        attrs = {"class": "data-table"}
