"""Updating a plan from its exported file (plans.updates reads what would change)."""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from documents.history import batch_date, change_batch
from documents.spreadsheets import Problem, SpreadsheetError

from ..columns import apply_cells
from ..formats import parse_timeframe
from ..models import Activity, Area, Goal, GoalPart, Plan
from ..updates import PlanUpdate, plan_update_read
from .plans import _validate, plan_lock
from .rows import activities_link_bodies, goal_set_parts


@transaction.atomic
def plan_update_apply(*, plan: Plan, content: bytes, filename: str, user) -> PlanUpdate:
    """Update the plan from the file, all of it or nothing, as one change of the history.

    The file is read again under the plan's lock, so what is written is what the plan is now:
    a change someone made since the preview is a conflict here too. Raises SpreadsheetError
    with every problem, writing nothing.
    """
    with change_batch(user):
        plan = plan_lock(plan)
        update = plan_update_read(plan=plan, content=content, filename=filename, user=user)
        if update.problems:
            raise SpreadsheetError(update.problems)
        try:
            with transaction.atomic():
                _Writer(plan, update, user).write()
        except IntegrityError:
            raise SpreadsheetError(
                [Problem(_("Filen ger två områden i planen samma namn eller samma nummer."))]
            ) from None
    return update


class _Writer:
    def __init__(self, plan: Plan, update: PlanUpdate, user):
        self.plan, self.planned, self.user = plan, update.planned, user
        self.problems: list[Problem] = []

    def _bulk_update(self, model, changes: dict[int, dict]):
        objects = list(model.objects.filter(pk__in=changes))
        fields = set()
        for obj in objects:
            for name, value in changes[obj.pk].items():
                setattr(obj, name, value)
                fields.add(name)
            if model is Activity and "timeframe" in changes[obj.pk]:
                obj.first_year, obj.last_year = parse_timeframe(obj.timeframe)
                fields |= {"first_year", "last_year"}
            self.problems += _validate(obj)
        if objects and fields:
            bulk_update_with_history(
                objects,
                model,
                sorted(fields),
                default_user=self.user,
                default_date=batch_date(),
            )
        return objects

    def _bulk_create(self, model, objects: list):
        for obj in objects:
            self.problems += _validate(obj)
        if self.problems:
            raise SpreadsheetError(self.problems)
        return bulk_create_with_history(
            objects, model, default_user=self.user, default_date=batch_date()
        )

    def write(self):
        planned = self.planned
        self._bulk_update(Area, planned.areas)
        self._bulk_update(Goal, planned.goals)
        changed = self._bulk_update(Activity, planned.activities)
        if self.problems:
            raise SpreadsheetError(self.problems)

        # New areas, then goals, then activities, each last under its parent.
        next_area = (self.plan.areas.aggregate(last=Max("order"))["last"] or 0) + 1
        new_areas = {}
        for n, (key, values) in enumerate(planned.new_areas.items()):
            new_areas[key] = Area(plan=self.plan, order=next_area + n, **values)
        self._bulk_create(Area, list(new_areas.values()))

        def area_of(key):
            return new_areas[key].pk if isinstance(key, tuple) else key

        last_goal = dict(
            Goal.objects.filter(area__plan=self.plan)
            .values_list("area_id")
            .annotate(last=Max("order"))
        )
        new_goals, goal_parts = {}, {}
        for key, values in planned.new_goals.items():
            area_id = area_of(values["area"])
            last_goal[area_id] = last_goal.get(area_id, 0) + 1
            fields = {k: v for k, v in values.items() if k not in ("area", "parts")}
            new_goals[key] = Goal(area_id=area_id, order=last_goal[area_id], **fields)
            goal_parts[key] = values["parts"]
        self._bulk_create(Goal, list(new_goals.values()))
        new_parts = [
            GoalPart(goal=new_goals[key], name=name, order=order)
            for key, names in goal_parts.items()
            for order, name in enumerate(names, start=1)
        ]
        self._bulk_create(GoalPart, new_parts)
        for goal_id, names in planned.parts.items():  # parts renamed, reordered or removed
            goal_set_parts(goal=Goal(pk=goal_id), names=names, user=self.user)

        def goal_of(key):
            return new_goals[key].pk if isinstance(key, tuple) else key

        last_activity = defaultdict(
            int,
            Activity.objects.filter(goal__area__plan=self.plan)
            .values_list("goal_id")
            .annotate(last=Max("order")),
        )
        activities, activity_rows = [], dict(planned.activity_rows)
        for _row, goal_key, values in planned.new_activities:
            goal_id = goal_of(goal_key)
            last_activity[goal_id] += 1
            activity = Activity(goal_id=goal_id, order=last_activity[goal_id], **values)
            activity.first_year, activity.last_year = parse_timeframe(activity.timeframe)
            activities.append(activity)
        created = self._bulk_create(Activity, activities)
        linked = [a for a in changed if {"who", "responsible"} & set(planned.activities[a.pk])]
        activities_link_bodies([*created, *linked], plan=self.plan)
        for (row, _goal, _values), activity in zip(planned.new_activities, created, strict=True):
            activity_rows[row] = activity.pk
        apply_cells(  # other apps' columns
            self.plan,
            planned.extra_rows,
            activity_rows,
            self.user,
            changed=planned.extra_changed,
        )

        # Removals last, deepest first: each leaves a deletion record in the same change.
        Activity.objects.filter(pk__in=planned.removed_activities).delete()
        Goal.objects.filter(pk__in=planned.removed_goals).delete()
        Area.objects.filter(pk__in=planned.removed_areas).delete()
