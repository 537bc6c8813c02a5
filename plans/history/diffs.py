"""Fields before and after, as a person reads them; a word-level diff for long texts; and
what restoring an earlier version of a row would set."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from documents.templatetags.swedish_dates import short_date

from ..models import Area, Goal, Plan
from .naming import Naming
from .records import (
    LONG_TEXT,
    NOT_RESTORED,
    NOT_SHOWN,
    PARENT,
    PARENT_MODEL,
    in_plan,
)

WORD = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> SafeString:
    """The words taken out and put in, as <del>/<ins> with a text marker each (not colour or
    line alone), HTML-escaped. Spaces around a change stay outside its mark."""
    a, b = WORD.findall(before), WORD.findall(after)
    parts = []

    def marked(tag: str, marker: str, text: str) -> None:
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if not core:  # only spaces changed
            parts.append(format_html("{}", text))
            return
        parts.append(
            format_html(
                '{}<{}><span class="visually-hidden">{} </span>{}</{}>{}',
                lead,
                mark_safe(tag),
                marker,
                core,
                mark_safe(tag),
                trail,
            )
        )

    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            marked("del", _("borttaget:"), "".join(a[i1:i2]))
        if j2 > j1:
            marked("ins", _("tillagt:"), "".join(b[j1:j2]))
    return mark_safe("".join(parts))


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    diff: SafeString | None = None  # a word-level diff, for long texts

    @classmethod
    def of(cls, label: str, before: str, after: str) -> "FieldChange":
        long = any(len(v) > LONG_TEXT or "\n" in v for v in (before, after))
        return cls(label, before, after, word_diff(before, after) if long and before else None)


class Values:
    """Field values as a person reads them; related rows by their names, looked up in bulk."""

    def __init__(self, naming: Naming):
        self.naming = naming
        self.related: dict[type, dict[int, str]] = {}

    def learn(self, pairs) -> None:
        """pairs: (field, value) of foreign keys other than areas and goals of the plan."""
        wanted = defaultdict(set)
        for f, value in pairs:
            if value is not None:
                wanted[f.related_model].add(value)
        for model, ids in wanted.items():
            known = self.related.setdefault(model, {})
            found = model._base_manager.in_bulk(ids - known.keys())
            known.update({pk: str(obj) for pk, obj in found.items()})

    def show(self, f, value) -> str:
        if value is None or value == "":
            return ""
        if f.many_to_one:
            if f.related_model is Area:
                return self.naming.area(value)
            if f.related_model is Goal and f.name == "goal":
                return self.naming.goal(value)
            return self.related.get(f.related_model, {}).get(value, _("(borttagen)"))
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Ja") if value else _("Nej")
        if isinstance(value, date):
            return short_date(value)
        return str(value)


def shown_fields(model) -> list:
    hidden = {"id", "order"} | NOT_SHOWN.get(model, set())
    if PARENT.get(model) == "plan":
        hidden.add("plan")
    return [f for f in model._meta.concrete_fields if f.name not in hidden]


def other_relations(model) -> list:
    """Foreign keys whose values Values looks up (not the plan's own areas and goals)."""
    return [
        f
        for f in shown_fields(model)
        if f.many_to_one and not (f.related_model is Area or f.name == "goal")
    ]


def field_changes(model, before, after, values: Values) -> list[FieldChange]:
    """Every shown field that differs between two versions (records or rows); before None for
    a new row."""
    changes = []
    for f in shown_fields(model):
        old = getattr(before, f.attname) if before is not None else None
        new = getattr(after, f.attname)
        if old != new and not (before is None and new in ("", None, False)):
            label = capfirst(str(f.verbose_name))
            changes.append(FieldChange.of(label, values.show(f, old), values.show(f, new)))
    return changes


def restored_values(obj, record, *, plan: Plan) -> dict[str, Any]:
    """What restoring a row to an earlier version sets, by attname.

    Every field goes back as it was except the id, a plan's status (which approval and the
    archive change) and foreign keys to rows that no longer exist. The parent goes back only
    if it still exists in the plan. The row goes back to its old place only if that place is
    free; otherwise it stays where it is, or, moving back to its old parent, goes last there.
    """
    model = type(obj)
    parent = PARENT.get(model)
    skip = {"id", "order", parent} | NOT_RESTORED.get(model, set())
    values = {}
    for f in model._meta.concrete_fields:
        old = getattr(record, f.attname)
        if f.name in skip or old == getattr(obj, f.attname):
            continue
        gone = f.many_to_one and old is not None
        if gone and not f.related_model._base_manager.filter(pk=old).exists():
            continue
        values[f.attname] = old
    if parent is None:
        return values
    attname = f"{parent}_id"
    target = getattr(obj, attname)
    old_parent = getattr(record, attname)
    if old_parent != target and in_plan(PARENT_MODEL[model], old_parent, plan):
        target = values[attname] = old_parent
    taken = set(
        model.objects.filter(**{attname: target}).exclude(pk=obj.pk).values_list("order", flat=True)
    )
    if record.order not in taken:
        if record.order != obj.order:
            values["order"] = record.order
    elif target != getattr(obj, attname):
        values["order"] = max(taken, default=0) + 1
    return values


def version_preview(obj, values: dict, *, naming: Naming) -> list[FieldChange]:
    """The row's fields now and as the restore would set them."""
    model = type(obj)
    after = model(**{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields})
    for attname, value in values.items():
        setattr(after, attname, value)
    restored = Values(naming)
    restored.learn(
        (f, getattr(row, f.attname)) for row in (obj, after) for f in other_relations(model)
    )
    changes = field_changes(model, obj, after, restored)
    if "order" in values:
        changes.append(FieldChange(_("Plats"), str(obj.order), str(after.order)))
    return changes
