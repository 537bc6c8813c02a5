import dataclasses
from dataclasses import dataclass

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from documents.forms import date_field
from plans.models import Goal
from registry.models import Region

from .levels import LEGEND, Level
from .models import COMMENT_TEXT, LONG_TEXT, MESSAGE_TEXT, Assessment, FollowUpRound
from .services.base import normalise_text
from .services.reports import GoalConflict

LEVEL_CHOICES = [(letter, f"{letter} – {LEGEND[letter]}") for letter in ("U", "P", "E")] + [
    ("", _("– ingen bedömning"))
]


class Choices(BaseChoiceIterator):
    """Choices that are already (value, label) pairs, which a field and its widget take as
    they are: given a list, each normalises it again (three times a field, a third of the
    national form's construction)."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


def check_deadline(form: forms.Form, opens_on, deadline) -> None:
    """The message on the field, rather than the database constraint's on the form."""
    if opens_on and deadline and deadline < opens_on:
        form.add_error(
            "deadline",
            _("Sista dag kan inte vara före dagen då omgången öppnar (%(opens)s).")
            % {"opens": opens_on.strftime("%Y-%m-%d")},
        )


class RoundCreateForm(forms.ModelForm):
    class Meta:
        model = FollowUpRound
        fields = ["year", "opens_on", "deadline", "regions", "introduction"]
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "introduction": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["regions"].queryset = Region.objects.filter(
            healthcare_region=plan.healthcare_region
        )
        self.fields["regions"].initial = list(self.fields["regions"].queryset)
        for name in ("opens_on", "deadline"):
            self.fields[name] = date_field(self.fields[name].label)

    def clean(self):
        cleaned = super().clean()
        check_deadline(self, cleaned.get("opens_on"), cleaned.get("deadline"))
        return cleaned

    def clean_year(self):
        year = self.cleaned_data["year"]
        if FollowUpRound.objects.filter(plan=self.plan, year=year).exists():
            raise forms.ValidationError(
                _("Planen har redan en uppföljning för %(year)s.") % {"year": year},
                code="duplicate",
            )
        return year


