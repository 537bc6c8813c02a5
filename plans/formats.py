"""The plan spreadsheet format: one row per activity, in and out.

A row with an empty "Vad ska göras?" defines a goal without an activity. Rows with the same
Område form one area, in order of first appearance; rows with the same (Område, Mål) share a goal.
Målnummer, Nuläge and Måldelar are optional columns that carry the rest of a goal, so that an
export reads back into an identical plan. Mål i cancerplanen links a local plan's goal to the
goal of its cancer plan that it concretises, by that goal's number. The free-text cells are
kept as written; Tidsram is also read into years, and Vem?/Ansvarig into the bodies they name.
Apps above plans may add columns of their own before Rad-ID and Radversion, which stay the
last two (plans.columns; agreements adds Insats, the initiatives a row carries out).

An XLSX file has the tables on its first sheet ("Tabeller" when exported; import reads the
first sheet whatever its name) and may have a sheet "Kapitel": one row per chapter, in order,
with Nummer, Rubrik, Text (Markdown, as written in the browser) and Placering ("Efter
tabellerna" for a chapter printed after the tables; empty or "Före tabellerna" before them).
CSV carries the tables only.

The abbreviation list (Förkortning, Betydelse) is a second, small format of the plan.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from documents.spreadsheets import Column, Problem, Row, SpreadsheetError
from registry.models import Body

from .columns import extra_columns
from .models import LONG_TEXT, Activity, Area, Chapter, Goal, Plan

PLAN_COLUMNS = [
    Column("Områdesnummer", "area_number"),
    Column("Område", "area", required=True),
    Column("Övergripande mål", "overall_goal"),
    Column("Mål", "goal", required=True),
    Column("Vad ska göras?", "activity"),
    Column("Hur?", "how"),
    Column("Vem?", "who"),
    Column("När?", "when"),
    Column("Uppföljning", "follow_up"),
    Column("Ansvarig", "responsible"),
    Column("Tidsram", "timeframe"),
    Column("Överenskommelse", "agreement"),
    Column("Målnummer", "goal_number"),
    Column("Nuläge", "current_state"),
    Column("Måldelar", "goal_parts"),
    # A local plan's goal: the number of the cancer plan goal it concretises (plans.local_plans).
    Column("Mål i cancerplanen", "parent_goal"),
    # The row's stable key and the versions it was exported at (plans.updates): written by
    # the export, read when a file updates its plan, ignored when a file makes a new plan.
    Column("Rad-ID", "row_id"),
    Column("Radversion", "row_version"),
]
COLUMN_HEADER = {column.alias: column.header for column in PLAN_COLUMNS}


def plan_columns() -> list[Column]:
    """The plan's columns with those other apps add (plans.columns) before the rows' keys."""
    extra = [column.column for column in extra_columns()]
    return [*PLAN_COLUMNS[:-2], *extra, *PLAN_COLUMNS[-2:]]


ABBREVIATION_COLUMNS = [
    Column("Förkortning", "abbreviation", required=True),
    Column("Betydelse", "meaning", required=True),
]

# Row alias -> Activity field, for the columns kept exactly as written.
ACTIVITY_TEXT_FIELDS = {
    "how": "how",
    "who": "who",
    "when": "when",
    "follow_up": "follow_up",
    "responsible": "responsible",
    "timeframe": "timeframe",
}
TABLE_SHEET = "Tabeller"  # an XLSX file's first sheet, which import reads whatever its name
CHAPTER_SHEET = "Kapitel"
CHAPTER_COLUMNS = [
    Column("Nummer", "number"),
    Column("Rubrik", "heading", required=True),
    Column("Text", "text"),
    Column("Placering", "placement"),
]
CHAPTER_HEADER = {column.alias: column.header for column in CHAPTER_COLUMNS}
# What Placering may say (case does not matter); the export writes the first of each.
PLACEMENT_WORDS = {
    Chapter.Placement.BEFORE: ("Före tabellerna", "före", "", "before"),
    Chapter.Placement.AFTER: ("Efter tabellerna", "efter", "after"),
}
AGREEMENT_YES = {"*", "x", "ja"}
AGREEMENT_NO = {"", "nej"}
# "2025", "2022–24", "2024-2025", "Q2 2025", "30/4 2024"; a two-digit end year shares the
# century of the start year.
YEAR_OR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*[–—-]\s*(\d{4}|\d{2}))?(?!\d)")


@dataclass
class ActivityRow:
    row: int
    what: str
    texts: dict[str, str]
    from_agreement: bool


@dataclass
class GoalRow:
    row: int
    text: str
    number: str = ""
    current_state: str = ""
    parts: list[str] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    parent_number: str = ""  # the cancer plan goal it concretises, and the row that says so
    parent_row: int | None = None


@dataclass
class AreaRow:
    row: int
    title: str
    number: str = ""
    overall_goal: str = ""
    goals: dict[str, GoalRow] = field(default_factory=dict)


def parse_plan_rows(rows: list[Row]) -> list[AreaRow]:
    """Group spreadsheet rows into areas, goals and activities, or raise with every problem."""
    areas: dict[str, AreaRow] = {}
    problems: list[Problem] = []

    def problem(row: Row, alias: str, message: str):
        problems.append(Problem(message, row=row.number, column=COLUMN_HEADER[alias]))

    for row in rows:
        title, text, what = row["area"], row["goal"], row["activity"]
        if not title:
            problem(row, "area", _("Området saknas."))
        if not text:
            problem(row, "goal", _("Målet saknas."))
        agreement = row["agreement"].casefold()
        if agreement not in AGREEMENT_YES | AGREEMENT_NO:
            problem(
                row,
                "agreement",
                _(
                    "Okänt värde «%(value)s». Skriv *, x eller ja för en rad från "
                    "överenskommelsen, annars lämna tomt."
                )
                % {"value": row["agreement"]},
            )
        if not what:
            filled = [COLUMN_HEADER[a] for a in ACTIVITY_TEXT_FIELDS if row[a]]
            if agreement in AGREEMENT_YES:
                filled.append(COLUMN_HEADER["agreement"])
            if filled:
                problem(
                    row,
                    "activity",
                    _("Raden har %(columns)s men ingen aktivitet i «Vad ska göras?».")
                    % {"columns": ", ".join(filled)},
                )
        if len(title) > Area._meta.get_field("title").max_length:
            problem(row, "area", _("Områdets namn är för långt (högst 300 tecken)."))
        for alias in ("area_number", "goal_number"):
            if len(row[alias]) > 20:
                problem(row, alias, _("Numret är för långt (högst 20 tecken)."))
        if not title or not text:
            continue

        area = areas.setdefault(title, AreaRow(row=row.number, title=title))
        if row["area_number"]:
            if area.number and area.number != row["area_number"]:
                problem(
                    row,
                    "area_number",
                    _("Området «%(title)s» har redan numret %(number)s.")
                    % {"title": title, "number": area.number},
                )
            area.number = area.number or row["area_number"]
        area.overall_goal = area.overall_goal or row["overall_goal"]

        goal = area.goals.setdefault(text, GoalRow(row=row.number, text=text))
        goal.number = goal.number or row["goal_number"]
        goal.current_state = goal.current_state or row["current_state"]
        if row["parent_goal"] and not goal.parent_number:
            goal.parent_number, goal.parent_row = row["parent_goal"], row.number
        elif row["parent_goal"] and number_key(row["parent_goal"]) != number_key(
            goal.parent_number
        ):
            problem(
                row,
                "parent_goal",
                _("Målet konkretiserar redan mål %(number)s i cancerplanen (rad %(row)s).")
                % {"number": goal.parent_number, "row": goal.parent_row},
            )
        if not goal.parts and row["goal_parts"]:
            goal.parts = split_parts(row["goal_parts"])
            if len(set(goal.parts)) != len(goal.parts):
                problem(row, "goal_parts", _("Samma måldel står två gånger."))
        if what:
            goal.activities.append(
                ActivityRow(
                    row=row.number,
                    what=what,
                    texts={field: row[alias] for alias, field in ACTIVITY_TEXT_FIELDS.items()},
                    from_agreement=agreement in AGREEMENT_YES,
                )
            )

    numbers = [area.number for area in areas.values() if area.number]
    for number in {n for n in numbers if numbers.count(n) > 1}:
        problems.append(
            Problem(
                _("Två områden har numret %(number)s.") % {"number": number},
                column=COLUMN_HEADER["area_number"],
            )
        )
    if problems:
        raise SpreadsheetError(problems)
    return list(areas.values())


def number_key(number: str) -> str:
    """A goal number as compared across files: "2,1" (Swedish Excel) is 2.1, "02" is 2."""
    parts = number.strip().replace(",", ".").split(".")
    return ".".join(str(int(part)) if part.isdecimal() else part for part in parts)


def split_parts(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", "\n").split("\n") if part.strip()]


def parent_goal_number(goal: Goal, plan: Plan) -> str:
    """The number of the cancer plan goal that the goal concretises, if it is a goal of the
    plan's cancer plan (not of one the plan built on before)."""
    parent = goal.parent_goal
    return parent.number if parent and parent.area.plan_id == plan.parent_id else ""


