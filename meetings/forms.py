"""The coordinator's forms for a meeting: its details, its items, their decisions, the
summary and the people invited for an item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms import VersionField, date_field
from registry.models import Person, Region

from .models import SHORT_TEXT_MAX, AgendaItem, Decision, Meeting
from .selectors import attendance_label

MAX_ITEM_MINUTES = 600
ID_MAX = 2**63 - 1
TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]
TIME_ERRORS = {"invalid": _("Skriv tiden som TT:MM, t.ex. 08:00.")}


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "TT:MM", "size": 6, "maxlength": 5}
        ),
        error_messages=TIME_ERRORS,
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.name} ({attendance_label(person)})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = PersonChoiceField.label_from_instance

    def _check_values(self, value):
        # Django looks each value up as it is: a number past a 64-bit integer would reach the
        # database driver (OverflowError, a 500) rather than be a choice that does not exist.
        for pk in value:
            if not str(pk).isascii() or not str(pk).isdigit() or int(pk) > ID_MAX:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                    params={"pk": pk},
                )  # fmt: skip
        return super()._check_values(value)


class MeetingForm(forms.ModelForm):
    """A meeting's date, times, form, place and its officers, chosen among the people the
    group knows (its members and those who have attended)."""

    date = date_field(_("Datum"))
    end_date = date_field(_("Slutdatum"), required=False)
    starts_at = time_field(_("Starttid"))
    ends_at = time_field(_("Sluttid"))
    link = forms.URLField(
        label=_("Länk"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("För digitala möten: adressen till mötet."),
    )
    version = VersionField()

    class Meta:
        model = Meeting
        fields = [
            "date",
            "end_date",
            "starts_at",
            "ends_at",
            "kind",
            "place",
            "link",
            "chair",
            "note_taker",
            "adjuster",
        ]
        field_classes = {
            "chair": PersonChoiceField,
            "note_taker": PersonChoiceField,
            "adjuster": PersonChoiceField,
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].help_text = _("Bara för möten över flera dagar, t.ex. internat.")
        for name in ("chair", "note_taker", "adjuster"):
            self.fields[name].queryset = people
            self.fields[name].empty_label = _("– Ingen vald –")


class ItemForm(forms.ModelForm):
    """An agenda item: what it is, who presents it and how long it takes; and, at or after
    the meeting, its minutes."""

    presenters = PeopleChoiceField(
        label=_("Föredragande"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "planned_minutes",
            "presenters",
            "text",
            "discussion_points",
            "discussion_summary",
        ]
        labels = {"planned_minutes": _("Planerad tid (minuter)")}
        widgets = {
            "planned_minutes": forms.NumberInput(attrs={"min": 1, "max": 600, "size": 5}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "discussion_points": forms.Textarea(attrs={"rows": 4}),
            "discussion_summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "text": _("Stycken skiljs med en tom rad; rader som börjar med «- » blir en lista."),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].queryset = people
        if self.instance.pk:
            self.initial.setdefault(
                "presenters", [link.person_id for link in self.instance.presenter_links.all()]
            )

    def brief_fields(self):
        """What adding an item asks for; its minutes are written once it is there."""
        return [self[name] for name in ("title", "kind", "planned_minutes", "presenters")]

    def clean_planned_minutes(self):
        minutes = self.cleaned_data["planned_minutes"]
        if minutes is not None and not 1 <= minutes <= MAX_ITEM_MINUTES:
            raise forms.ValidationError(
                _("Planerad tid anges i hela minuter, 1–%(max)s.") % {"max": MAX_ITEM_MINUTES}
            )
        return minutes


class DecisionForm(forms.ModelForm):
    DUE_CHOICES = [
        ("next", _("Vid nästa möte")),
        ("date", _("Senast ett datum")),
        ("none", _("Ingen tidpunkt")),
    ]
    due = forms.ChoiceField(
        label=_("Återkoppling"), choices=DUE_CHOICES, widget=forms.RadioSelect, initial="next"
    )
    due_on = date_field(_("Datum för återkoppling"), required=False)
    version = VersionField()

    class Meta:
        model = Decision
        fields = ["text", "responsible", "responsible_person"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"responsible_person": PersonChoiceField}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_person"].queryset = people
        self.fields["responsible_person"].empty_label = _("– Ingen enskild person –")
        if self.instance.pk:
            self.initial["due"] = (
                "next"
                if self.instance.due_next_meeting
                else "date"
                if self.instance.due_on
                else "none"
            )

    def clean(self):
        data = super().clean()
        due, due_on = data.get("due"), data.get("due_on")
        if due == "date" and due_on is None and "due_on" not in self.errors:
            self.add_error("due_on", _("Ange datumet för återkopplingen."))
        return data

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "responsible": data["responsible"],
            "responsible_person": data["responsible_person"],
            "due_next_meeting": data["due"] == "next",
            "due_on": data["due_on"] if data["due"] == "date" else None,
        }


class SummaryForm(forms.Form):
    points = forms.CharField(
        label=_("Sammanfattning, en punkt per rad"),
        required=False,
        max_length=20 * SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_points(self) -> list[str]:
        points = [line.strip() for line in self.cleaned_data["points"].splitlines()]
        points = [point.removeprefix("- ").strip() for point in points if point]
        if any(len(point) > SHORT_TEXT_MAX for point in points):
            raise forms.ValidationError(
                _("En punkt får vara högst %(max)s tecken.") % {"max": SHORT_TEXT_MAX}
            )
        return points


class InvitedForm(forms.Form):
    """Someone specially invited for an item (särskilt kallad): found by name, or added."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("För den som inte företräder en region, t.ex. ett universitet."),
    )
    topic = forms.CharField(label=_("Ämne eller punkt"), max_length=300)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("– Ingen region –")

    def clean(self):
        data = super().clean()
        if not data.get("region") and not data.get("organisation", "").strip():
            raise forms.ValidationError(_("Ange personens region eller organisation."))
        return data


ATTENDANCE_CHOICES = [
    ("present", _("Närvarande")),
    ("remote", _("På länk")),
    ("absent", _("Frånvarande")),
    ("", _("Ej registrerad")),
]


class AttendanceForm(forms.Form):
    """One click: a person's status at the meeting ("" takes the registration away)."""

    person = forms.IntegerField(min_value=1, max_value=ID_MAX)
    status = forms.ChoiceField(choices=ATTENDANCE_CHOICES, required=False)
