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
from django.db import models
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


def history_version(obj) -> int:
    """The version of a row whose changes simple-history records: its latest record's id.

    A form carries it; check_history_version compares it with the row's latest record when the
    form is saved. Rows need no counter of their own, and every write that leaves a record (the
    only kind the product makes) is a new version.
    """
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


_UNKNOWN = object()


def check_history_version(obj, *, loaded: int, fields: dict[str, Any] | Iterable[str]) -> None:
    """Raise EditConflict if someone else changed, since version `loaded`, a field that this
    person is now setting to something else.

    `obj` is the row as stored now (locked by the caller), `fields` the fields the person's
    form sets: names, or name -> value. Only those count: someone moving a neighbour writes
    this row's order, which is no conflict for a person editing its text; and, where the
    values are given, a field both set alike is nothing lost. Each field in conflict becomes
    a Change, with who and when from the latest record.
    """
    stored = history_version(obj)
    if stored == loaded:
        return
    base = obj.history.filter(history_id=loaded).first()
    latest = None
    conflicts = []
    values = fields if isinstance(fields, dict) else dict.fromkeys(fields, _UNKNOWN)
    for name, value in values.items():
        field = obj._meta.get_field(name)
        now = getattr(obj, field.attname)
        mine = value.pk if isinstance(value, models.Model) else value
        if mine == now or (base is not None and getattr(base, field.attname) == now):
            continue
        if latest is None:
            latest = obj.history.select_related("history_user").get(history_id=stored)
        conflicts.append(
            change_from(
                latest, field=name, label=str(field.verbose_name), theirs=display_value(obj, name)
            )
        )
    if conflicts:
        raise EditConflict(conflicts, stored=stored)


def display_value(obj, name: str) -> str:
    """A field's value as a person reads it: choices by their label, yes/no, related objects."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    return "" if value is None else str(value)
