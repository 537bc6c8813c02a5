"""Optimistic concurrency: two people editing the same text never overwrite each other silently.

A form carries the version of what the person loaded (a counter, or the text itself); the
service compares it, inside its transaction, with what is stored now. When they differ it
raises EditConflict, which says what the other person changed, who and when. The view answers
with conflict_response: 409, the person's input kept, the other person's changes shown.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

DEFAULT_MESSAGE = _(
    "Någon annan har sparat ändringar sedan du öppnade sidan. Det du skrev är inte sparat men "
    "finns kvar; jämför med det som nu är sparat och spara igen."
)


@dataclass(frozen=True)
class Change:
    """Something another person saved after this person loaded the form."""

    field: str  # the field's name, e.g. "level"
    label: str  # what a person calls it, e.g. "Nivå"
    theirs: str  # the value saved now
    by: Any  # the user who saved it, or None when unknown
    at: datetime | None
    subject: Any = None  # what the field belongs to when a form edits many, e.g. a goal


class EditConflict(ValidationError):
    """A save refused because someone else saved first; a ValidationError coded "conflict".

    It carries the version stored now, which a form takes as its new starting point so that
    saving again is a deliberate choice, and the changes that version made.
    """

    def __init__(self, changes: list[Change], *, stored, message=DEFAULT_MESSAGE):
        super().__init__(message, code="conflict")
        self.changes = changes
        self.stored = stored


def check_version(*, loaded, stored, changes: Callable[[], list[Change]], message=None) -> None:
    """Raise EditConflict with changes() unless the stored version is the one loaded."""
    if loaded != stored:
        raise EditConflict(changes(), stored=stored, message=message or DEFAULT_MESSAGE)


def latest_records(history, ids: Iterable[int]) -> dict[int, Any]:
    """Each object's latest history record (simple-history), keyed by id, in one query."""
    records = history.filter(id__in=list(ids)).select_related("history_user")
    return {record.id: record for record in records.order_by("history_date", "history_id")}


def change_from(record, *, field: str, label: str, theirs: str, subject=None) -> Change:
    """A Change whose who and when come from a history record (or are unknown without one)."""
    return Change(
        field=field,
        label=label,
        theirs=theirs,
        by=record.history_user if record else None,
        at=record.history_date if record else None,
        subject=subject,
    )


def rebased(data, **values):
    """Posted form data with some values replaced: the person's input on top of what is stored
    now, so that saving it again is a deliberate choice rather than another conflict."""
    data = data.copy()
    for key, value in values.items():
        data[key] = value
    return data


def conflict_response(
    request, template_name: str, context: dict, conflict: EditConflict
) -> HttpResponse:
    """The page again with status 409: the form as the person filled it, and what changed."""
    return render(request, template_name, {**context, "conflict": conflict}, status=409)
