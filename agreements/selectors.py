"""What the agreement pages and the agreement's PDF show, each in a fixed number of queries.

An initiative's linked activities are those of the plans the reader may see, and a goal's
follow-up levels those of the rounds they may see (a Scope): so another RCC's draft plan or
unpublished round shows nowhere, not even as a count.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from followup.models import Assessment, FollowUpRound
from plans.models import Activity, Goal, Plan
from registry.models import HealthcareRegion

from .models import ActivityLink, Agreement, Appendix, Area, Initiative

DEEPEST_HEADING = 6
# The area is an h2 on every page and in the PDF; its initiatives h3, their sub-initiatives h4 …
INITIATIVE_HEADING = 3


@dataclass(frozen=True)
class Scope:
    """The plans and follow-up rounds whose content a reader sees, as subqueries."""

    plans: QuerySet
    rounds: QuerySet

    @classmethod
    def for_user(cls, user) -> "Scope":
        return cls(
            plans=Plan.objects.visible_to(user).values("pk"),
            rounds=FollowUpRound.objects.visible_to(user).values("pk"),
        )

    @classmethod
    def published(cls) -> "Scope":
        """What the command line's PDF shows: approved and archived plans, published rounds."""
        return cls(
            plans=Plan.objects.exclude(status=Plan.Status.DRAFT).values("pk"),
            rounds=FollowUpRound.objects.filter(state=FollowUpRound.State.PUBLISHED).values("pk"),
        )

    def links(self) -> QuerySet:
        return ActivityLink.objects.filter(activity__goal__area__plan__in=self.plans)