def row_key(goal: Goal, activity: Activity | None) -> str:
    """A plan row's stable key: "A<id>" for an activity, "M<id>" for a goal without one."""
    return f"A{activity.pk}" if activity is not None else f"M{goal.pk}"


def row_version(area: Area, goal: Goal, activity: Activity | None, versions) -> str:
    """The history versions of the row's activity, goal and area at export, "12_34_56" (an
    underscore, so that no spreadsheet program reads it as a number or a date)."""
    ids = [versions.get((Activity, activity.pk), 0) if activity else 0]
    ids += [versions.get((Goal, goal.pk), 0), versions.get((Area, area.pk), 0)]
    return "_".join(str(i) for i in ids)


def plan_rows(
    plan: Plan, versions: dict | None = None, extra: dict[str, dict[int, str]] | None = None
) -> list[list[str]]:
    """The plan as spreadsheet rows; expects a plan fetched with Plan.objects.with_tree().

    `versions` maps (model, id) to the row's latest history id (plans.updates.row_versions),
    written as each row's Radversion; `extra` maps a registered column's alias to its cells by
    activity id (plans.columns).
    """
    versions = versions or {}
    extra = extra or {}
    columns = plan_columns()
    rows = []
    for area in plan.areas.all():
        for goal in area.goals.all():
            goal_cells = {
                "area_number": area.number,
                "area": area.title,
                "overall_goal": area.overall_goal,
                "goal": goal.text,
                "goal_number": goal.number,
                "current_state": goal.current_state,
                "goal_parts": "\n".join(part.name for part in goal.parts.all()),
                "parent_goal": parent_goal_number(goal, plan),
            }
            activities: list[Activity | None] = list(goal.activities.all()) or [None]
            for activity in activities:
                cells = dict(goal_cells)
                cells["row_id"] = row_key(goal, activity)
                cells["row_version"] = row_version(area, goal, activity, versions)
                if activity is not None:
                    cells["activity"] = activity.what
                    cells["agreement"] = "*" if activity.from_agreement else ""
                    for alias, field_name in ACTIVITY_TEXT_FIELDS.items():
                        cells[alias] = getattr(activity, field_name)
                    for alias, texts in extra.items():
                        cells[alias] = texts.get(activity.pk, "")
                rows.append([cells.get(column.alias, "") for column in columns])
    return rows


