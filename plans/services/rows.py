"""Rows of a plan edited in place: areas, goals (with their parts), activities, chapters and
abbreviations, added, changed, reordered, moved and deleted one at a time by the plan's owners.

Every write locks the plan's row first, so that two people adding or moving rows of one plan
take turns (an order is never given twice), and runs in a change batch (documents.history), so
that the history shows and restores it as one change. A change carries the version its form was
loaded at; documents.concurrency refuses it when someone else changed the same fields since.
"""

from typing import Any

from django.db import router, transaction
from django.db.models import F, Max, Model
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.concurrency import (
    EditConflict,
    change_from,
    check_history_version,
    history_version,
)
from documents.history import batch_date, change_batch
from registry.models import Body

from ..formats import bodies_named_in, parse_timeframe
from ..models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan
from ..signals import goals_deleting
from .plans import plan_lock

# Each kind of row and the field that holds its parent: its order counts among the parent's.
ROW_PARENT = {Area: "plan", Goal: "area", Activity: "goal", Chapter: "plan", Abbreviation: "plan"}


def row_siblings(row: Model):
    """The rows under the row's parent, itself included, in order."""
    parent = ROW_PARENT[type(row)]
    siblings = type(row).objects.filter(**{f"{parent}_id": getattr(row, f"{parent}_id")})
    return siblings.order_by("order")


def _next_order(row: Model) -> int:
    return (row_siblings(row).aggregate(last=Max("order"))["last"] or 0) + 1


def _save(row: Model, plan: Plan, user) -> None:
    """Validate and save the row, deriving what follows from an activity's texts."""
    if isinstance(row, Activity):
        row.first_year, row.last_year = parse_timeframe(row.timeframe)
    row._history_user = user
    # The constraints left to check are the orders (given under the plan's lock) and texts
    # that clean_fields() already requires, but for the numbers, titles and abbreviations a
    # person chooses: someone may have taken one since the form checked it.
    row.full_clean(validate_constraints=isinstance(row, Area | Abbreviation))
    row.save()
    if isinstance(row, Activity):
        activities_link_bodies([row], plan=plan)


@transaction.atomic
def row_create(*, plan: Plan, row: Model, user, parts: list[str] | None = None) -> Model:
    """Add an unsaved row of the plan (its parent and fields set) last under its parent."""
    with change_batch(user):
        plan_lock(plan)
        row.order = _next_order(row)
        _save(row, plan, user)
        if parts:
            goal_set_parts(goal=row, names=parts, user=user)
    return row


@transaction.atomic
def row_update(
    *,
    plan: Plan,
    row: Model,
    changes: dict[str, Any],
    version: int,
    user,
    parts: list[str] | None = None,
    parts_loaded: list[str] | None = None,
) -> Model:
    """Change a row's fields, unless someone else changed one of them since `version`.

    A new parent (another goal for an activity, another area for a goal) moves the row there,
    last. A goal's parts change when they differ from `parts_loaded`, what the form showed;
    if someone else changed them meanwhile, that is a conflict too. Returns the row as saved.
    """
    with change_batch(user):
        plan_lock(plan)
        stored = type(row).objects.select_for_update().get(pk=row.pk)
        check_history_version(stored, loaded=version, fields=changes)
        if parts is not None and parts != parts_loaded:
            _check_parts(stored, loaded=parts_loaded, mine=parts, version=version)
        else:
            parts = None  # not changed by this person: whatever is stored stays
        parent = f"{ROW_PARENT[type(row)]}_id"
        moved_from = getattr(stored, parent)
        changed = [name for name, value in changes.items() if _differs(stored, name, value)]
        for name in changed:
            setattr(stored, name, changes[name])
        if getattr(stored, parent) != moved_from:
            stored.order = _next_order(stored)
        if changed:  # saving what is stored already would only add to the history
            _save(stored, plan, user)
        if parts is not None:
            goal_set_parts(goal=stored, names=parts, user=user)
    return stored


def _check_parts(goal: Goal, *, loaded, mine, version: int) -> None:
    """Raise EditConflict if someone else changed the goal's parts since they were loaded."""
    stored = list(goal.parts.order_by("order").values_list("name", flat=True))
    if stored in (loaded, mine):
        return
    record = GoalPart.history.filter(goal_id=goal.pk).select_related("history_user")
    change = change_from(
        record.order_by("-history_id").first(),
        field="parts",
        label=str(_("Måldelar")),
        theirs=" · ".join(stored),
    )
    raise EditConflict([change], stored=history_version(goal))


