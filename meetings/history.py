"""A meeting's history: every change to the meeting and to what it holds, read from
simple-history's tables, newest first, one change batch at a time (documents.history: the
records one action writes share their date and user).

Rows deleted since are found through their historical tables too: each row's records carry
its meeting, and a presenter's or decision's its item, whose records carry the meeting. One
query per historical table, and one per kind of row the fields point to (people, users,
meetings), whatever the meeting's size.
"""

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from documents.concurrency import display_value
from documents.templatetags.swedish_dates import short_date, short_datetime
from plans.history.diffs import FieldChange
from registry.models import Person

from .attachments import size_label
from .models import (
    AgendaItem,
    AgendaProposal,
    Attachment,
    Attendance,
    Decision,
    Meeting,
    Presenter,
    SummaryPoint,
)

# In the order a change lists its rows.
MODELS = [
    Meeting,
    Attendance,
    AgendaItem,
    Presenter,
    Decision,
    SummaryPoint,
    Attachment,
    AgendaProposal,
]

# What the row's name already says, or what is set by itself.
HIDDEN = {"id", "meeting", "group", "feed_token"}
HIDDEN_BY_MODEL = {Presenter: {"item"}, Decision: {"item"}, Attachment: {"uploaded_at"}}

PER_PAGE = 50


def _history(model):
    return model.history.model.objects


def _scopes(meeting_id: int) -> dict[type, Q]:
    items = _history(AgendaItem).filter(meeting_id=meeting_id).values("id")
    own = Q(meeting_id=meeting_id)
    return {
        Meeting: Q(id=meeting_id),
        Attendance: own,
        AgendaItem: own,
        Presenter: Q(item_id__in=items),
        Decision: Q(item_id__in=items),
        SummaryPoint: own,
        Attachment: own,
        AgendaProposal: own,
    }


@dataclass
class Entry:
    """One row's part in a change: added, changed or deleted, with its fields before and
    after."""

    model: type
    action: str  # added, changed, deleted
    verb: str
    name: str
    summary: str = ""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Change:
    date: datetime
    user: Any
    entries: list[Entry]

    @property
    def who(self) -> str:
        if self.user is None:
            return _("okänd")
        return self.user.get_full_name() or self.user.username


@dataclass
class MeetingHistory:
    changes: list[Change]
    page: Page
    count: int


class _Names:
    """Rows and the values of their foreign keys as people read them, looked up in bulk."""

    def __init__(self, records: list):
        self.item_numbers = {}
        wanted = defaultdict(set)
        for record in records:  # oldest first: an item's last record gives its number
            if record.instance_type is AgendaItem:
                self.item_numbers[record.id] = record.number
            for f in _shown(record.instance_type):
                value = getattr(record, f.attname)
                if f.many_to_one and value is not None and f.related_model is not AgendaItem:
                    wanted[f.related_model].add(value)
        self.related = {}
        for model, ids in wanted.items():
            label = _LABELS.get(model, str)
            found = model._base_manager.in_bulk(ids)
            self.related[model] = {pk: label(obj) for pk, obj in found.items()}

    def item(self, pk) -> str:
        number = self.item_numbers.get(pk)
        return _("Punkt %(number)s") % {"number": number} if number else _("(borttagen punkt)")

    def value(self, record, f) -> str:
        value = getattr(record, f.attname)
        if value is None or value == "":
            return ""
        if f.many_to_one:
            if f.related_model is AgendaItem:
                return self.item(value)
            return self.related.get(f.related_model, {}).get(value, _("(borttagen)"))
        if isinstance(f, models.FileField):
            return os.path.basename(str(value))
        if record.instance_type is Attachment and f.name == "size":
            return size_label(value)
        if isinstance(value, datetime):
            return short_datetime(value)
        if isinstance(value, date):
            return short_date(value)
        if isinstance(value, time):
            return f"{value.hour}.{value:%M}"
        return display_value(record, f.name)

    def row(self, record) -> str:
        model = record.instance_type
        person = self.related.get(Person, {}).get(getattr(record, "person_id", None), "")
        number = self.item_numbers.get(getattr(record, "item_id", None), "?")
        if model is Meeting:
            return _("mötet")
        if model is Attendance:
            return _("Närvaro: %(person)s") % {"person": person}
        if model is AgendaItem:
            return self.item(record.id)
        if model is Presenter:
            return _("Föredragande under punkt %(number)s: %(person)s") % {
                "number": number,
                "person": person,
            }
        if model is Decision:
            return _("Beslut under punkt %(number)s") % {"number": number}
        if model is SummaryPoint:
            return _("Sammanfattningens punkt %(order)s") % {"order": record.order}
        if model is Attachment:
            return _("Bilaga: %(title)s") % {"title": record.title}
        return _("Förslag till dagordningen: %(title)s") % {"title": record.title}


