"""The members' forms: proposing an agenda item, declining a proposal, marking a decision
done, and the open decisions' filter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from documents.forms import DATE_FORMATS, DATE_HELP, DateInput, date_field

from .models import SHORT_TEXT_MAX, AgendaProposal, Meeting

PROPOSAL_MAX_MINUTES = 480  # a whole meeting day; more is a typing slip


class ProposalForm(forms.ModelForm):
    planned_minutes = forms.IntegerField(
        label=_("Önskad tid i minuter"),
        help_text=_("Hur lång tid du tror att punkten behöver, i hela minuter."),
        required=False,
        min_value=1,
        max_value=PROPOSAL_MAX_MINUTES,
        error_messages={
            "invalid": _("Skriv tiden i hela minuter, t.ex. 20."),
            "min_value": _("Tiden anges i hela minuter, minst 1."),
            "max_value": _("Högst %(limit_value)s minuter."),
        },
    )

    class Meta:
        model = AgendaProposal
        fields = ["title", "description", "kind", "planned_minutes"]
        labels = {"title": _("Rubrik"), "description": _("Beskrivning"), "kind": _("Typ av punkt")}
        help_texts = {
            "description": _(
                "Vad du vill ta upp och varför; samordnaren ser det när dagordningen byggs."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {
                "required": _("Skriv en rubrik för punkten."),
                "max_length": _(
                    "Rubriken får vara högst %(limit_value)d tecken; den har %(show_value)d."
                ),
            },
            "description": {
                "max_length": _(
                    "Beskrivningen får vara högst %(limit_value)d tecken; den har %(show_value)d."
                ),
            },
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        help_text=_("Förslagsställaren ser skälet bredvid sitt förslag."),
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Skriv varför förslaget avböjs."),
            "max_length": _(
                "Skälet får vara högst %(limit_value)d tecken; det har %(show_value)d."
            ),
        },
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return f"{formats.date_format(meeting.date, 'j F Y')} ({meeting.get_kind_display()})"


class DecisionDoneForm(forms.Form):
    done_on = date_field(_("Klart den"))
    followed_up_at = MeetingChoiceField(
        label=_("Återkopplat vid möte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("– inget möte –"),
        error_messages={"invalid_choice": _("Välj ett av gruppens möten.")},
    )
    note = forms.CharField(
        label=_("Anteckning"),
        help_text=_("Vad som blev gjort, eller var det återkopplades om inte vid ett möte."),
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Anteckningen får vara högst %(limit_value)d tecken; den har %(show_value)d."
            ),
        },
    )

    def __init__(self, *args, group, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["followed_up_at"].queryset = Meeting.objects.for_group(group).order_by("-date")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("followed_up_at") and not cleaned.get("note"):
            raise ValidationError(
                _("Välj vid vilket möte beslutet återkopplades, eller skriv en anteckning."),
                code="follow_up_required",
            )
        return cleaned


class DecisionFilter(django_filters.FilterSet):
    """The open decisions' filter: state (open unless chosen), responsible and due.

    The queryset is annotated with due_date (views.decisions): a date, or the date of the
    meeting after the decision's for "nästa möte".
    """

    STATES = [("open", _("Öppna")), ("done", _("Klara")), ("all", _("Alla"))]

    state = django_filters.ChoiceFilter(
        choices=STATES, method="in_state", label=_("Status"), empty_label=None
    )
    responsible = django_filters.ChoiceFilter(
        method="of_responsible", label=_("Ansvarig"), empty_label=_("Alla")
    )
    due = django_filters.ChoiceFilter(
        choices=[("overdue", _("Försenade"))],
        method="overdue",
        label=_("Återkoppling"),
        empty_label=_("Alla"),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label=_("Återkoppling senast"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        error_messages={"invalid": _("Skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-04-30.")},
    )

    def __init__(self, data=None, *args, responsible: list[str], **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        super().__init__(data, *args, **kwargs)
        self.filters["responsible"].extra["choices"] = [(name, name) for name in responsible]

    def in_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(done_on__isnull=True)
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        return queryset

    def of_responsible(self, queryset, name, value):
        return queryset.filter(Q(responsible=value) | Q(responsible_person__name=value))

    def overdue(self, queryset, name, value):
        return queryset.filter(done_on__isnull=True, due_date__lt=timezone.localdate())