def _differs(row: Model, name: str, value) -> bool:
    """Whether setting the field to value changes it (a related row compared by its id)."""
    attname = row._meta.get_field(name).attname
    return getattr(row, attname) != (value.pk if isinstance(value, Model) else value)


def goal_set_parts(*, goal: Goal, names: list[str], user) -> None:
    """The goal's parts become `names`, in that order. A part keeps its row (and history) as
    long as its name stays; parts that moved are lifted out of the way first, without history,
    so that no two share an order while they change places."""
    current = {part.name: part for part in goal.parts.all()}
    for name, part in current.items():
        if name not in names:
            part._history_user = user
            part.delete()
    order = {name: position for position, name in enumerate(names, start=1)}
    moving = [part for name, part in current.items() if name in order and part.order != order[name]]
    GoalPart.objects.filter(pk__in=[part.pk for part in moving]).update(order=F("order") + 10_000)
    for part in moving:
        part.order = order[part.name]
        part._history_user = user
        part.save()
    new = [GoalPart(goal=goal, name=n, order=order[n]) for n in names if n not in current]
    for part in new:
        part.full_clean()
    bulk_create_with_history(new, GoalPart, default_user=user, default_date=batch_date())


@transaction.atomic
def row_move(*, plan: Plan, row: Model, direction: str, user) -> bool:
    """Swap the row with its neighbour above ("up") or below ("down") under the same parent.

    False when there is none: the row is already first or last.
    """
    with change_batch(user):
        plan_lock(plan)
        row = type(row).objects.get(pk=row.pk)
        siblings = row_siblings(row)
        if direction == "up":
            neighbour = siblings.filter(order__lt=row.order).order_by("-order").first()
        else:
            neighbour = siblings.filter(order__gt=row.order).order_by("order").first()
        if neighbour is None:
            return False
        # Out of the way first (unique order per parent), then each takes the other's place.
        type(row).objects.filter(pk=row.pk).update(order=_next_order(row))
        row.order, neighbour.order = neighbour.order, row.order
        for moved in (neighbour, row):
            moved._history_user = user
            moved.save(update_fields=["order"])
    return True


def deletion_counts(row: Model) -> list[tuple[str, int]]:
    """What deleting the row takes with it, as (what, how many), e.g. ("aktiviteter", 3).

    Django's own collector decides, so it counts what the follow-up keeps about a goal too,
    without plans knowing the follow-up.
    """
    collector = Collector(using=router.db_for_write(type(row)), origin=row)
    collector.collect([row])
    counts: dict[type, int] = {}
    for model, objects in collector.data.items():
        counts[model] = counts.get(model, 0) + len(objects)
    for queryset in collector.fast_deletes:
        counts[queryset.model] = counts.get(queryset.model, 0) + queryset.count()
    counts[type(row)] -= 1
    return [
        (str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural), n)
        for model, n in counts.items()
        if n and not model._meta.auto_created
    ]


def check_row_deletable(row: Model) -> None:
    """Raise ValidationError when something built on the plan keeps the row: goals that an
    open follow-up round assesses (followup answers goals_deleting)."""
    goals = {
        Area: lambda: Goal.objects.filter(area=row),
        Goal: lambda: Goal.objects.filter(pk=row.pk),
    }.get(type(row))
    if goals is not None:
        goals_deleting.send(sender=Goal, goals=goals())


@transaction.atomic
def row_delete(*, plan: Plan, row: Model, user) -> None:
    """Delete the row with everything under it, as one change that the history can restore."""
    with change_batch(user):
        plan_lock(plan)
        check_row_deletable(row)
        row._history_user = user
        row.delete()


def activities_link_bodies(activities: list[Activity], *, plan: Plan) -> None:
    """Link saved activities again to the bodies their Vem? and Ansvarig name, in bulk.

    The links are derived from the texts (whose history is kept), so an edit or a restore of
    the texts derives them again rather than keeping links of its own.
    """
    bodies = list(Body.objects.usable_in(plan.healthcare_region))
    ids = [activity.pk for activity in activities]
    for relation, text in (
        (Activity.who_bodies, "who"),
        (Activity.responsible_bodies, "responsible"),
    ):
        through = relation.through
        through.objects.filter(activity_id__in=ids).delete()
        through.objects.bulk_create(
            through(activity_id=activity.pk, body_id=body.pk)
            for activity in activities
            for body in bodies_named_in(getattr(activity, text), bodies)
        )
