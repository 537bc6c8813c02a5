"""The goals × regions matrix of a round: the picture people look at."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from documents.text import first_words
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
    # What the page shows, worked out once per cell (or per level) by build_matrix rather than
    # by the template per cell (followup/includes/_matrix_cell.jinja): a national area has
    # 630 cells.
    css_class: str = ""
    text: str = ""  # the level as shown: its letters, or "–"
    label: str = ""  # the level in words
    url: str = ""  # the assessment's page, where there is an assessment
    title: str = ""  # region, level in words and the start of the comment
    spoken: str = ""  # what a screen reader reads: region, goal and level, or no level
    change: str = ""  # "improved" or "regressed" since the previous round, or ""
    previous: str = ""  # the previous round's level as shown, when asked for
    condensed: bool = False  # the RCC has condensed the region's comment


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
    previous_year: int | None = None  # the previous round's year, if there is one
    show_previous: bool = False

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


def _assessment_url_start(round_id: int, region: Region) -> str:
    """The region's assessment URLs up to the goal's id, reversed once per region rather than
    once per cell: "<id:goal_pk>/" ends the URL (followup/urls.py)."""
    return reverse("followup:assessment-detail", args=[round_id, region.code, 0]).removesuffix("0/")


def build_matrix(
    data: RoundData,
    *,
    area: str = "",
    level: str = "",
    show_previous: bool = False,
    show_condensed: bool = False,
) -> Matrix:
    """Every goal of the plan against every participating region, filtered by area and level.

    Each cell says whether its level rose or fell since the previous round; with
    show_previous it also shows last round's level, with show_condensed whether the RCC has
    condensed the region's comment (the RCC's drafts: only for those who read them).
    """
    wanted = LEVEL_FILTERS.get(level)
    areas: dict[int, MatrixArea] = {}
    all_areas: dict[int, Area] = {}
    url_starts = [_assessment_url_start(data.round.pk, region) for region in data.regions]
    shown: dict[Level, tuple[str, str, str]] = {}  # level -> (css class, text, label)
    goal_word, no_level = _("mål"), _("ingen bedömning")
    previous = data.previous
    changed_words = {}
    if previous is not None:
        changed_words = {
            "improved": _("högre än %(year)s") % {"year": previous.year},
            "regressed": _("lägre än %(year)s") % {"year": previous.year},
        }
        previous_word = _("%(year)s:") % {"year": previous.year}
    condensed_word = _("kondenserad kommentar finns")
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
        for cell, url_start in zip(cells, url_starts, strict=True):
            if cell.level not in shown:
                shown[cell.level] = (cell.level.css_class, str(cell.level) or "–", cell.level.label)
            cell.css_class, cell.text, cell.label = shown[cell.level]
            if cell.assessment is None:
                cell.spoken = no_level
                continue
            code = cell.region.code
            cell.url = f"{url_start}{goal.pk}/"
            cell.title = f"{code}: {cell.label}"
            if cell.assessment.comment:
                comment = first_words(cell.assessment.comment, 20)
                cell.title += f" – {comment}"
            cell.spoken = f"{code}, {goal_word} {goal.number}: {cell.label}"
            if previous is not None:
                before = data.previous_level(goal, cell.region)
                cell.change = _change(before, cell.level)
                if cell.change:
                    cell.spoken += f", {changed_words[cell.change]}"
                if show_previous:
                    cell.previous = f"{previous.year}: {str(before) or '–'}"
                    cell.spoken += f" ({previous_word} {before.label})"
            if show_condensed and cell.assessment.condensed_comment:
                cell.condensed = True
                cell.spoken += f", {condensed_word}"
        areas.setdefault(goal.area_id, MatrixArea(goal.area)).rows.append(MatrixRow(goal, cells))
    return Matrix(
        regions=data.regions,
        areas=list(areas.values()),
        all_areas=list(all_areas.values()),
        area_filter=area,
        level_filter=level if wanted is not None else "",
        previous_year=previous.year if previous else None,
        show_previous=show_previous and previous is not None,
    )


def _change(before: Level, now: Level) -> str:
    """Whether the level rose or fell: by mean progress of the parts, as the summary counts."""
    if before.progress is None or now.progress is None or before.progress == now.progress:
        return ""
    return "improved" if now.progress > before.progress else "regressed"
