from django import forms

from .models import Kind, Preference
from .rules import REQUIRED, is_required


class PreferencesForm(forms.Form):
    """A checkbox per kind that concerns the user; a required kind is shown checked and
    disabled, and Django ignores whatever is posted for it."""

    def __init__(self, *args, kinds: list[Kind], preferences: list[Preference], **kwargs):
        super().__init__(*args, **kwargs)
        stored = {preference.kind: preference.enabled for preference in preferences}
        for kind in kinds:
            required = is_required(kind)
            self.fields[kind] = forms.BooleanField(
                label=kind.label,
                required=False,
                disabled=required,
                initial=True if required else stored.get(kind, True),
                help_text=REQUIRED.get(kind, ""),
            )
