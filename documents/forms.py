"""Form fields every app's forms share."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d"]
DATE_HELP = _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-04-30.")


class DateInput(forms.DateInput):
    """A date typed as ÅÅÅÅ-MM-DD: a browser's date picker shows the browser's locale
    (05/15/2025 in an English browser), which Swedish users should not have to decode."""

    input_type = "text"

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "placeholder": "ÅÅÅÅ-MM-DD", "size": 12, "maxlength": 10}
        super().__init__(format="%Y-%m-%d", attrs=attrs | kwargs.pop("attrs", {}), **kwargs)


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        error_messages={"invalid": _("Skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-04-30.")},
        **kwargs,
    )


class VersionField(forms.IntegerField):
    """The version a form was loaded at (documents.concurrency), in a hidden field.

    Nobody types it, so a missing or mangled one is no error to show: it reads as 0, a version
    no row has, and saving is then checked field by field against what is stored.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=None, **kwargs)

    def to_python(self, value) -> int:
        try:
            return max(int(value), 0)
        except (TypeError, ValueError, OverflowError):
            return 0

    def validate(self, value) -> None:
        pass
