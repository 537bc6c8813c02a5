"""Which history records belong to a plan, and what was deleted together.

Every row that ever belonged to a plan is found through the historical tables (an area's
records carry its plan, a goal's its area, an activity's its goal), so deleted rows are found
too, in subqueries whatever the plan's size. Records written in one change batch (see
documents.history: one history_date and one user) are one change; the rows deleted in one
change under a row come back with it (deleted_together).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from simple_history.models import registered_models

from documents.templatetags.swedish_dates import short_datetime

from ..models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan
from ..permissions import changes_plan, owned_filter

# The plan's models as the history page's URLs name them, parents before children.
KINDS: dict[str, type[models.Model]] = {
    "plan": Plan,
    "kapitel": Chapter,
    "forkortning": Abbreviation,
    "omrade": Area,
    "mal": Goal,
    "maldel": GoalPart,
    "aktivitet": Activity,
}


KIND_OF = {model: kind for kind, model in KINDS.items()}


# Each row's parent, whose id its records carry.
PARENT = {
    Chapter: "plan",
    Abbreviation: "plan",
    Area: "plan",
    Goal: "area",
    GoalPart: "goal",
    Activity: "goal",
}


PARENT_MODEL = {
    Chapter: Plan,
    Abbreviation: Plan,
    Area: Plan,
    Goal: Area,
    GoalPart: Goal,
    Activity: Goal,
}


DEPTH = {Plan: 0, Chapter: 1, Abbreviation: 1, Area: 1, Goal: 2, GoalPart: 3, Activity: 3}


# Derived from the timeframe, which the history shows; and a plan's status, which changes
# through approval and the archive, never through a restore.
NOT_SHOWN = {Activity: {"first_year", "last_year"}}


NOT_RESTORED = {Plan: {"status"}}


LONG_TEXT = 80


PER_PAGE = 50


# A restore's own records say so, in history_change_reason (at most 100 characters).
RESTORED = "Återställd"


def restored_version_reason(record) -> str:
    return _("Återställd till versionen från %(date)s") % {
        "date": short_datetime(record.history_date)
    }


def restored_deleted_reason(record) -> str:
    return _("Återställd efter borttagningen %(date)s") % {
        "date": short_datetime(record.history_date)
    }


def history_of(model):
    return model.history.model.objects


@dataclass(frozen=True)
class HistoryFilter:
    area_id: int | None = None
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    since: datetime | None = None

    def q(self) -> Q:
        q = Q()
        if self.user_id:
            q &= Q(history_user_id=self.user_id)
        if self.date_from:
            q &= Q(history_date__date__gte=self.date_from)
        if self.date_to:
            q &= Q(history_date__date__lte=self.date_to)
        if self.since:
            q &= Q(history_date__gt=self.since)
        return q


def plan_scopes(plan_id: int, *, area_id: int | None = None) -> dict[type, Q]:
    """For each plan model, the records of the rows that ever belonged to the plan (or, with
    area_id, to that area of it), as subqueries on the historical tables."""
    if area_id is not None:
        goals = history_of(Goal).filter(area_id=area_id).values("id")
        return {
            Area: Q(id=area_id, plan_id=plan_id),
            Goal: Q(area_id=area_id),
            GoalPart: Q(goal_id__in=goals),
            Activity: Q(goal_id__in=goals),
        }
    areas = history_of(Area).filter(plan_id=plan_id).values("id")
    goals = history_of(Goal).filter(area_id__in=areas).values("id")
    return {
        Plan: Q(id=plan_id),
        Chapter: Q(plan_id=plan_id),
        Abbreviation: Q(plan_id=plan_id),
        Area: Q(plan_id=plan_id),
        Goal: Q(area_id__in=areas),
        GoalPart: Q(goal_id__in=goals),
        Activity: Q(goal_id__in=goals),
    }


def change_keys(scopes: dict[type, Q], extra: Q | None = None):
    """The changes (history_date, history_user_id) of these records, newest first: one query."""
    querysets = [
        history_of(model)
        .filter(scope, extra or Q())
        .order_by()
        .values("history_date", "history_user_id")
        for model, scope in scopes.items()
    ]
    return querysets[0].union(*querysets[1:]).order_by("-history_date", "history_user_id")


def history_record_for_plan(plan: Plan, kind: str, history_id: int, **filters):
    """A history record of a row of this plan, or None: a forged id of another plan's row finds
    nothing."""
    model = KINDS.get(kind)
    if model is None:
        return None
    scope = plan_scopes(plan.pk)[model]
    return (
        history_of(model)
        .filter(scope, history_id=history_id, **filters)
        .select_related("history_user")
        .first()
    )


def last_records_of(model, ids) -> dict[int, Any]:
    """Each row's last record, by id, in one query."""
    if not ids:
        return {}
    history = history_of(model)
    latest = history.filter(id=OuterRef("id")).order_by("-history_id").values("history_id")[:1]
    return {r.id: r for r in history.filter(id__in=list(ids), history_id=Subquery(latest))}


