"""The automatic summary of a round, for the round page and the follow-up report."""

from collections import defaultdict
from dataclasses import dataclass, field

from plans.models import Goal
from registry.models import Region

from .levels import Level
from .models import Assessment, FollowUpRound


@dataclass
class GoalRegions:
    goal: Goal
    regions: list[Region]


@dataclass
class RegionChange:
    region: Region
    improved: list[Goal] = field(default_factory=list)
    regressed: list[Goal] = field(default_factory=list)
    unchanged: list[Goal] = field(default_factory=list)


@dataclass
class RoundSummary:
    regions: list[Region]
    achieved_everywhere: list[Goal]
    achieved_all_but_one: list[GoalRegions]  # the region that has not achieved it
    not_started_in_half: list[GoalRegions]  # the regions with E in some part
    missing_levels: list[GoalRegions]  # the regions that gave no level
    previous: FollowUpRound | None
    changes: list[RegionChange]  # empty without a previous round
    counts: dict[str, dict[str, int]]  # region code -> {"U": n, "P": n, "E": n, "mixed": n, "": n}


COUNT_KEYS = {"u": "U", "p": "P", "e": "E", "mixed": "mixed", "blank": ""}


def level_counts(levels: list[Level]) -> dict[str, int]:
    """How many levels are U, P, E, composite of different letters ("mixed") and blank ("")."""
    counts = dict.fromkeys(COUNT_KEYS.values(), 0)
    for level in levels:
        counts[COUNT_KEYS[level.css_class]] += 1
    return counts


def summarise(round: FollowUpRound) -> RoundSummary:
    """The summary of a round in a fixed number of queries, whatever the size of the plan."""
    goals = list(Goal.objects.for_plan(round.plan))
    regions = list(round.regions.order_by("name"))
    previous = round.previous()
    return round_summary(
        round,
        goals,
        regions,
        list(round.assessments.all()),
        previous,
        list(previous.assessments.all()) if previous else [],
    )


def round_summary(
    round: FollowUpRound,
    goals: list[Goal],
    regions: list[Region],
    assessments: list[Assessment],
    previous: FollowUpRound | None,
    previous_assessments: list[Assessment],
) -> RoundSummary:
    """Compute the summary from rows already fetched, so the caller controls the queries."""
    levels = {(a.goal_id, a.region_id): Level.parse(a.level) for a in assessments}
    before = {(a.goal_id, a.region_id): Level.parse(a.level) for a in previous_assessments}
    blank = Level()

    everywhere, all_but_one, not_started, missing = [], [], [], []
    for goal in goals:
        per_region = [(region, levels.get((goal.pk, region.pk), blank)) for region in regions]
        not_achieved = [region for region, level in per_region if not level.is_achieved]
        if regions and not not_achieved:
            everywhere.append(goal)
        elif len(regions) > 1 and len(not_achieved) == 1:
            all_but_one.append(GoalRegions(goal, not_achieved))
        started_not = [region for region, level in per_region if level.has_not_started]
        if regions and len(started_not) * 2 >= len(regions):
            not_started.append(GoalRegions(goal, started_not))
        blanks = [region for region, level in per_region if level.is_blank]
        if blanks:
            missing.append(GoalRegions(goal, blanks))

    changes = []
    if previous is not None:
        for region in regions:
            change = RegionChange(region)
            for goal in goals:
                now = levels.get((goal.pk, region.pk), blank).progress
                then = before.get((goal.pk, region.pk), blank).progress
                if now is None or then is None:
                    continue
                if now > then:
                    change.improved.append(goal)
                elif now < then:
                    change.regressed.append(goal)
                else:
                    change.unchanged.append(goal)
            changes.append(change)

    by_region = defaultdict(list)
    for region in regions:
        for goal in goals:
            by_region[region.code].append(levels.get((goal.pk, region.pk), blank))
    counts = {code: level_counts(region_levels) for code, region_levels in by_region.items()}

    return RoundSummary(
        regions=regions,
        achieved_everywhere=everywhere,
        achieved_all_but_one=all_but_one,
        not_started_in_half=not_started,
        missing_levels=missing,
        previous=previous,
        changes=changes,
        counts=counts,
    )
