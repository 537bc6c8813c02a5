"""The goals × regions matrix of a round: the picture people look at."""

from dataclasses import dataclass, field

from plans.models import Area, Goal
from registry.models import Region

from .levels import Level
from .models import Assessment
from .selectors import RoundData
from .summary import level_counts

LEVEL_FILTERS = {"U": "U", "P": "P", "E": "E", "tom": ""}


@dataclass
class Cell:
    region: Region
    assessment: Assessment | None
    level: Level


@dataclass
class MatrixRow:
    goal: Goal
    cells: list[Cell]


@dataclass
class MatrixArea:
    area: Area
    rows: list[MatrixRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return level_counts([cell.level for row in self.rows for cell in row.cells])


@dataclass
class Matrix:
    regions: list[Region]
    areas: list[MatrixArea]
    all_areas: list[Area]
    area_filter: str
    level_filter: str

    @property
    def region_counts(self) -> list[tuple[Region, dict[str, int]]]:
        return [
            (
                region,
                level_counts([row.cells[i].level for area in self.areas for row in area.rows]),
            )
            for i, region in enumerate(self.regions)
        ]

    @property
    def goal_count(self) -> int:
        return sum(len(area.rows) for area in self.areas)


def _matches(level: Level, wanted: str) -> bool:
    if wanted == "":
        return level.is_blank
    return wanted in level.parts


def build_matrix(data: RoundData, *, area: str = "", level: str = "") -> Matrix:
    """Every goal of the plan against every participating region, filtered by area and level."""
    wanted = LEVEL_FILTERS.get(level)
    areas: dict[int, MatrixArea] = {}
    all_areas: dict[int, Area] = {}
    for goal in data.goals:
        all_areas.setdefault(goal.area_id, goal.area)
        if area and str(goal.area_id) != area:
            continue
        cells = [
            Cell(region, data.assessment(goal, region), data.level(goal, region))
            for region in data.regions
        ]
        if wanted is not None and not any(_matches(cell.level, wanted) for cell in cells):
            continue
        areas.setdefault(goal.area_id, MatrixArea(goal.area)).rows.append(MatrixRow(goal, cells))
    return Matrix(
        regions=data.regions,
        areas=list(areas.values()),
        all_areas=list(all_areas.values()),
        area_filter=area,
        level_filter=level if wanted is not None else "",
    )
