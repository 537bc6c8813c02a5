"""Reads that several follow-up pages share.

round_data loads what a round's summary, matrix, reports, export and region report all need,
in a fixed number of queries whatever the size of the plan.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from plans.models import Area, Goal
from registry.models import Region

from .levels import Level, stored_level
from .models import Assessment, FollowUpRound, RccComment, RegionReport

BLANK = Level()


@dataclass
class RoundData:
    round: FollowUpRound
    goals: list[Goal]  # in plan order, with their area
    regions: list[Region]  # the participating regions by name (or the one asked for)
    assessments: dict[tuple[int, int], Assessment]  # (goal id, region id) -> assessment
    rcc_comments: dict[int, RccComment]  # goal id -> the RCC's comment
    previous: FollowUpRound | None  # the plan's latest earlier round
    previous_assessments: dict[tuple[int, int], Assessment]

    def assessment(self, goal: Goal, region: Region) -> Assessment | None:
        return self.assessments.get((goal.pk, region.pk))

    def level(self, goal: Goal, region: Region) -> Level:
        assessment = self.assessments.get((goal.pk, region.pk))
        return stored_level(assessment.level) if assessment else BLANK

    def of_region(self, region: Region, *, previous: bool = False) -> dict[int, Assessment]:
        """One region's assessments (or its previous round's) keyed by goal id."""
        assessments = self.previous_assessments if previous else self.assessments
        return {
            goal_id: a for (goal_id, region_id), a in assessments.items() if region_id == region.pk
        }

    def previous_level(self, goal: Goal, region: Region) -> Level:
        assessment = self.previous_assessments.get((goal.pk, region.pk))
        return stored_level(assessment.level) if assessment else BLANK

    @cached_property
    def levels(self) -> dict[tuple[int, int], Level]:
        """(goal id, region id) -> level, as RoundLevels has them."""
        return {key: stored_level(a.level) for key, a in self.assessments.items()}

    @cached_property
    def previous_levels(self) -> dict[tuple[int, int], Level]:
        return {key: stored_level(a.level) for key, a in self.previous_assessments.items()}


@dataclass
class RoundLevels:
    """The levels of a round and its previous round: what its summary needs of round_data."""

    round: FollowUpRound
    goals: list[Goal]  # in plan order (without their areas and parts, unless given)
    regions: list[Region]  # the participating regions by name
    levels: dict[tuple[int, int], Level]  # (goal id, region id) -> level of an assessment
    previous: FollowUpRound | None
    previous_levels: dict[tuple[int, int], Level]


def regions_by_name(round: FollowUpRound) -> list[Region]:
    """The round's regions by name; no query when they come prefetched, as the pages' rounds
    do (followup.permissions)."""
    return sorted(round.regions.all(), key=lambda region: region.name)


def round_levels(round: FollowUpRound, *, goals: list[Goal] | None = None) -> RoundLevels:
    """The round's goals, regions and levels, now and in the previous round, for its summary.

    Three queries: goals (unless the caller has read them: goals), the previous round, and
    the levels of both rounds (and the regions, unless they come prefetched). The levels are
    read as (round id, goal id, region id, level) rows, not as assessments: building 12,600
    models of a national round and the one before is most of what round_data costs.
    """
    if goals is None:
        goals = list(Goal.objects.for_plan(round.plan).select_related(None))
    regions = regions_by_name(round)
    previous = round.previous()
    goal_ids = {goal.pk for goal in goals}
    region_ids = {each.pk for each in regions}
    levels = {round.pk: {}} | ({previous.pk: {}} if previous else {})
    rows = Assessment.objects.filter(round__in=list(levels)).order_by()
    for round_id, goal_id, region_id, level in rows.values_list(
        "round_id", "goal_id", "region_id", "level"
    ):
        if goal_id in goal_ids and region_id in region_ids:
            levels[round_id][goal_id, region_id] = stored_level(level)
    return RoundLevels(
        round=round,
        goals=goals,
        regions=regions,
        levels=levels[round.pk],
        previous=previous,
        previous_levels=levels[previous.pk] if previous else {},
    )


def reports_with_progress(data: RoundLevels) -> list[RegionReport]:
    """The round's reports with their region and submitter, each with `assessed`: how many
    goals it has given a level, counted from the levels the page has read. Where they are not
    read, RegionReportQuerySet.with_progress counts them in the database, a subquery per
    report that costs a national round page 3 ms."""
    assessed = Counter(
        region_id for (_goal, region_id), level in data.levels.items() if not level.is_blank
    )
    reports = list(data.round.reports.select_related("region", "submitted_by"))
    for report in reports:
        report.assessed = assessed[report.region_id]
    return reports


def round_data(
    round: FollowUpRound,
    *,
    region: Region | None = None,
    area: Area | None = None,
    goals: list[Goal] | None = None,
) -> RoundData:
    """The round's goals, regions, assessments, RCC comments and previous round.

    With a region, only that region's assessments (now and in the previous round) are read,
    and no RCC comments: they comment on the round's goals across the regions, which a
    region's form and report do not show; with an area, only the assessments and RCC
    comments of that area's goals (the goals are all read, for the areas to page through,
    unless the caller has read them: goals). At most four queries: goals, the previous round,
    the assessments of both rounds and RCC comments (and the regions, unless they come
    prefetched). Assessments come with their round, goal and region attached.
    """
    goals = list(Goal.objects.for_plan(round.plan)) if goals is None else goals
    regions = [region] if region else regions_by_name(round)
    scope = {}
    if region:
        scope["region"] = region
    if area:
        # By the goals' ids, which the caller has, rather than a join to them: PostgreSQL
        # plans the join row by row (3 ms for a national area's 630 assessments; 1 ms so).
        scope["goal_id__in"] = [goal.pk for goal in goals if goal.area_id == area.pk]
    rcc_comments = RccComment.objects.filter(round=round).order_by()
    if region:
        rcc_comments = rcc_comments.none()
    elif area:
        rcc_comments = rcc_comments.filter(goal_id__in=scope["goal_id__in"])
    previous = round.previous()
    rounds = {round.pk: round} | ({previous.pk: previous} if previous else {})
    keyed = {pk: {} for pk in rounds}
    goals_by_id = {goal.pk: goal for goal in goals}
    regions_by_id = {each.pk: each for each in regions}
    # Only keyed into dicts: without the default ordering's joins to goals, areas and regions.
    assessments = Assessment.objects.filter(round__in=list(rounds), **scope).order_by()
    # Attached straight into the relations' caches: the descriptors' checks on assignment
    # cost more than the read itself for a national round's 12,600 assessments.
    round_cache, goal_cache = Assessment.round.field, Assessment.goal.field
    region_cache = Assessment.region.field
    for assessment in assessments:
        goal = goals_by_id.get(assessment.goal_id)
        region_ = regions_by_id.get(assessment.region_id)
        if goal is not None and region_ is not None:
            round_cache.set_cached_value(assessment, rounds[assessment.round_id])
            goal_cache.set_cached_value(assessment, goal)
            region_cache.set_cached_value(assessment, region_)
            keyed[assessment.round_id][assessment.goal_id, assessment.region_id] = assessment
    return RoundData(
        round=round,
        goals=goals,
        regions=regions,
        assessments=keyed[round.pk],
        rcc_comments={c.goal_id: c for c in rcc_comments},
        previous=previous,
        previous_assessments=keyed[previous.pk] if previous else {},
    )


HISTORY_FIELDS = {
    "level": _("Nivå"),
    "comment": _("Regionens kommentar"),
    "condensed_comment": _("Kondenserad kommentar"),
}


def assessment_history(assessment: Assessment, *, with_rcc_texts: bool = True) -> list[dict]:
    """Each recorded change, newest first, with the fields it changed (before → after).

    Without the RCC's texts, changes of the condensed comment are left out.
    """
    fields = {
        name: label
        for name, label in HISTORY_FIELDS.items()
        if with_rcc_texts or name != "condensed_comment"
    }
    records = assessment.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    entries = []
    before = None
    for record in records:
        changes = []
        for name, label in fields.items():
            old = getattr(before, name) if before else ""
            new = getattr(record, name)
            if old != new:
                changes.append({"field": name, "label": label, "old": old, "new": new})
        entries.append({"record": record, "changes": changes, "created": before is None})
        before = record
    return entries[::-1]


def previous_assessment(assessment: Assessment) -> tuple[FollowUpRound | None, Assessment | None]:
    """The plan's previous round and the same region's assessment of the goal in it."""
    previous_round = assessment.round.previous()
    if previous_round is None:
        return None, None
    previous = previous_round.assessments.filter(
        region_id=assessment.region_id, goal_id=assessment.goal_id
    ).first()
    return previous_round, previous


# A plan with more goals than this is shown an area at a time in the matrix and the report
# form: a national plan's 300 goals × 21 regions are megabytes that no one reads at once.
AREA_AT_A_TIME_FROM_GOALS = 60
ALL_AREAS = "alla"


@dataclass
class AreaPage:
    areas: list[Area]  # every area of the plan, in order
    current: Area | None  # the area shown, or None for all of them
    paged: bool  # whether the plan is large enough to be shown an area at a time

    def goals(self, goals: list[Goal]) -> list[Goal]:
        if self.current is None:
            return goals
        return [goal for goal in goals if goal.area_id == self.current.pk]

    @property
    def previous(self) -> Area | None:
        index = self.areas.index(self.current) if self.current in self.areas else None
        return self.areas[index - 1] if index else None

    @property
    def next(self) -> Area | None:
        if self.current not in self.areas:
            return None
        index = self.areas.index(self.current)
        return self.areas[index + 1] if index + 1 < len(self.areas) else None


def area_page(goals: list[Goal], requested: str) -> AreaPage:
    """Which area to show of goals read in plan order: the one asked for by id, all of them
    ("alla"), or by default all of a small plan and the first area of a large one."""
    areas = list({goal.area_id: goal.area for goal in goals}.values())
    paged = len(goals) > AREA_AT_A_TIME_FROM_GOALS
    current = next((area for area in areas if str(area.pk) == requested), None)
    if current is None and requested != ALL_AREAS and paged and areas:
        current = areas[0]
    return AreaPage(areas=areas, current=current, paged=paged)


@dataclass
class GoalRegionRow:
    region: Region
    assessment: Assessment | None
    previous: Assessment | None


@dataclass
class GoalView:
    """One goal of a round across its regions, for the coordinator's goal view."""

    goal: Goal
    rows: list[GoalRegionRow]  # one per participating region, by name
    rcc_comment: RccComment | None
    previous_round: FollowUpRound | None
    previous_goal: tuple[int, str] | None  # (id, number) of the goals before and after it
    next_goal: tuple[int, str] | None
    not_condensed: list[tuple[int, str]]  # goals with a region's comment but no condensed one


