"""The history page's filters: by area (deleted ones too), by person, by dates."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.forms import date_field

from ..models import Area, Plan
from .records import (
    HistoryFilter,
    history_of,
    plan_scopes,
)

# Years a plan's history can hold: outside them a date is a typo, and a time in year 1
# overflows when the database converts it to UTC (a 500 on SQLite).
FIRST_YEAR, LAST_YEAR = 2000, 2100


PLAUSIBLE_DATE = gettext_lazy("Skriv ett datum mellan år %(first)s och %(last)s.")


PLAUSIBLE_TIME = gettext_lazy("Tidpunkten i adressen ligger inte mellan år %(first)s och %(last)s.")


def _plausible(value, message):
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            message,
            code="implausible_year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


class HistoryFilterForm(forms.Form):
    omrade = forms.TypedChoiceField(
        label=gettext_lazy("Område"), required=False, coerce=int, empty_value=None
    )
    person = forms.TypedChoiceField(
        label=gettext_lazy("Person"), required=False, coerce=int, empty_value=None
    )
    fran = date_field(gettext_lazy("Från och med"), required=False)
    till = date_field(gettext_lazy("Till och med"), required=False)
    sedan = forms.DateTimeField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": gettext_lazy("Tidpunkten i adressen gick inte att läsa.")},
    )

    def __init__(self, data, *, plan: Plan):
        super().__init__(data)
        self.plan = plan
        areas = history_of(Area).filter(plan_id=plan.pk)
        latest = history_of(Area).filter(id=OuterRef("id")).order_by("-history_id")
        areas = areas.filter(history_id=Subquery(latest.values("history_id")[:1])).annotate(
            exists_now=Exists(Area.objects.filter(pk=OuterRef("id")))
        )
        choices = []
        for area in sorted(areas, key=lambda a: (not a.exists_now, a.order, a.id)):
            label = f"{area.number}. {area.title}" if area.number else area.title
            if not area.exists_now:
                label = _("%(area)s (borttaget)") % {"area": label}
            choices.append((area.id, label))
        self.fields["omrade"].choices = [("", _("Alla"))] + choices
        scopes = plan_scopes(plan.pk)
        people = Q()
        for model, scope in scopes.items():
            people |= Q(pk__in=history_of(model).filter(scope).values("history_user_id"))
        users = (
            get_user_model().objects.filter(people).order_by("first_name", "last_name", "username")
        )
        self.fields["person"].choices = [("", _("Alla"))] + [
            (user.pk, user.get_full_name() or user.username) for user in users
        ]
        self.fields["omrade"].error_messages["invalid_choice"] = _("Välj ett av planens områden.")
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Välj en av dem som har ändrat planen."
        )

    def clean_fran(self):
        return _plausible(self.cleaned_data["fran"], PLAUSIBLE_DATE)

    def clean_till(self):
        return _plausible(self.cleaned_data["till"], PLAUSIBLE_DATE)

    def clean_sedan(self):
        return _plausible(self.cleaned_data["sedan"], PLAUSIBLE_TIME)

    def clean(self):
        data = super().clean()
        if data.get("fran") and data.get("till") and data["till"] < data["fran"]:
            self.add_error("till", _("Till-datumet kan inte vara före från-datumet."))
        return data

    def history_filter(self) -> HistoryFilter:
        """The valid part of what was asked for (the form shows what was not)."""
        if not self.is_bound:
            return HistoryFilter()
        self.is_valid()
        data = self.cleaned_data
        return HistoryFilter(
            area_id=data.get("omrade"),
            user_id=data.get("person"),
            date_from=data.get("fran"),
            date_to=data.get("till") if "till" not in self.errors else None,
            since=data.get("sedan"),
        )
