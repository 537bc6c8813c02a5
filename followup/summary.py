"""The automatic summary of a round, for the round page and the follow-up report."""

from dataclasses import dataclass, field
from functools import cache

from documents.text import first_words
from plans.models import Goal
from registry.models import Region

from .levels import Level
from .models import FollowUpRound
from .selectors import BLANK, RoundData, RoundLevels


@dataclass
class GoalRegions:
    goal: Goal
    regions: list[Region]

    @property
    def codes(self) -> str:
        """The regions' codes, comma-separated: one value for a template, not a loop per goal."""
        return ", ".join(region.code for region in self.regions)


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
    excerpts: dict[int, str]  # goal pk -> its text cut to 25 words, for every goal listed above


EXCERPT_WORDS = 25


COUNT_KEYS = {"u": "U", "p": "P", "e": "E", "mixed": "mixed", "blank": ""}


def level_counts(levels: list[Level]) -> dict[str, int]:
    """How many levels are U, P, E, composite of different letters ("mixed") and blank ("")."""
    counts = dict.fromkeys(COUNT_KEYS.values(), 0)
    for level in levels:
        counts[COUNT_KEYS[level.css_class]] += 1
    return counts


@cache
def _traits(level: Level) -> tuple[bool, bool, bool, str, float | None]:
    """What the summary asks of a level, worked out once per level (there are 79 of them)."""
    return (
        level.is_achieved,
        level.has_not_started,
        level.is_blank,
        COUNT_KEYS[level.css_class],
        level.progress,
    )


def round_summary(data: RoundData | RoundLevels) -> RoundSummary:
    """The summary of a round, from data read with round_levels or round_data (no queries).

    One pass over the goals × regions cells: a national round has 6,300 of them, and the
    previous round as many again.
    """
    goals, regions, previous = data.goals, data.regions, data.previous
    levels, previous_levels = data.levels, data.previous_levels
    counts = {region.code: dict.fromkeys(COUNT_KEYS.values(), 0) for region in regions}
    changes = [RegionChange(region) for region in regions] if previous is not None else []
    columns = [(region, region.pk, counts[region.code]) for region in regions]

    everywhere, all_but_one, not_started, missing = [], [], [], []
    for goal in goals:
        goal_id = goal.pk
        not_achieved, started_not, blanks = [], [], []
        for region, region_id, region_counts in columns:
            achieved, not_started_, blank, key, _progress = _traits(
                levels.get((goal_id, region_id), BLANK)
            )
            region_counts[key] += 1
            if not achieved:
                not_achieved.append(region)
            if not_started_:
                started_not.append(region)
            if blank:
                blanks.append(region)
        if regions and not not_achieved:
            everywhere.append(goal)
        elif len(regions) > 1 and len(not_achieved) == 1:
            all_but_one.append(GoalRegions(goal, not_achieved))
        if regions and len(started_not) * 2 >= len(regions):
            not_started.append(GoalRegions(goal, started_not))
        if blanks:
            missing.append(GoalRegions(goal, blanks))
        for change, (_region, region_id, _counts) in zip(changes, columns, strict=False):
            now = _traits(levels.get((goal_id, region_id), BLANK))[4]
            then = _traits(previous_levels.get((goal_id, region_id), BLANK))[4]
            if now is None or then is None:
                continue
            if now > then:
                change.improved.append(goal)
            elif now < then:
                change.regressed.append(goal)
            else:
                change.unchanged.append(goal)

    listed = everywhere + [item.goal for item in (*all_but_one, *not_started, *missing)]
    return RoundSummary(
        regions=regions,
        achieved_everywhere=everywhere,
        achieved_all_but_one=all_but_one,
        not_started_in_half=not_started,
        missing_levels=missing,
        previous=previous,
        changes=changes,
        counts=counts,
        excerpts={goal.pk: first_words(goal.text, EXCERPT_WORDS) for goal in listed},
    )