def is_last_record(record) -> bool:
    """Whether the record is its row's last: a deletion is not once the row was restored."""
    later = history_of(record.instance_type).filter(id=record.id, history_id__gt=record.history_id)
    return not later.exists()


@dataclass(frozen=True)
class SinceApproval:
    approved_at: datetime
    changes: int


def changes_since_approval(plan: Plan) -> SinceApproval | None:
    """The changes made after the plan last became approved, in two queries (None if none).

    Only an approval in the app counts (a record whose previous one was not approved): a plan
    imported as approved was written row by row after its first record, and was not approved
    by anyone here.
    """
    history = history_of(Plan)
    earlier = history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    approved_at = (
        history.filter(id=plan.pk, status=Plan.Status.APPROVED)
        .annotate(prev_status=Subquery(earlier.order_by("-history_id").values("status")[:1]))
        .filter(prev_status__isnull=False)
        .exclude(prev_status=Plan.Status.APPROVED)
        .order_by("-history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    if approved_at is None:
        return None
    count = change_keys(plan_scopes(plan.pk), Q(history_date__gt=approved_at)).count()
    return SinceApproval(approved_at, count) if count else None


def history_models() -> list[type]:
    """Every model with a history, each after the models its foreign keys point to."""
    models_ = [m for m in registered_models.values() if hasattr(m, "history")]
    done, ordered = set(), []

    def visit(model):
        if model in done:
            return
        done.add(model)
        for f in model._meta.concrete_fields:
            if f.many_to_one and f.related_model in models_ and f.related_model is not model:
                visit(f.related_model)
        ordered.append(model)

    for model in sorted(models_, key=lambda m: m._meta.label):
        visit(model)
    return ordered


@dataclass
class Deleted:
    """The rows deleted together with a row, which a restore brings back together."""

    root: Any
    rows: dict[type, list]  # model -> deletion records, parents' models first

    def folded(self) -> Counter:
        return Counter(
            {m: len(rs) for m, rs in self.rows.items() if m is not self.root.instance_type}
        )


def deleted_together(root) -> Deleted:
    """The root's deletion record and the deletion records, in the same change, of every row
    under it: each history model in turn whose foreign keys point to rows found so far. Rows
    that exist again are left out. One or two queries per model that has such keys."""
    date = root.history_date
    rows = {root.instance_type: [root]}
    ids = {root.instance_type: {root.id}}
    for model in history_models():
        if model in rows:
            continue
        keys = [
            f
            for f in model._meta.concrete_fields
            if f.many_to_one and f.related_model in ids and f.related_model is not model
        ]
        if not keys:
            continue
        found = Q()
        for f in keys:
            found |= Q(**{f"{f.attname}__in": ids[f.related_model]})
        records = {}
        for record in (
            history_of(model)
            .filter(found, history_type="-", history_date=date)
            .order_by("history_id")
        ):
            records[record.id] = record
        if records:
            back = set(model._base_manager.filter(pk__in=records).values_list("pk", flat=True))
            records = {id: r for id, r in records.items() if id not in back}
        if records:
            rows[model] = list(records.values())
            ids[model] = set(records)
    return Deleted(root=root, rows=rows)


def in_plan(model, pk, plan: Plan) -> bool:
    """Whether a row that may be a parent (the plan, an area, a goal) exists in the plan."""
    if model is Plan:
        return pk == plan.pk
    if model is Area:
        return Area.objects.filter(pk=pk, plan=plan).exists()
    return Goal.objects.filter(pk=pk, area__plan=plan).exists()


def deleted_plans_for(user):
    """The deletion records of the deleted plans the user could change (the latest, if a plan
    was deleted more than once), newest first."""
    history = history_of(Plan)
    latest = history.filter(id=OuterRef("id"), history_type="-").order_by("-history_id")
    return (
        history.filter(
            owned_filter(user),
            history_type="-",
            history_id=Subquery(latest.values("history_id")[:1]),
        )
        .exclude(id__in=Plan.objects.values("id"))
        .select_related("history_user", "owner_healthcare_region", "owner_region")
        .order_by("-history_date")
    )


def since_approval_for(user, plan: Plan) -> SinceApproval | None:
    """What the plan page tells the plan's owners about an approved plan changed since."""
    if plan.status != Plan.Status.APPROVED or not changes_plan(user, plan):
        return None
    return changes_since_approval(plan)
