"""The plan forms people fill in: copying a plan (more come with editing)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms import date_field

from .models import Plan
from .services import parse_period


class PlanCopyForm(forms.Form):
    """A new plan from an existing one: its title, short name and period."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=100,
        help_text=_("Används i planens adress: små bokstäver, siffror och bindestreck."),
    )
    period = forms.CharField(
        label=_("Period"), max_length=20, help_text=_("Ett år (2026) eller flera (2026–2028).")
    )

    @classmethod
    def for_next_period(cls, plan: Plan) -> "PlanCopyForm":
        """Suggested for the plan's next period: "… 2025" becomes "… 2026"."""
        length = plan.last_year - plan.first_year
        first, last = plan.last_year + 1, plan.last_year + 1 + length
        period = str(first) if first == last else f"{first}–{last}"

        old_slug, new_slug = plan.period.replace("–", "-"), period.replace("–", "-")
        title = (
            plan.title.replace(plan.period, period)
            if plan.period in plan.title
            else f"{plan.title} {period}"
        )
        slug = (
            plan.slug.replace(old_slug, new_slug)
            if old_slug in plan.slug
            else f"{plan.slug}-{new_slug}"
        )
        return cls(initial={"title": title, "slug": slug, "period": period})

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Plan.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Det finns redan en plan med kortnamnet «%(slug)s».") % {"slug": slug},
                code="duplicate",
            )
        return slug

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="period") from None


class PlanApproveForm(forms.Form):
    approved_by = forms.CharField(
        label=_("Godkänd av"),
        max_length=200,
        help_text=_("Den som fattade beslutet, t.ex. Samverkansnämnden."),
    )
    approved_on = date_field(_("Godkänd den"))
