"""Local plans tied to the cancer plan they concretise.

A region's local plan (Plan.Kind.LOCAL_PLAN) builds on its healthcare region's cancer plan
(Plan.parent) and links each of its goals to the cancer plan goal it concretises
(Goal.parent_goal). The reads here show those links from the cancer plan's side: under each of
its goals, on the coverage table, and in a region's follow-up form. Each is a fixed number of
queries whatever the number of regions and goals, and each counts only the local plans the
person may read (Plan.objects.visible_to).

On the cancer plan's pages an archived local plan no longer counts (a newer one replaced it);
the follow-up form shows the region's local plans for the round's year, archived or not.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from documents.spreadsheets import Problem
from registry.models import Region

from .formats import COLUMN_HEADER, AreaRow, number_key
from .models import Activity, Goal, Plan


def local_plans_of(
    cancer_plan: Plan, user, *, region: Region | None = None, year: int | None = None
) -> QuerySet[Plan]:
    """The local plans built on the cancer plan that the user may read: the current ones (not
    archived), or with `year` those whose period holds it; with `region` only that region's."""
    plans = Plan.objects.visible_to(user).filter(kind=Plan.Kind.LOCAL_PLAN, parent=cancer_plan)
    if region is not None:
        plans = plans.filter(owner_region=region)
    if year is None:
        return plans.exclude(status=Plan.Status.ARCHIVED)
    return plans.filter(first_year__lte=year, last_year__gte=year)


def linked_local_goals(cancer_plan: Plan, plans: QuerySet[Plan] | list[int]) -> QuerySet[Goal]:
    """The goals of these local plans (or plan ids) that concretise one of the cancer plan's
    goals."""
    return Goal.objects.filter(area__plan__in=plans, parent_goal__area__plan=cancer_plan)


def local_goals_by_parent(
    cancer_plan: Plan, user, *, region: Region | None = None, year: int | None = None
) -> dict[int, list[Goal]]:
    """The local goals under each goal of the cancer plan (by its id), each with its area,
    plan and region, and its activities as activity_list: three queries; one when there are
    no local plans (they are read first: the goals' query costs three times as much to
    build), two when their goals concretise none of the cancer plan's.
    Regions in alphabetical order, then each region's plans and goals in order."""
    plans = list(
        local_plans_of(cancer_plan, user, region=region, year=year).values_list("pk", flat=True)
    )
    if not plans:
        return {}
    found = list(
        linked_local_goals(cancer_plan, plans)
        .select_related("area__plan__owner_region")
        .order_by(
            "area__plan__owner_region__name",
            "-area__plan__first_year",
            "area__plan__title",
            "area__order",
            "order",
        )
    )
    if not found:
        return {}
    activities = defaultdict(list)
    for activity in Activity.objects.filter(goal__in=[goal.pk for goal in found]).order_by("order"):
        activities[activity.goal_id].append(activity)
    by_parent = defaultdict(list)
    for goal in found:
        goal.activity_list = activities[goal.pk]
        by_parent[goal.parent_goal_id].append(goal)
    return dict(by_parent)


@dataclass(frozen=True)
class CoverageCell:
    """What one region's local plans hold under one goal of the cancer plan."""

    region: Region
    goals: int = 0
    activities: int = 0


@dataclass
class CoverageRow:
    goal: Goal
    cells: list[CoverageCell]

    @property
    def regions_covered(self) -> int:
        return sum(1 for cell in self.cells if cell.goals)


@dataclass
class CoverageArea:
    title: str
    rows: list[CoverageRow] = field(default_factory=list)


@dataclass
class Coverage:
    """The cancer plan's goals (grouped by area) × the regions of its healthcare region."""

    regions: list[Region]
    areas: list[CoverageArea]
    local_plans: list[tuple[Region, list[Plan]]]  # each region's local plans, maybe none

    @property
    def goal_count(self) -> int:
        return sum(len(area.rows) for area in self.areas)