def goal_view(round: FollowUpRound, goal: Goal) -> GoalView:
    """The goal's assessments now and in the previous round, the RCC's comment, its
    neighbours in the plan and the goals still to condense: seven queries, whatever the number
    of regions or goals (the round's regions come prefetched)."""
    regions = regions_by_name(round)
    order = list(
        Goal.objects.filter(area__plan_id=round.plan_id)
        .order_by("area__order", "order")
        .values_list("pk", "number")
    )
    index = [pk for pk, _number in order].index(goal.pk)
    assessments = {a.region_id: a for a in round.assessments.filter(goal=goal).order_by()}
    previous_round = round.previous()
    previous = {}
    if previous_round is not None:
        previous = {a.region_id: a for a in previous_round.assessments.filter(goal=goal).order_by()}
    waiting = set(
        round.assessments.exclude(comment="")
        .filter(condensed_comment="")
        .order_by()
        .values_list("goal_id", flat=True)
        .distinct()
    )
    return GoalView(
        goal=goal,
        rows=[
            GoalRegionRow(region, assessments.get(region.pk), previous.get(region.pk))
            for region in regions
        ],
        rcc_comment=RccComment.objects.filter(round=round, goal=goal).first(),
        previous_round=previous_round,
        previous_goal=order[index - 1] if index > 0 else None,
        next_goal=order[index + 1] if index + 1 < len(order) else None,
        not_condensed=[(pk, number) for pk, number in order if pk in waiting],
    )
