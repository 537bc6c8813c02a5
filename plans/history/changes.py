"""The history page's changes: a page of change batches, each as entries (a row, with the rows
deleted or added with it folded in), with who, when and what."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Plan
from .diffs import (
    FieldChange,
    Values,
    field_changes,
    other_relations,
)
from .naming import (
    Naming,
    summary_of,
    with_rows,
)
from .records import (
    DEPTH,
    KIND_OF,
    PARENT,
    PARENT_MODEL,
    PER_PAGE,
    RESTORED,
    HistoryFilter,
    change_keys,
    history_of,
    plan_scopes,
)

VERBS = {
    "added": gettext_lazy("Lade till"),
    "changed": gettext_lazy("Ändrade"),
    "deleted": gettext_lazy("Tog bort"),
    "restored": gettext_lazy("Återställde"),
    "moved": gettext_lazy("Flyttade"),
    "moved_up": gettext_lazy("Flyttade upp"),
    "moved_down": gettext_lazy("Flyttade ned"),
}


STATUS_VERBS = {
    (Plan.Status.DRAFT, Plan.Status.APPROVED): gettext_lazy("Godkände planen"),
    (Plan.Status.APPROVED, Plan.Status.DRAFT): gettext_lazy("Öppnade planen som utkast igen"),
    (Plan.Status.APPROVED, Plan.Status.ARCHIVED): gettext_lazy("Arkiverade planen"),
    (Plan.Status.ARCHIVED, Plan.Status.APPROVED): gettext_lazy("Tog planen ur arkivet"),
}


@dataclass
class Entry:
    """One row's part in a change, with the rows that went with it (an area's goals …)."""

    model: type
    object_id: int
    action: str
    name: str
    first: Any  # the row's first and last record in the change
    last: Any
    before: Any  # the record before the change, or None
    exists_now: bool
    is_latest: bool
    fields: list[FieldChange] = field(default_factory=list)
    folded: Counter = field(default_factory=Counter)
    verb: str = ""
    note: str = ""
    plan: Plan | None = None

    @property
    def kind(self) -> str:
        return KIND_OF[self.model]

    @property
    def summary(self) -> str:
        return summary_of(self.last)

    @property
    def with_rows(self) -> str:
        return with_rows(self.folded, self.plan)

    @property
    def subject(self) -> str:
        """What the verb is about: a plan's status change names no row ("Godkände planen"), and
        the plan itself is "planen" when it came or went with its rows."""
        if self.model is Plan and self.verb in {str(v) for v in STATUS_VERBS.values()}:
            return ""
        if self.model is Plan and self.action in ("added", "deleted", "restored"):
            return _("planen")
        return self.name

    @property
    def shows_summary(self) -> bool:
        return self.model is not Plan and self.action in ("added", "deleted", "restored")

    @property
    def restorable_deleted(self) -> bool:
        """Whether the deleted row can come back: only from its last deletion, since an earlier
        one (before it was restored, edited and deleted again) would undo the edits."""
        return (
            self.action == "deleted"
            and self.is_latest
            and not self.exists_now
            and self.model is not Plan
        )

    @property
    def restorable_version(self) -> bool:
        """Whether the version before this change can be put back (not for a swap of places,
        which moving again undoes)."""
        if not self.exists_now or self.before is None:
            return False
        # A plan's status changes through approval and the archive, which a restore leaves.
        if self.model is Plan and self.before.status != self.last.status:
            return False
        return self.action in ("changed", "moved", "restored")


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


def _action(first, last, before) -> str:
    if last.history_type == "-":
        return "deleted"
    if (last.history_change_reason or "").startswith(RESTORED):
        return "restored"
    if first.history_type == "+":
        return "added"
    return "changed"


def _moves(entry: Entry, values: Values) -> None:
    """Order and parent changes in words: "Flyttade upp … (plats 3 → 2)"."""
    model, before, after = entry.model, entry.before, entry.last
    parent = PARENT.get(model)
    moved_parent = parent in ("area", "goal") and getattr(before, f"{parent}_id") != getattr(
        after, f"{parent}_id"
    )
    moved_order = before.order != after.order
    if moved_parent:
        f = model._meta.get_field(parent)
        entry.fields.insert(
            0,
            FieldChange(
                capfirst(str(f.verbose_name)),
                values.show(f, getattr(before, f.attname)),
                values.show(f, getattr(after, f.attname)),
            ),
        )
    if moved_order:
        place = _("plats %(before)s → %(after)s") % {"before": before.order, "after": after.order}
        if moved_parent or entry.fields:
            entry.fields.append(FieldChange(_("Plats"), str(before.order), str(after.order)))
        else:
            entry.note = place
    if (
        (moved_parent or moved_order)
        and len(entry.fields) == int(moved_parent)
        and entry.action == "changed"
    ):
        if moved_parent:
            entry.action = "moved"
        else:
            entry.action = "moved_up" if after.order < before.order else "moved_down"


def _entries(
    records: list, previous: dict, naming: Naming, values: Values, plan: Plan
) -> list[Entry]:
    """One change's records as entries: a row per entry, descendants folded into a row added,
    deleted or restored with them."""
    by_row = defaultdict(list)
    for record in records:
        by_row[(record.instance_type, record.id)].append(record)
    entries = {}
    for (model, id), rows in by_row.items():
        rows.sort(key=lambda r: r.history_id)
        first, last = rows[0], rows[-1]
        before = previous.get((model, first.prev_history_id))
        entry = Entry(
            model=model,
            object_id=id,
            action=_action(first, last, before),
            name=naming.of(last),
            first=first,
            last=last,
            before=before,
            exists_now=last.exists_now,
            is_latest=last.history_id == last.latest_history_id,
            plan=plan,
        )
        if entry.action in ("changed", "restored") and before is not None:
            entry.fields = field_changes(model, before, last, values)
            if model is not Plan:
                _moves(entry, values)
            entry.note = entry.note or (
                last.history_change_reason if entry.action == "restored" else ""
            )
        elif entry.action == "added":
            entry.fields = field_changes(model, None, last, values)
        if model is Plan and before is not None and entry.action == "changed":
            entry.verb = str(STATUS_VERBS.get((before.status, last.status), ""))
        entries[(model, id)] = entry
    # Fold children into a parent that was added, deleted or restored in the same change.
    for key in sorted(entries, key=lambda k: -DEPTH[k[0]]):
        entry = entries[key]
        if entry.model is Plan:
            continue
        parent = (PARENT_MODEL[entry.model], getattr(entry.last, f"{PARENT[entry.model]}_id"))
        host = entries.get(parent)
        if (
            host is not None
            and host.action == entry.action
            and entry.action
            in (
                "added",
                "deleted",
                "restored",
            )
        ):
            host.folded[entry.model] += 1
            host.folded.update(entry.folded)
            del entries[key]
    for entry in entries.values():
        if entry.folded:
            entry.fields = []
        if entry.model is Plan and entry.action == "added":
            entry.verb = str(_("Skapade"))
        entry.verb = entry.verb or str(VERBS[entry.action])
    return sorted(entries.values(), key=lambda e: (DEPTH[e.model], e.name, e.object_id))


@dataclass
class HistoryPage:
    changes: list[Change]
    page: Page
    count: int


def _annotated(model, q: Q):
    history = history_of(model)
    earlier = history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    latest = history.filter(id=OuterRef("id"))
    return (
        history.filter(q)
        .select_related("history_user")
        .annotate(
            prev_history_id=Subquery(earlier.order_by("-history_id").values("history_id")[:1]),
            latest_history_id=Subquery(latest.order_by("-history_id").values("history_id")[:1]),
            exists_now=Exists(model.objects.filter(pk=OuterRef("id"))),
        )
    )


def plan_changes(plan: Plan, *, filters: HistoryFilter | None = None, page=None) -> HistoryPage:
    """A page of the plan's changes, newest first, in a fixed number of queries: the count and
    the page's changes; per model its records of those changes (with whether the row exists and
    its latest version), the records before them; the plan's areas, goals and activities for
    the names (and the last records of rows deleted since); related rows' names."""
    filters = filters or HistoryFilter()
    scopes = plan_scopes(plan.pk, area_id=filters.area_id)
    extra = filters.q()
    paginator = Paginator(change_keys(scopes, extra), PER_PAGE)
    page = paginator.get_page(page)
    keys = {(k["history_date"], k["history_user_id"]) for k in page.object_list}
    dates = [date for date, _user in keys]
    records = []
    if keys:
        for model, scope in scopes.items():
            found = _annotated(model, scope & extra & Q(history_date__in=dates))
            records += [r for r in found if (r.history_date, r.history_user_id) in keys]
    previous = {}
    wanted = defaultdict(set)
    for record in records:
        if record.prev_history_id and record.history_type == "~":
            wanted[record.instance_type].add(record.prev_history_id)
    for model, ids in wanted.items():
        for record in history_of(model).filter(history_id__in=ids):
            previous[(model, record.history_id)] = record
    naming = Naming(plan)
    naming.learn([*records, *previous.values()])
    values = Values(naming)
    values.learn(
        (f, getattr(r, f.attname))
        for r in [*records, *previous.values()]
        for f in other_relations(r.instance_type)
    )
    batches = defaultdict(list)
    for record in records:
        batches[(record.history_date, record.history_user_id)].append(record)
    changes = []
    for key in sorted(batches, key=lambda k: k[0], reverse=True):
        batch = batches[key]
        entries = _entries(batch, previous, naming, values, plan)
        changes.append(Change(date=key[0], user=batch[0].history_user, entries=entries))
    return HistoryPage(changes=changes, page=page, count=paginator.count)