_LABELS = {
    Person: lambda person: person.name,
    get_user_model(): lambda user: user.get_full_name() or user.username,
    Meeting: lambda meeting: short_date(meeting.date),
}


def _shown(model) -> list:
    hidden = HIDDEN | HIDDEN_BY_MODEL.get(model, set())
    return [f for f in model._meta.concrete_fields if f.name not in hidden]


def _summary(record) -> str:
    text = {AgendaItem: "title", Decision: "text", SummaryPoint: "text"}.get(record.instance_type)
    value = getattr(record, text) if text else ""
    return value if len(value) <= 120 else value[:119] + "…"


def _fields(model, before, after, names: _Names) -> list[FieldChange]:
    """Each shown field that differs; for a new row (before None), each one it has."""
    changes = []
    for f in _shown(model):
        old = getattr(before, f.attname) if before is not None else None
        new = getattr(after, f.attname)
        if old == new or (before is None and (new in ("", None, False) or f.name == "order")):
            continue
        old_text = names.value(before, f) if before is not None else ""
        changes.append(
            FieldChange.of(capfirst(str(f.verbose_name)), old_text, names.value(after, f))
        )
    return changes


def _entry(rows: list, before, names: _Names) -> Entry:
    first, last = rows[0], rows[-1]
    model = last.instance_type
    if last.history_type == "-":
        action, verb = "deleted", _("Tog bort")
    elif first.history_type == "+" or before is None:
        action, verb = "added", _("Skapade") if model is Meeting else _("Lade till")
    else:
        action, verb = "changed", _("Ändrade")
    entry = Entry(model=model, action=action, verb=verb, name=names.row(last))
    if action == "changed":
        entry.fields = _fields(model, before, last, names)
    elif action == "added":
        entry.fields = _fields(model, None, last, names)
    if action != "changed":
        entry.summary = _summary(last)
    return entry


def meeting_changes(meeting: Meeting, *, page=None) -> MeetingHistory:
    """A page of the meeting's changes, newest first, each with its rows (in MODELS order) and
    their fields before and after. Every record of the meeting is read, so a change's earlier
    versions are at hand: one query per historical table, and one per kind of related row."""
    records = []
    for model, scope in _scopes(meeting.pk).items():
        found = _history(model).filter(scope).select_related("history_user")
        records += list(found.order_by("history_date", "history_id"))
    records.sort(key=lambda r: (r.history_date, r.history_id))
    names = _Names(records)
    previous, batches = {}, defaultdict(lambda: defaultdict(list))
    last_of = {}
    for record in records:
        row = (record.instance_type, record.id)
        key = (record.history_date, record.history_user_id)
        if not batches[key][row]:
            previous[(key, row)] = last_of.get(row)
        batches[key][row].append(record)
        last_of[row] = record
    changes = []
    for key in sorted(batches, key=lambda k: k[0], reverse=True):
        rows = batches[key]
        entries = [_entry(rs, previous[(key, row)], names) for row, rs in rows.items()]
        entries.sort(key=lambda e: (MODELS.index(e.model), e.name))
        user = next(iter(rows.values()))[0].history_user
        changes.append(Change(date=key[0], user=user, entries=entries))
    paginator = Paginator(changes, PER_PAGE)
    current = paginator.get_page(page)
    return MeetingHistory(changes=list(current.object_list), page=current, count=paginator.count)