def parse_timeframe(text: str) -> tuple[int | None, int | None]:
    """The first and last year a timeframe names, or (None, None) for e.g. "Löpande"."""
    years: list[int] = []
    for match in YEAR_OR_RANGE.finditer(text):
        start = int(match.group(1))
        years.append(start)
        if end := match.group(2):
            end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            if end_year >= start:
                years.append(end_year)
    if not years:
        return None, None
    return min(years), max(years)


def bodies_named_in(text: str, bodies: Iterable[Body]) -> list[Body]:
    """The bodies whose abbreviation (as a word, case-sensitive) or full name occur in text."""
    found = []
    for body in bodies:
        by_abbreviation = re.search(rf"(?<!\w){re.escape(body.abbreviation)}(?!\w)", text)
        by_name = re.search(rf"(?<!\w){re.escape(body.name)}(?!\w)", text, re.IGNORECASE)
        if by_abbreviation or by_name:
            found.append(body)
    return found


# A plan's chapters as one Markdown file (fixtures/plans/*-kapitel.md): each chapter starts
# with "# [number] heading"; a first line "placering: efter" puts it after the tables; the rest
# is its text, in the Markdown subset of documents.markdown (its subheadings are "###").
CHAPTER_HEADING = re.compile(r"^# (?:(\d+(?:\.\d+)*)\.?\s+)?(\S.*?)\s*$")
AFTER_THE_TABLES = "placering: efter"