def plan_coverage(cancer_plan: Plan, user) -> Coverage:
    """The coverage table of a cancer plan, in four queries: the regions, the plan's goals,
    the counts of local goals and activities per goal and region, and the local plans."""
    regions = list(
        Region.objects.filter(healthcare_region_id=cancer_plan.owner_healthcare_region_id)
    )
    plans = local_plans_of(cancer_plan, user)
    counts = {
        (row["parent_goal_id"], row["area__plan__owner_region_id"]): row
        for row in linked_local_goals(cancer_plan, plans)
        .order_by()
        .values("parent_goal_id", "area__plan__owner_region_id")
        .annotate(goals=Count("id", distinct=True), activities=Count("activities"))
    }
    areas: dict[int, CoverageArea] = {}
    goals = Goal.objects.filter(area__plan=cancer_plan).select_related("area")
    for goal in goals.order_by("area__order", "order"):
        area = areas.setdefault(goal.area_id, CoverageArea(str(goal.area)))
        cells = []
        for region in regions:
            count = counts.get((goal.pk, region.pk))
            cells.append(
                CoverageCell(region, count["goals"], count["activities"])
                if count
                else CoverageCell(region)
            )
        area.rows.append(CoverageRow(goal, cells))
    plans_of = defaultdict(list)
    for plan in plans.order_by("-first_year", "title"):
        plans_of[plan.owner_region_id].append(plan)
    return Coverage(
        regions=regions,
        areas=list(areas.values()),
        local_plans=[(region, plans_of[region.pk]) for region in regions],
    )


@dataclass(frozen=True)
class ParentGoalLink:
    """Where a local plan's goal points at the cancer plan goal it concretises."""

    url: str
    label: str  # "mål 2.1 i Cancerplan för norra sjukvårdsregionen 2022–2024"


def concretises(goal: Goal, cancer_plan: Plan) -> bool:
    """Whether the goal links to a goal of the cancer plan (a link made before the local plan
    was moved onto another cancer plan does not count). Expects the goal's parent_goal with
    its area (GoalQuerySet.outline)."""
    return goal.parent_goal is not None and goal.parent_goal.area.plan_id == cancer_plan.pk


def parent_goal_link(goal: Goal, cancer_plan: Plan) -> ParentGoalLink:
    values = {"number": goal.number, "title": cancer_plan.title}
    label = _("mål %(number)s i %(title)s") if goal.number else _("ett mål i %(title)s")
    return ParentGoalLink(f"{cancer_plan.get_absolute_url()}#{goal_anchor(goal)}", label % values)


def goal_anchor(goal: Goal) -> str:
    """The id of a goal on its plan's page."""
    return f"mal-{goal.pk}"


def parent_plan_readable(plan: Plan, user) -> bool:
    """Whether the user may read the cancer plan the local plan builds on, and so see which of
    its goals the local goals concretise (a draft cancer plan is its RCC's only): one query."""
    if plan.kind != Plan.Kind.LOCAL_PLAN or plan.parent_id is None:
        return False
    return Plan.objects.visible_to(user).filter(pk=plan.parent_id).exists()


def parent_goal_ids(plan: Plan, areas: list[AreaRow]) -> tuple[dict[str, int], list[Problem]]:
    """The cancer plan goal that each Mål i cancerplanen of a file names, for an import into
    `plan`: (number as written -> goal id, problems).

    Only a local plan that builds on a cancer plan links its goals; the numbers are resolved
    against that plan's goals in one query (none when the column is empty), as written and
    else as number_key() reads them. A number the cancer plan lacks, or has twice, is a
    problem on the row that names it.
    """
    column = COLUMN_HEADER["parent_goal"]
    numbers = [
        (goal.parent_number, goal.parent_row)
        for area in areas
        for goal in area.goals.values()
        if goal.parent_number
    ]
    if not numbers:
        return {}, []
    first_row = numbers[0][1]
    if plan.kind != Plan.Kind.LOCAL_PLAN:
        message = _(
            "Bara en regions lokala handlingsplan kopplar sina mål till cancerplanens mål. "
            "Lämna kolumnen tom."
        )
        return {}, [Problem(message, row=first_row, column=column)]
    if plan.parent is None:
        message = _(
            "Planen bygger inte på någon cancerplan. Ange vilken cancerplan den bygger på "
            "(överordnad plan), eller lämna kolumnen tom."
        )
        return {}, [Problem(message, row=first_row, column=column)]
    exact, by_key = defaultdict(list), defaultdict(list)
    for pk, number in Goal.objects.filter(area__plan=plan.parent).values_list("pk", "number"):
        if number:
            exact[number].append(pk)
            by_key[number_key(number)].append(pk)
    ids, problems = {}, []
    for number, row in numbers:
        found = exact.get(number) or by_key.get(number_key(number), [])
        if len(found) == 1:
            ids[number] = found[0]
            continue
        message = (
            _("Cancerplanen «%(plan)s» har flera mål med numret %(number)s.")
            if found
            else _("Cancerplanen «%(plan)s» har inget mål med numret %(number)s.")
        )
        problems.append(
            Problem(message % {"plan": plan.parent.title, "number": number}, row=row, column=column)
        )
    return ids, problems
