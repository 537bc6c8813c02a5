import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import HealthcareRegion

from .models import Plan

# A search term is a few words; a very long one is a form error, not a LIKE pattern that SQLite
# refuses as "too complex" (a 500).
SEARCH_MAX_LENGTH = 200


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"), max_length=SEARCH_MAX_LENGTH)
    healthcare_region = django_filters.ModelChoiceFilter(
        queryset=HealthcareRegion.objects.all(),
        method="in_healthcare_region",
        label=_("Sjukvårdsregion"),
        empty_label=_("Alla"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Plan.Kind.choices, label=_("Typ"), empty_label=_("Alla")
    )
    status = django_filters.ChoiceFilter(
        choices=Plan.Status.choices, label=_("Status"), empty_label=_("Alla")
    )

    class Meta:
        model = Plan
        fields = ["q", "healthcare_region", "kind", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(slug__icontains=value))

    def in_healthcare_region(self, queryset, name, value):
        return queryset.filter(
            Q(owner_healthcare_region=value) | Q(owner_region__healthcare_region=value)
        )
