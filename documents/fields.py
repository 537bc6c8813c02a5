"""Model fields every app's documents use."""

from django.core.validators import MaxLengthValidator
from django.db import models


class LimitedTextField(models.TextField):
    """A long text with a maximum that full_clean() checks too, not only forms.

    Django's TextField passes max_length to forms and widgets but does not validate it on the
    model; imports and services validate with full_clean(), so the limit must live here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))