class RoundTextsForm(forms.Form):
    introduction = forms.CharField(
        label=_("Inledning"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    summary = forms.CharField(
        label=_("Sammanfattning"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    original_introduction = forms.CharField(required=False, widget=forms.HiddenInput)
    original_summary = forms.CharField(required=False, widget=forms.HiddenInput)


class DeadlineForm(forms.Form):
    deadline = date_field(_("Ny sista dag"))

    def __init__(self, *args, round: FollowUpRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round

    def clean(self):
        cleaned = super().clean()
        check_deadline(self, self.round.opens_on, cleaned.get("deadline"))
        return cleaned


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Meddelande till regionen"),
        help_text=_(
            "Skriv vad regionen behöver ändra eller komplettera. Regionens rapportörer får "
            "meddelandet med e-post och ser det i formuläret."
        ),
        max_length=MESSAGE_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Skriv ett meddelande till regionen om vad som behöver ändras.")
        },
    )


class CommentForm(forms.Form):
    """A single text that the RCC writes, with the text it started from to detect conflicts."""

    text = forms.CharField(
        required=False, max_length=COMMENT_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    original = forms.CharField(required=False, widget=forms.HiddenInput)


@dataclass
class GoalFields:
    goal: Goal
    levels: list[forms.BoundField]
    unsure: forms.BoundField
    comment: forms.BoundField
    original_level: forms.BoundField
    original_comment: forms.BoundField
    previous: Assessment | None
    conflict: "GoalConflict | None" = None
    # the region's own local goals that concretise the goal (plans.local_plans)
    local_goals: list[Goal] = dataclasses.field(default_factory=list)

    @property
    def errors(self):
        return [error for field in [*self.levels, self.comment] for error in field.errors]


# A conflict's choice: keep what this person typed, or take the version saved meanwhile.
RESOLVE_CHOICES = ("mine", "theirs")


class RegionReportForm(forms.Form):
    """Every goal of the plan: a level (one per part for goals judged in parts) and a comment.

    Hidden fields carry each goal's level and comment as loaded, so that a save writes only
    the goals this person changed and finds those that someone else changed meanwhile. For
    such a conflict the person chooses a version (`resolve`); `seen` holds the saved version
    they were shown, which becomes what they started from.
    """

    def __init__(
        self,
        *args,
        goals,
        assessments: dict[int, Assessment],
        part_names: dict[int, list[str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.goals = goals
        self.assessments = assessments  # goal id -> assessment, as loaded
        self.part_counts = {}
        # Translated once for the form, not once per goal: a form has hundreds of fields.
        choices = Choices([(value, str(label)) for value, label in LEVEL_CHOICES])
        level_label, unsure_label, comment_label = (
            str(_("Nivå")),
            str(_("Osäker bedömning")),
            str(_("Kommentar")),
        )
        for goal in goals:
            assessment = assessments.get(goal.pk)
            level = Level.parse(assessment.level if assessment else "")
            names = part_names.get(goal.pk, [])
            count = max(len(names), len(level.parts), 1)
            self.part_counts[goal.pk] = count
            for i in range(count):
                if i < len(names):
                    label = names[i]
                elif count > 1:
                    label = _("Del %(n)s") % {"n": i + 1}
                else:
                    label = level_label
                self.fields[f"g{goal.pk}_level_{i}"] = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=level.parts[i] if i < len(level.parts) else "",
                )
            self.fields[f"g{goal.pk}_unsure"] = forms.BooleanField(
                label=unsure_label, required=False, initial=level.unsure
            )
            self.fields[f"g{goal.pk}_comment"] = forms.CharField(
                label=comment_label,
                required=False,
                max_length=COMMENT_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=assessment.comment if assessment else "",
            )
            self.fields[f"g{goal.pk}_original_level"] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=assessment.level if assessment else "",
            )
            self.fields[f"g{goal.pk}_original_comment"] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=assessment.comment if assessment else "",
            )

    def rows(
        self, previous: dict[int, Assessment], conflicts=(), local_goals=None
    ) -> list[GoalFields]:
        conflicts = {conflict.goal.pk: conflict for conflict in conflicts}
        local_goals = local_goals or {}
        return [
            GoalFields(
                goal=goal,
                levels=[self[f"g{goal.pk}_level_{i}"] for i in range(self.part_counts[goal.pk])],
                unsure=self[f"g{goal.pk}_unsure"],
                comment=self[f"g{goal.pk}_comment"],
                original_level=self[f"g{goal.pk}_original_level"],
                original_comment=self[f"g{goal.pk}_original_comment"],
                previous=previous.get(goal.pk),
                conflict=conflicts.get(goal.pk),
                local_goals=local_goals.get(goal.pk, []),
            )
            for goal in self.goals
        ]

    def clean(self):
        cleaned = super().clean()
        self.levels = {}
        for goal in self.goals:
            names = [f"g{goal.pk}_level_{i}" for i in range(self.part_counts[goal.pk])]
            letters = [cleaned.get(name, "") for name in names]
            unsure = cleaned.get(f"g{goal.pk}_unsure", False)
            if any(letters) and not all(letters):
                self.add_error(
                    names[0],
                    forms.ValidationError(
                        _("Ange en nivå för varje del av målet, eller ingen."), code="parts"
                    ),
                )
                continue
            if unsure and not any(letters):
                self.add_error(
                    names[0],
                    forms.ValidationError(
                        _("Markera osäker bedömning bara tillsammans med en nivå."),
                        code="unsure_blank",
                    ),
                )
                continue
            self.levels[goal.pk] = str(Level(tuple(letters) if any(letters) else (), unsure))
        return cleaned

    def _resolve(self, goal_id: int) -> str:
        """The person's choice in a conflict panel ("mine" or "theirs"), if there was one.

        Read from the data rather than declared as fields: only the few goals in conflict
        carry them, and a field per goal would cost every form of 300 goals."""
        choice = self.data.get(f"g{goal_id}_resolve", "")
        return choice if choice in RESOLVE_CHOICES else ""

    def _seen(self, goal_id: int) -> tuple[str, str] | None:
        """The saved version shown in a conflict, if the person chose between it and theirs."""
        if not self._resolve(goal_id):
            return None
        return (
            str(self.data.get(f"g{goal_id}_seen_level", "")),
            normalise_text(str(self.data.get(f"g{goal_id}_seen_comment", ""))),
        )

    def values(self) -> dict[int, tuple[str, str]]:
        values = {}
        for goal in self.goals:
            seen = self._seen(goal.pk)
            if seen and self._resolve(goal.pk) == "theirs":
                values[goal.pk] = seen
            else:
                comment = normalise_text(self.cleaned_data[f"g{goal.pk}_comment"])
                values[goal.pk] = (self.levels[goal.pk], comment)
        return values

    def originals(self) -> dict[int, tuple[str, str]]:
        return {
            goal.pk: self._seen(goal.pk)
            or (
                self.cleaned_data[f"g{goal.pk}_original_level"],
                normalise_text(self.cleaned_data[f"g{goal.pk}_original_comment"]),
            )
            for goal in self.goals
        }

    def merged(self, data, *, assessments: dict[int, Assessment], conflicts):
        """The posted data after a save with conflicts: every goal as saved now, except the
        conflicting ones, which keep what the person typed and their original, so that the
        person chooses a version (resolve) before any of it is written."""
        conflicting = {conflict.goal.pk for conflict in conflicts}
        data = data.copy()
        for goal in self.goals:
            if goal.pk in conflicting:
                continue
            for key in [key for key in data if key.startswith(f"g{goal.pk}_")]:
                del data[key]
            assessment = assessments.get(goal.pk)
            level = Level.parse(assessment.level if assessment else "")
            for i, letter in enumerate(level.parts):
                data[f"g{goal.pk}_level_{i}"] = letter
            if level.unsure:
                data[f"g{goal.pk}_unsure"] = "on"
            comment = assessment.comment if assessment else ""
            data[f"g{goal.pk}_comment"] = comment
            data[f"g{goal.pk}_original_level"] = assessment.level if assessment else ""
            data[f"g{goal.pk}_original_comment"] = comment
        return data