@dataclass
class ChapterText:
    heading: str
    number: str = ""
    after_tables: bool = False
    lines: list[str] = field(default_factory=list)
    row: int | None = None  # the chapter's row in a Kapitel sheet, for its problems

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def parse_chapters(markdown: str) -> list[ChapterText]:
    """The chapters of a chapter file, in order; text before the first heading is an error."""
    chapters: list[ChapterText] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        if heading := CHAPTER_HEADING.match(line):
            chapters.append(ChapterText(heading=heading[2], number=heading[1] or ""))
        elif not chapters:
            if line.strip():
                raise SpreadsheetError(
                    [Problem(_("Texten ska börja med en kapitelrubrik: «# Rubrik»."), row=number)]
                )
        elif line.strip() == AFTER_THE_TABLES and not "".join(chapters[-1].lines).strip():
            chapters[-1].after_tables = True
        else:
            chapters[-1].lines.append(line)
    return chapters


def chapter_rows(chapters: Iterable[Chapter]) -> list[list[str]]:
    """The plan's chapters as rows of the Kapitel sheet, in the order given."""
    return [
        [
            chapter.number,
            chapter.heading,
            chapter.text,
            PLACEMENT_WORDS[chapter.placement][0],
        ]
        for chapter in chapters
    ]


def parse_chapter_rows(rows: list[Row]) -> list[ChapterText]:
    """The chapters of a Kapitel sheet, in order, or SpreadsheetError with every problem."""
    placements = {
        word.casefold(): placement for placement, words in PLACEMENT_WORDS.items() for word in words
    }
    limits = {
        "number": Chapter._meta.get_field("number").max_length,
        "heading": Chapter._meta.get_field("heading").max_length,
        "text": LONG_TEXT,
    }
    chapters: list[ChapterText] = []
    problems: list[Problem] = []

    def problem(row: Row, alias: str, message: str):
        problems.append(
            Problem(message, row=row.number, column=CHAPTER_HEADER[alias], sheet=CHAPTER_SHEET)
        )

    for row in rows:
        if not row["heading"]:
            problem(row, "heading", _("Kapitlet saknar rubrik."))
        for alias, limit in limits.items():
            if len(row[alias]) > limit:
                problem(
                    row,
                    alias,
                    _("Texten är för lång (%(length)s tecken; högst %(limit)s).")
                    % {"length": _thousands(len(row[alias])), "limit": _thousands(limit)},
                )
        placement = placements.get(row["placement"].casefold())
        if placement is None:
            problem(
                row,
                "placement",
                _(
                    "Okänd placering «%(value)s». Skriv «Före tabellerna» eller «Efter "
                    "tabellerna», eller lämna tomt."
                )
                % {"value": row["placement"]},
            )
        chapters.append(
            ChapterText(
                heading=row["heading"],
                number=row["number"],
                after_tables=placement == Chapter.Placement.AFTER,
                lines=[row["text"]],
                row=row.number,
            )
        )
    if problems:
        raise SpreadsheetError(problems)
    return chapters


def _thousands(number: int) -> str:
    """A count as Swedish writes it: 20 000."""
    return f"{number:,}".replace(",", "\u00a0")
