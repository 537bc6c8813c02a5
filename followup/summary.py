"""The automatic summary of a round, for the round page and the follow-up report."""

from dataclasses import dataclass, field

from plans.models import Goal
from registry.models import Region

from .levels import Level
from .models import FollowUpRound
from .selectors import RoundData


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


def round_summary(data: RoundData) -> RoundSummary:
    """The summary of a round, from data read with round_data (no further queries)."""
    goals, regions, previous = data.goals, data.regions, data.previous

    everywhere, all_but_one, not_started, missing = [], [], [], []
    for goal in goals:
        per_region = [(region, data.level(goal, region)) for region in regions]
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
                now = data.level(goal, region).progress
                then = data.previous_level(goal, region).progress
                if now is None or then is None:
                    continue
                if now > then:
                    change.improved.append(goal)
                elif now < then:
                    change.regressed.append(goal)
                else:
                    change.unchanged.append(goal)
            changes.append(change)

    counts = {
        region.code: level_counts([data.level(goal, region) for goal in goals])
        for region in regions
    }

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
