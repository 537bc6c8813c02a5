"""The follow-up spreadsheet format: one row per goal, a level and a comment column per region.

Columns: Område, Mål, then for each participating region its level under its code ("RJH") and
its comment under "Kommentar RJH", then "Kommentar RCC". Where the RCC has condensed a region's
comment, "Kondenserad RJH" columns follow, so that an export reads back exactly.

A column the file does not have leaves what it would hold unchanged; an empty cell in a column
it has clears the value. A column named twice, or a region that does not take part in the round,
is refused.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from documents.spreadsheets import Column, Problem, Row, SpreadsheetError, normalise_header
from plans.models import Goal
from registry.models import Region

from .levels import Level
from .models import COMMENT_TEXT
from .selectors import RoundData

BASE_COLUMNS = [
    Column("Område", "area", required=True),
    Column("Mål", "goal", required=True),
    Column("Kommentar RCC", "rcc_comment"),
]
COMMENT_PREFIX = "kommentar "
CONDENSED_PREFIX = "kondenserad "


@dataclass
class RegionColumns:
    region: Region
    level: str | None = None  # the header as written in the file
    comment: str | None = None
    condensed: str | None = None


@dataclass
class GoalAssessments:
    """One row's values: None where the file has no such column (keep what is stored), "" where
    the cell is empty (clear it)."""

    goal: Goal
    rcc_comment: str | None
    # region id -> (level, comment, condensed comment)
    by_region: dict[int, tuple[str, str | None, str | None]]


def headers_for(regions: list[Region], with_condensed: bool) -> list[str]:
    headers = ["Område", "Mål"]
    for region in regions:
        headers += [region.code, f"Kommentar {region.code}"]
    headers.append("Kommentar RCC")
    if with_condensed:
        headers += [f"Kondenserad {region.code}" for region in regions]
    return headers


def match_region_columns(headers: list[str], regions: list[Region]) -> dict[int, RegionColumns]:
    """Find each region's columns among the file's extra headers.

    A header naming no region of the round, or naming a column twice, is a problem.
    """
    by_code = {normalise_header(region.code): region for region in regions}
    columns: dict[int, RegionColumns] = {}
    problems = []
    unknown: list[tuple[str, str]] = []
    for header in headers:
        name = normalise_header(header)
        kind = "level"
        for prefix, prefix_kind in ((COMMENT_PREFIX, "comment"), (CONDENSED_PREFIX, "condensed")):
            if name.startswith(prefix):
                name, kind = name.removeprefix(prefix).strip(), prefix_kind
                break
        region = by_code.get(name)
        if region is None:
            unknown.append((header, name))
            continue
        entry = columns.setdefault(region.pk, RegionColumns(region))
        if getattr(entry, kind) is not None:
            problems.append(
                Problem(
                    _("Kolumnen finns två gånger (%(a)s och %(b)s).")
                    % {"a": getattr(entry, kind), "b": header},
                    column=header,
                )
            )
            continue
        setattr(entry, kind, header)
    problems += _unknown_region_problems(unknown, regions)
    for entry in columns.values():
        if entry.level is None:
            problems.append(
                Problem(_("Nivåkolumnen saknas för regionen."), column=entry.region.code)
            )
    if not columns and not problems:
        problems.append(Problem(_("Filen har ingen kolumn för någon region.")))
    if problems:
        raise SpreadsheetError(problems)
    return columns


def _unknown_region_problems(
    unknown: list[tuple[str, str]], regions: list[Region]
) -> list[Problem]:
    """Tell a region that exists but does not take part from a header that names none."""
    if not unknown:
        return []
    existing = {normalise_header(code) for code in Region.objects.values_list("code", flat=True)}
    codes = ", ".join(r.code for r in regions)
    problems = []
    for header, name in unknown:
        if name in existing:
            message = _(
                "Regionen %(code)s deltar inte i omgången. Omgångens regioner är %(codes)s."
            )
        else:
            message = _("Okänd region «%(code)s». Omgångens regioner är %(codes)s.")
        problems.append(Problem(message % {"code": name.upper(), "codes": codes}, column=header))
    return problems


def parse_followup_rows(
    rows: list[Row], goals: list[Goal], regions: list[Region]
) -> list[GoalAssessments]:
    """Match rows to the plan's goals and read the levels, or raise with every problem."""
    headers = list(dict.fromkeys(header for row in rows for header in row.extra))
    columns = match_region_columns(headers, regions)
    goal_by_key = {(goal.area.title.strip(), goal.text.strip()): goal for goal in goals}
    seen: dict[int, int] = {}
    problems: list[Problem] = []
    result = []
    for row in rows:
        goal = goal_by_key.get((row["area"], row["goal"]))
        if goal is None:
            problems.append(
                Problem(
                    _("Målet finns inte i planen under området «%(area)s».")
                    % {"area": row["area"]},
                    row=row.number,
                    column="Mål",
                )
            )
            continue
        if goal.pk in seen:
            problems.append(
                Problem(
                    _("Målet står redan på rad %(row)s.") % {"row": seen[goal.pk]},
                    row=row.number,
                    column="Mål",
                )
            )
            continue
        seen[goal.pk] = row.number
        by_region = {}
        for region_id, entry in columns.items():
            text = row.extra.get(entry.level, "")
            try:
                level = str(Level.parse(text))
            except ValueError:
                problems.append(
                    Problem(
                        _(
                            "Okänd nivå «%(level)s». Skriv U, P, E, en sammansatt nivå som P/U, "
                            "en osäker nivå som P? eller lämna tomt."
                        )
                        % {"level": text},
                        row=row.number,
                        column=entry.level,
                    )
                )
                continue
            comment = row.extra.get(entry.comment, "") if entry.comment else None
            condensed = row.extra.get(entry.condensed, "") if entry.condensed else None
            for header, text in ((entry.comment, comment), (entry.condensed, condensed)):
                problems += _too_long(text, row=row.number, column=header)
            by_region[region_id] = (level, comment, condensed)
        rcc_comment = row.values.get("rcc_comment")
        problems += _too_long(rcc_comment, row=row.number, column="Kommentar RCC")
        result.append(GoalAssessments(goal, rcc_comment, by_region))
    if problems:
        raise SpreadsheetError(problems)
    return result


def _too_long(text: str | None, *, row: int, column: str | None) -> list[Problem]:
    if text is None or len(text) <= COMMENT_TEXT:
        return []
    message = _("Kommentaren har %(length)s tecken; den får ha högst %(limit)s.") % {
        "length": len(text),
        "limit": COMMENT_TEXT,
    }
    return [Problem(message, row=row, column=column)]


def followup_rows(data: RoundData) -> tuple[list[str], list[list[str]]]:
    """The round as spreadsheet headers and rows, from data read with round_data."""
    with_condensed = any(a.condensed_comment for a in data.assessments.values())
    rows = []
    for goal in data.goals:
        row = [goal.area.title, goal.text]
        for region in data.regions:
            assessment = data.assessment(goal, region)
            row += [assessment.level, assessment.comment] if assessment else ["", ""]
        rcc_comment = data.rcc_comments.get(goal.pk)
        row.append(rcc_comment.text if rcc_comment else "")
        if with_condensed:
            for region in data.regions:
                assessment = data.assessment(goal, region)
                row.append(assessment.condensed_comment if assessment else "")
        rows.append(row)
    return headers_for(data.regions, with_condensed), rows
