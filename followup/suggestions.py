"""Suggestions beside a goal's level that apps built on follow-up contribute ("goal hints").

Follow-up knows nothing of those apps (dependencies run one way): the report form and the
goal view send goal_hints_requested, and an app that can say something about some goals
answers (the steering-group app: a goal linked to a steering group's presence gets
"Närvaro 2023: …").

A receiver gets round (the FollowUpRound), goals (the goals shown) and region (the Region
whose report is shown, or None for every region), and returns {goal_id: [GoalHint, …]} for the
goals it has something to say about. It must answer in a fixed number of queries, whatever the
number of goals: the pages that ask pin their query counts.
"""

from dataclasses import dataclass

from django.dispatch import Signal

goal_hints_requested = Signal()


@dataclass(frozen=True)
class GoalHint:
    """A suggestion for the level, as text; region_id when it is about one region only."""

    text: str
    region_id: int | None = None

    def __str__(self):
        return self.text


def goal_hints(round, goals, *, region=None) -> dict[int, list[GoalHint]]:
    """Every receiver's hints for the goals, merged per goal."""
    goals = list(goals)
    merged: dict[int, list[GoalHint]] = {}
    if not goals:
        return merged
    for _receiver, answer in goal_hints_requested.send(
        sender=type(round), round=round, goals=goals, region=region
    ):
        for goal_id, hints in (answer or {}).items():
            merged.setdefault(goal_id, []).extend(hints)
    return merged


def split_by_region(hints: list[GoalHint]) -> tuple[list[GoalHint], dict[int, list[GoalHint]]]:
    """The hints about the goal as a whole, and those about one region, by region."""
    general = [hint for hint in hints if hint.region_id is None]
    by_region: dict[int, list[GoalHint]] = {}
    for hint in hints:
        if hint.region_id is not None:
            by_region.setdefault(hint.region_id, []).append(hint)
    return general, by_region
