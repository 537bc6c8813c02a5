"""The forms of the plan's edit view: one per kind of row, each for one row at a time.

A form that changes a row carries the version it was loaded at (documents.concurrency); one
that adds a row does not. Checks that need the plan (a number or title taken by another row)
are made here, with messages on the field, before the service's full_clean() would name a
constraint.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms import VersionField

from .models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart

PART_NAME_LENGTH = GoalPart._meta.get_field("name").max_length
MAX_PARTS = 20


class RowForm(forms.ModelForm):
    """A row of a plan; `plan` scopes the checks and the choices of where a row may move."""

    version = VersionField()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea) and field.widget.attrs.get("rows") == "10":
                field.widget.attrs["rows"] = 4  # Django's default of 10 rows is a page per cell

    @property
    def row_fields(self) -> list[str]:
        """The row's own fields the form edits (not its version): what a conflict compares."""
        return [name for name in self.fields if name not in ("version", *self.extra_fields)]

    extra_fields: tuple[str, ...] = ()

    def parts_change(self) -> dict:
        """What the services take besides the row's fields (a goal's parts)."""
        return {}

    def rebased_data(self, row) -> dict:
        """Posted values to replace when the form is shown again over a newer stored row."""
        return {}

    def _taken(self, queryset, field: str, message) -> None:
        value = self.cleaned_data.get(field)
        if value and queryset.exclude(pk=self.instance.pk).filter(**{field: value}).exists():
            self.add_error(field, forms.ValidationError(message, code="duplicate"))


class AreaForm(RowForm):
    class Meta:
        model = Area
        fields = ["number", "title", "overall_goal"]

    def clean(self):
        areas = Area.objects.filter(plan=self.plan)
        self._taken(areas, "number", _("Ett annat område i planen har redan det numret."))
        self._taken(areas, "title", _("Ett annat område i planen heter redan så."))
        return self.cleaned_data


class GoalsByArea(forms.models.ModelChoiceIterator):
    """The choices of a goal field, grouped by area in <optgroup>s (the queryset ordered by
    area, with the area selected)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[int, tuple[str, list]] = {}
        for goal in self.queryset:
            groups.setdefault(goal.area_id, (str(goal.area), []))[1].append(self.choice(goal))
        yield from groups.values()


class ParentGoalField(forms.ModelChoiceField):
    iterator = GoalsByArea


class GoalForm(RowForm):
    parts = forms.CharField(
        label=_("Måldelar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_PARTS * (PART_NAME_LENGTH + 1),
        help_text=_("Delar som bedöms var för sig, en per rad. Lämna tomt om målet bedöms helt."),
    )
    # The parts as the form was loaded: what tells a change of them by someone else.
    parts_original = forms.CharField(widget=forms.HiddenInput, required=False)
    extra_fields = ("parts", "parts_original")

    class Meta:
        model = Goal
        fields = ["number", "text", "parent_goal", "current_state", "area"]
        field_classes = {"parent_goal": ParentGoalField}
        labels = {"parent_goal": _("Mål i cancerplanen")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self._parent_goal_field(plan)
        if self.instance.pk is None:  # a new goal goes into the area it was added to
            del self.fields["area"]
        else:
            self.fields["area"].queryset = Area.objects.filter(plan=plan).order_by("order")
            self.fields["area"].empty_label = None
            self.fields["area"].help_text = _("Välj ett annat område för att flytta målet dit.")
            if "parts" not in self.initial:
                self.initial["parts"] = self.initial["parts_original"] = _parts_text(self.instance)

    def _parent_goal_field(self, plan) -> None:
        """A local plan's goal names the goal of its cancer plan that it concretises, chosen
        among that plan's goals only; other plans' goals have no such field."""
        if plan.kind != plan.Kind.LOCAL_PLAN or plan.parent_id is None:
            del self.fields["parent_goal"]
            return
        field = self.fields["parent_goal"]
        field.queryset = (
            Goal.objects.filter(area__plan_id=plan.parent_id)
            .select_related("area")
            .order_by("area__order", "order")
        )
        field.empty_label = _("– inget valt –")
        field.help_text = _("Det mål i %(plan)s som målet konkretiserar.") % {
            "plan": plan.parent.title
        }
        field.error_messages["invalid_choice"] = _("Välj ett av cancerplanens mål i listan.")

    def _names(self, text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_parts(self) -> list[str]:
        names = self._names(self.cleaned_data["parts"])
        if len(names) > MAX_PARTS:
            raise forms.ValidationError(
                _("Ett mål kan ha högst %(max)s delar.") % {"max": MAX_PARTS}, code="too_many"
            )
        if any(len(name) > PART_NAME_LENGTH for name in names):
            raise forms.ValidationError(
                _("En måldel kan vara högst %(max)s tecken.") % {"max": PART_NAME_LENGTH},
                code="too_long",
            )
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Två måldelar heter likadant."), code="duplicate")
        return names

    def clean_parts_original(self) -> list[str]:
        return self._names(self.cleaned_data["parts_original"])

    def parts_change(self) -> dict:
        if self.instance.pk is None:
            return {"parts": self.cleaned_data["parts"]}
        return {
            "parts": self.cleaned_data["parts"],
            "parts_loaded": self.cleaned_data["parts_original"],
        }

    def rebased_data(self, row) -> dict:
        return {"parts_original": _parts_text(row)}


def _parts_text(goal: Goal) -> str:
    return "\n".join(goal.parts.order_by("order").values_list("name", flat=True))


class ActivityForm(RowForm):
    class Meta:
        model = Activity
        fields = [
            "what",
            "how",
            "who",
            "when",
            "follow_up",
            "responsible",
            "timeframe",
            "from_agreement",
            "goal",
        ]
        labels = {"from_agreement": _("Stjärnmarkerad: från överenskommelsen (*)")}
        widgets = {"timeframe": forms.TextInput}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if self.instance.pk is None:  # a new activity goes under the goal it was added to
            del self.fields["goal"]
        else:
            goals = Goal.objects.filter(area__plan=plan).order_by("area__order", "order")
            self.fields["goal"].queryset = goals
            self.fields["goal"].empty_label = None
            self.fields["goal"].help_text = _("Välj ett annat mål för att flytta aktiviteten dit.")
        self.fields["timeframe"].help_text = _(
            "T.ex. 2025, 2025–2026 eller Löpande. Åren läses ur texten."
        )


class ChapterForm(RowForm):
    class Meta:
        model = Chapter
        fields = ["number", "heading", "placement", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "text": _(
                "Stycken skiljs av en tom rad. Punktlista: rader som börjar med «- ». "
                "Underrubrik: en rad som börjar med «### ». Tabell: rader med | mellan cellerna."
            )
        }


class AbbreviationForm(RowForm):
    class Meta:
        model = Abbreviation
        fields = ["abbreviation", "meaning"]

    def clean(self):
        self._taken(
            Abbreviation.objects.filter(plan=self.plan),
            "abbreviation",
            _("Förkortningen finns redan i planens lista."),
        )
        return self.cleaned_data
