"""The plan forms people fill in: copying a plan, approving it, creating one (empty or from a
spreadsheet) and editing its details. The forms of rows edited in place are in forms_rows.py."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.forms import date_field
from documents.spreadsheets import format_for
from registry.models import HealthcareRegion, Region

from .models import LONG_TEXT, Plan
from .permissions import owners_for
from .services import PlanDetails, parse_period


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


# An uploaded plan is read into memory whole; a national plan's file is well under a megabyte.
PLAN_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# Model fields whose errors belong to another field of the details forms.
FORM_FIELD_OF = {
    "owner_healthcare_region": "owner",
    "owner_region": "owner",
    "first_year": "period",
    "last_year": "period",
}


class TextField(forms.CharField):
    """A text box whose line breaks are kept as "\n": a browser sends "\r\n", which would count
    twice against the maximum length and differ from the same text saved elsewhere."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ParentPlanField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class PlanDetailsForm(forms.Form):
    """A plan's own details: what creating a plan asks, and editing its details too.

    The owners offered are those the user may give a plan (plans.permissions.owners_for), the
    kinds those that suit them, and the parents the cancer plans the user can read; anything
    else posted is refused on its field.
    """

    title = forms.CharField(label=_("Titel"), max_length=300)
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=100,
        help_text=_("Används i planens adress: små bokstäver, siffror och bindestreck."),
        error_messages={
            "invalid": _(
                "Skriv kortnamnet med bokstäverna a–z, siffror och bindestreck, utan mellanslag."
            )
        },
    )
    kind = forms.ChoiceField(label=_("Typ"))
    owner = forms.ChoiceField(label=_("Ägare"))
    period = forms.CharField(
        label=_("Period"), max_length=20, help_text=_("Ett år (2026) eller flera (2026–2028).")
    )
    parent = ParentPlanField(
        label=_("Bygger på"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("(ingen)"),
        help_text=_("Den cancerplan som handlingsplanen eller den lokala planen bygger på."),
        error_messages={
            "invalid_choice": _(
                "Välj en cancerplan som du kan se. En plan kan inte bygga på sig själv."
            )
        },
    )
    introduction = TextField(label=_("Inledning"), max_length=LONG_TEXT, required=False)

    def __init__(self, *args, user, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        healthcare_regions, regions = owners_for(user)
        self.owners: dict[str, HealthcareRegion | Region] = {
            **{owner_key(owner): owner for owner in healthcare_regions},
            **{owner_key(owner): owner for owner in regions},
        }
        groups = [
            (_("Sjukvårdsregioner (RCC)"), healthcare_regions),
            (_("Regioner"), regions),
        ]
        choices = [
            (label, [(owner_key(owner), str(owner)) for owner in owners])
            for label, owners in groups
            if owners
        ]
        self.fields["owner"].choices = choices[0][1] if len(choices) == 1 else choices
        kinds = []
        if healthcare_regions:
            kinds += [Plan.Kind.CANCER_PLAN, Plan.Kind.ACTION_PLAN]
        if regions:
            kinds.append(Plan.Kind.LOCAL_PLAN)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        parents = Plan.objects.visible_to(user).filter(kind=Plan.Kind.CANCER_PLAN)
        self.fields["parent"].queryset = parents.exclude(pk=plan.pk) if plan else parents

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        others = Plan.objects.filter(slug=slug)
        if self.plan is not None:
            others = others.exclude(pk=self.plan.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Det finns redan en plan med kortnamnet «%(slug)s».") % {"slug": slug},
                code="duplicate",
            )
        return slug

    def clean_period(self):
        text = self.cleaned_data["period"]
        try:
            return parse_period(text)
        except ValueError as exc:
            error = forms.ValidationError(str(exc), code="period")
        # Written as a period, but not a plausible one: say what is wrong with its years.
        shape = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", text)
        years = [int(year) for year in shape.groups() if year] if shape else []
        if len(years) == 2 and years[0] > years[1]:
            error = forms.ValidationError(
                _(
                    "Perioden slutar innan den börjar. Skriv det första året först, "
                    "t.ex. %(first)s–%(last)s."
                )
                % {"first": years[1], "last": years[0]},
                code="period_order",
            )
        elif years and not all(2000 <= year <= 2100 for year in years):
            error = forms.ValidationError(
                _("Planens år ska ligga mellan 2000 och 2100."), code="period_years"
            )
        raise error

    def clean_owner(self):
        return self.owners[self.cleaned_data["owner"]]  # a choice, so one of them

    def clean(self):
        cleaned = super().clean()
        kind, owner = cleaned.get("kind"), cleaned.get("owner")
        if kind and owner:
            if kind == Plan.Kind.LOCAL_PLAN and not isinstance(owner, Region):
                self.add_error(
                    "owner",
                    forms.ValidationError(
                        _("En lokal handlingsplan ägs av en region."), code="owner"
                    ),
                )
            elif kind != Plan.Kind.LOCAL_PLAN and isinstance(owner, Region):
                self.add_error(
                    "owner",
                    forms.ValidationError(
                        _("En cancerplan eller handlingsplan ägs av en sjukvårdsregion."),
                        code="owner",
                    ),
                )
        return cleaned

    def details(self) -> PlanDetails:
        data = self.cleaned_data
        first_year, last_year = data["period"]
        return PlanDetails(
            title=data["title"],
            slug=data["slug"],
            kind=data["kind"],
            owner=data["owner"],
            first_year=first_year,
            last_year=last_year,
            parent=data["parent"],
            introduction=data["introduction"],
            approved_by=data.get("approved_by", ""),
            approved_on=data.get("approved_on"),
        )

    def add_model_errors(self, error: ValidationError) -> None:
        """A service's validation errors (named by Plan fields) on this form's fields."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            for each in errors:
                field = FORM_FIELD_OF.get(name, name)
                if name == NON_FIELD_ERRORS and each.code == "owner":
                    field = "owner"
                self.add_error(field if field in self.fields else None, each)


def owner_key(owner: HealthcareRegion | Region) -> str:
    """An owner as a choice's value: "sjukvardsregion-3", "region-7" (as details_data)."""
    prefix = "region" if isinstance(owner, Region) else "sjukvardsregion"
    return f"{prefix}-{owner.pk}"


class PlanCreateForm(PlanDetailsForm):
    """A new plan: empty, or with the areas, goals and activities (and, from an XLSX file, the
    chapters) of a spreadsheet in the plan format."""

    file = forms.FileField(
        label=_("Kalkylblad (valfritt)"),
        required=False,
        help_text=_(
            "En CSV- eller XLSX-fil i planformatet, t.ex. en nedladdad plan: en rad per "
            "aktivitet, och i en XLSX-fil planens kapitel på bladet «Kapitel». Högst 5 MB. "
            "Utan fil blir planen tom."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        kinds = [value for value, _label in self.fields["kind"].choices]
        if Plan.Kind.ACTION_PLAN in kinds:
            self.fields["kind"].initial = Plan.Kind.ACTION_PLAN
        if len(self.owners) == 1:
            self.fields["owner"].initial = next(iter(self.owners))

    def clean_file(self):
        return clean_plan_file(self.cleaned_data["file"])


def clean_plan_file(upload):
    """An uploaded plan file within the limits, or a Swedish ValidationError; None for none."""
    if not upload:
        return None
    try:
        format_for(upload.name)
    except ValueError as exc:
        raise forms.ValidationError(str(exc), code="format") from None
    if upload.size > PLAN_UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("Filen är för stor (%(size)s); den får vara högst %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(PLAN_UPLOAD_MAX_BYTES),
            },
            code="too_big",
        )
    return upload


class PlanUpdateForm(forms.Form):
    """A plan's own exported file, edited, to update the plan from (shown first as a preview)."""

    file = forms.FileField(
        label=_("Kalkylblad"),
        help_text=_(
            "Planen nedladdad som Excel eller CSV och ändrad: raderna känns igen på sitt Rad-ID. "
            "En rad utan Rad-ID blir ny, en rad som saknas tas bort. Högst 5 MB och 20 000 rader."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        return clean_plan_file(self.cleaned_data["file"])


class PlanEditDetailsForm(PlanDetailsForm):
    """A plan's details, with who approved it and when; `version` is the plan's history version
    the person loaded (documents.concurrency), so that a save over another person's is refused."""

    approved_by = forms.CharField(
        label=_("Godkänd av"),
        max_length=200,
        required=False,
        help_text=_("Den som fattade beslutet, t.ex. Samverkansnämnden."),
    )
    approved_on = date_field(_("Godkänd den"), required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_plan(cls, plan: Plan, *, user, version: int) -> "PlanEditDetailsForm":
        return cls(user=user, plan=plan, initial={**details_data(plan), "version": version})

    def untouched(self, base) -> set[str]:
        """The form's fields the person left as they were in `base` (the history record of the
        version they loaded): after a conflict these take what is stored now, so that saving
        again keeps the other person's changes there."""
        if base is None:
            return set()
        touched = set()
        for name, value in self.details().values().items():
            mine = value.pk if isinstance(value, models.Model) else value
            if getattr(base, Plan._meta.get_field(name).attname) != mine:
                touched.add(FORM_FIELD_OF.get(name, name))
        return set(details_data(base)) - touched

    def clean_version(self) -> int:
        # Unreadable means unknown: every field then counts as changed by someone else.
        try:
            return max(int(self.cleaned_data["version"]), 0)
        except ValueError:
            return 0


def details_data(plan) -> dict:
    """A plan's details (or those of one of its history records) as the details form shows
    them."""
    if plan.owner_region_id:
        owner = f"region-{plan.owner_region_id}"
    else:
        owner = f"sjukvardsregion-{plan.owner_healthcare_region_id}"
    period = (
        str(plan.first_year)
        if plan.first_year == plan.last_year
        else f"{plan.first_year}–{plan.last_year}"
    )
    return {
        "title": plan.title,
        "slug": plan.slug,
        "kind": plan.kind,
        "owner": owner,
        "period": period,
        "parent": plan.parent_id or "",
        "introduction": plan.introduction,
        "approved_by": plan.approved_by,
        "approved_on": plan.approved_on.isoformat() if plan.approved_on else "",
    }