def agreement_list(scope: Scope) -> list[Agreement]:
    """Every agreement, latest first, with initiative_count and linked_count (the activities
    linked to any of its initiatives), in one query."""
    initiatives = (
        Initiative.objects.filter(agreement=OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    linked = (
        scope.links()
        .filter(initiative__agreement=OuterRef("pk"))
        .order_by()
        .values("initiative__agreement")
        .annotate(n=Count("activity", distinct=True))
        .values("n")
    )
    return list(
        Agreement.objects.latest_first().annotate(
            initiative_count=Coalesce(Subquery(initiatives), 0),
            linked_count=Coalesce(Subquery(linked), 0),
        )
    )


@dataclass
class Outline:
    """An agreement's areas, each with initiative_list: its initiatives in reading order (a
    parent before its children), each with depth, heading (its h-level), child_list and
    activity_count (its own links, not its children's)."""

    agreement: Agreement
    areas: list[Area]
    initiatives: list[Initiative]
    appendices: list[Appendix]

    @property
    def linked_count(self) -> int:
        return sum(initiative.activity_count for initiative in self.initiatives)


def agreement_outline(
    agreement: Agreement, scope: Scope | None, *, appendices: bool = True
) -> Outline:
    """The agreement's tree in four queries: areas, initiatives, link counts (none without a
    scope), appendices (unless not wanted)."""
    areas = list(Area.objects.filter(agreement=agreement).order_by("order"))
    initiatives = list(Initiative.objects.filter(agreement=agreement).order_by("order"))
    counts = {}
    if scope is not None:
        counts = dict(
            scope.links()
            .filter(initiative__agreement=agreement)
            .order_by()
            .values("initiative")
            .annotate(n=Count("pk"))
            .values_list("initiative", "n")
        )
    for initiative in initiatives:
        initiative.activity_count = counts.get(initiative.pk, 0)
        initiative.agreement = agreement
    ordered = _nest(areas, initiatives)
    listed = (
        list(Appendix.objects.filter(agreement=agreement).order_by("order")) if appendices else []
    )
    for appendix in listed:  # the name its download has
        appendix.filename = appendix.file.name.rsplit("/", 1)[-1] if appendix.file else ""
    return Outline(agreement=agreement, areas=areas, initiatives=ordered, appendices=listed)


def _nest(areas: list[Area], initiatives: list[Initiative]) -> list[Initiative]:
    """Give each area its initiative_list in reading order (each initiative its depth, heading
    and child_list); return all of them in that order. An initiative whose parent is not in
    the agreement, or sits in another area, starts a tree of its own in its area."""
    by_id = {initiative.pk: initiative for initiative in initiatives}
    children = defaultdict(list)
    roots = defaultdict(list)
    for initiative in initiatives:
        parent = by_id.get(initiative.parent_id)
        if parent is not None and parent.area_id == initiative.area_id:
            children[parent.pk].append(initiative)
            initiative.parent = parent
        else:
            roots[initiative.area_id].append(initiative)
    ordered = []

    def visit(initiative: Initiative, depth: int, area_list: list) -> None:
        initiative.depth = depth
        initiative.heading = min(INITIATIVE_HEADING + depth, DEEPEST_HEADING)
        initiative.text_heading = min(initiative.heading + 1, DEEPEST_HEADING)
        initiative.child_list = children[initiative.pk]
        area_list.append(initiative)
        for child in initiative.child_list:
            visit(child, depth + 1, area_list)

    for area in areas:
        area.initiative_list = []
        area.root_list = roots[area.pk]
        for root in area.root_list:
            visit(root, 0, area.initiative_list)
        ordered.extend(area.initiative_list)
    return ordered


# -- Linked activities, by RCC and plan -------------------------------------------------------


@dataclass
class FollowUp:
    """A goal's levels in its latest round that judged it: "Uppföljning 2023: RJH U, RN P"."""

    year: int
    levels: list[tuple[str, str, str]]  # (region code, region name, level)
    of_parent: bool  # the levels of the cancer plan goal the activity's goal concretises


@dataclass
class PlanGroup:
    plan: Plan
    activities: list[Activity] = field(default_factory=list)


@dataclass
class RccGroup:
    healthcare_region: HealthcareRegion
    plans: list[PlanGroup] = field(default_factory=list)

    @property
    def activity_count(self) -> int:
        return sum(len(group.activities) for group in self.plans)


def linked_activities(initiatives: list[Initiative], scope: Scope) -> dict[int, list[RccGroup]]:
    """Each initiative's linked activities grouped by RCC (in the registry's order) and plan
    (by title), in plan order, each with plan, goal and follow_up (a FollowUp or None): two
    queries, the links with their activities and plans, and the levels."""
    links = list(
        scope.links()
        .filter(initiative__in=[initiative.pk for initiative in initiatives])
        .select_related(
            "activity__goal__area__plan__owner_healthcare_region",
            "activity__goal__area__plan__owner_region__healthcare_region",
        )
        .order_by(
            "activity__goal__area__plan__title",
            "activity__goal__area__plan",
            "activity__goal__area__order",
            "activity__goal__order",
            "activity__order",
        )
    )
    follow_ups = _follow_ups([link.activity for link in links], scope)
    grouped: dict[int, dict] = defaultdict(dict)
    for link in links:
        activity = link.activity
        activity.plan = plan = activity.goal.area.plan
        activity.follow_up = follow_ups.get(activity.goal_id)
        rccs = grouped[link.initiative_id]
        region = plan.healthcare_region
        rcc = rccs.setdefault(region.pk, RccGroup(region))
        if not rcc.plans or rcc.plans[-1].plan.pk != plan.pk:
            rcc.plans.append(PlanGroup(plan))
        rcc.plans[-1].activities.append(activity)
    return {
        initiative_id: sorted(
            rccs.values(), key=lambda g: (g.healthcare_region.order, g.healthcare_region.name)
        )
        for initiative_id, rccs in grouped.items()
    }


def _follow_ups(activities: list[Activity], scope: Scope) -> dict[int, FollowUp]:
    """The latest levels of each activity's goal, in one query.

    A goal's own levels if a round has judged it (the rounds of its plan); else those of the
    cancer plan goal it concretises (a local plan's or action plan's goal), for a local plan
    only its own region's. Blank levels do not count: the latest round that gave a level.
    """
    goals = {activity.goal_id: activity.goal for activity in activities}
    if not goals:
        return {}
    wanted = set(goals) | {goal.parent_goal_id for goal in goals.values()} - {None}
    assessments = (
        Assessment.objects.filter(goal__in=wanted, round__in=scope.rounds)
        .exclude(level="")
        .select_related("round", "region")
        .order_by("-round__year", "region__name")
    )
    latest: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        found = latest.setdefault(assessment.goal_id, [])
        if not found or found[0].round_id == assessment.round_id:
            found.append(assessment)
    follow_ups = {}
    for goal in goals.values():
        follow_up = _follow_up(goal, latest)
        if follow_up is not None:
            follow_ups[goal.pk] = follow_up
    return follow_ups


def _follow_up(goal: Goal, latest: dict[int, list[Assessment]]) -> FollowUp | None:
    of_parent = goal.pk not in latest
    found = latest.get(goal.parent_goal_id, []) if of_parent else latest[goal.pk]
    region_id = goal.area.plan.owner_region_id
    if of_parent and region_id:
        found = [assessment for assessment in found if assessment.region_id == region_id]
    if not found:
        return None
    levels = [(a.region.code, a.region.name, a.level) for a in found]
    return FollowUp(year=found[0].round.year, levels=levels, of_parent=of_parent)


# -- One initiative --------------------------------------------------------------------------


@dataclass
class InitiativePage:
    initiative: Initiative
    children: list[Initiative]
    other_years: list[Initiative]
    rccs: list[RccGroup]

    @property
    def activity_count(self) -> int:
        return sum(rcc.activity_count for rcc in self.rccs)


def initiative_page(initiative: Initiative, scope: Scope) -> InitiativePage:
    """The initiative (with agreement, area and parent) and what its page shows, in four
    queries: its children, the same initiative in other years (each with activity_count,
    its own linked activities), the links, the levels."""
    children = list(initiative.children.order_by("order"))
    linked = (
        scope.links()
        .filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    other_years = list(
        Initiative.objects.filter(lineage=initiative.lineage)
        .exclude(pk=initiative.pk)
        .select_related("agreement")
        .annotate(activity_count=Coalesce(Subquery(linked), 0))
        .order_by("agreement__year", "order")
    )
    rccs = linked_activities([initiative], scope).get(initiative.pk, [])
    return InitiativePage(initiative, children, other_years, rccs)


# -- Coverage ---------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    initiative: Initiative
    cells: list[int]  # the linked activities per RCC, in the order of Coverage.regions

    @property
    def total(self) -> int:
        return sum(self.cells)

    @property
    def gaps(self) -> int:
        return sum(1 for cell in self.cells if not cell)


@dataclass
class Coverage:
    outline: Outline
    regions: list[HealthcareRegion]
    rows_by_area: list[tuple[Area, list[CoverageRow]]]

    @property
    def column_totals(self) -> list[int]:
        rows = [row for _area, rows in self.rows_by_area for row in rows]
        return [sum(row.cells[i] for row in rows) for i in range(len(self.regions))]

    @property
    def total(self) -> int:
        return sum(self.column_totals)


def agreement_coverage(agreement: Agreement, scope: Scope) -> Coverage:
    """Initiatives × RCCs, each cell the activities linked from the RCC's plans (its own and
    its regions' local plans): four queries, the areas, initiatives, RCCs and counts."""
    outline = agreement_outline(agreement, None, appendices=False)
    regions = list(HealthcareRegion.objects.order_by("order", "name"))
    plan = "activity__goal__area__plan__"
    counts = (
        scope.links()
        .filter(initiative__agreement=agreement)
        .order_by()
        .values(
            "initiative", f"{plan}owner_healthcare_region", f"{plan}owner_region__healthcare_region"
        )
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[int, int], int] = defaultdict(int)
    for row in counts:
        region = (
            row[f"{plan}owner_healthcare_region"] or row[f"{plan}owner_region__healthcare_region"]
        )
        cells[row["initiative"], region] += row["n"]
    rows_by_area = [
        (
            area,
            [
                CoverageRow(initiative, [cells[initiative.pk, region.pk] for region in regions])
                for initiative in area.initiative_list
            ],
        )
        for area in outline.areas
    ]
    return Coverage(outline=outline, regions=regions, rows_by_area=rows_by_area)
