"""Columns of the plan spreadsheet that apps above plans add (agreements' Insats), without
plans knowing them.

An app registers an ExtraColumn in its AppConfig.ready(). The export writes it after the plan's
own columns and before Rad-ID and Radversion, which stay the last two. Import (a new plan) and
update (a plan from its file) read it when the file has it:

- `validate(plan, {file row: cell})` gives a message for each row whose cell cannot be taken;
  those are the file's problems like any other, and nothing is written;
- `apply(plan, {activity id: cell}, user)` writes the cells inside the import's or update's
  transaction, after the rows exist;
- a file without the column leaves what it holds unchanged; an empty cell in a file that has
  the column says the row has none;
- `refusal(plan, user)` gives a message when the user may not change what the column holds
  in the plan (the file of someone who changes the rest of the plan, say): each row whose
  cell would change it is then a problem, and a cell as exported is not.

With nothing registered, the plan spreadsheet is exactly the plans app's own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from documents.spreadsheets import Column, Problem, Row


@dataclass(frozen=True)
class ExtraColumn:
    header: str  # as exported and read, e.g. "Insats"
    alias: str  # the key of a row's value; must not be one of plans.formats.PLAN_COLUMNS'
    export: Callable  # (plan) -> {activity id: cell text}, in a fixed number of queries
    validate: Callable  # (plan, {file row: cell text}) -> {file row: message}
    apply: Callable  # (plan, {activity id: cell text}, user) -> None
    same: Callable = lambda stored, wanted: stored == wanted  # (exported, read) -> no change
    refusal: Callable = lambda plan, user: None  # (plan, user) -> why they may not, or None

    @property
    def column(self) -> Column:
        return Column(self.header, self.alias)


_registry: dict[str, ExtraColumn] = {}


def register_column(column: ExtraColumn) -> None:
    """Add a column to the plan spreadsheet (from an AppConfig.ready()); again is a no-op."""
    _registry[column.alias] = column


def extra_columns() -> list[ExtraColumn]:
    """The registered columns, in the order they were registered."""
    return list(_registry.values())


def present(rows: list[Row]) -> list[ExtraColumn]:
    """The registered columns the file has (every row has a key for each of its columns)."""
    if not rows:
        return []
    return [column for column in extra_columns() if column.alias in rows[0].values]


def cell_problems(
    plan, rows: list[Row], activity_rows: set[int], *, user, changed=None
) -> list[Problem]:
    """The problems of the registered columns' cells: a cell on a row without an activity,
    what each column's validate() refuses and each change of a column the user may not change
    (user=None: a command run by the operator, which may change everything). `changed` is,
    per column alias, the file rows whose cell changes what the plan holds (a plan's update
    knows them); without it every filled cell is a change (a new plan)."""
    problems = []
    for column in present(rows):
        cells = {}
        for row in rows:
            if row.number in activity_rows:
                cells[row.number] = row[column.alias]
            elif row[column.alias]:
                problems.append(
                    Problem(
                        _("Raden har %(column)s men ingen aktivitet i «Vad ska göras?».")
                        % {"column": column.header},
                        row=row.number,
                        column=column.header,
                    )
                )
        for number, message in column.validate(plan, cells).items():
            problems.append(Problem(message, row=number, column=column.header))
        refusal = column.refusal(plan, user) if user is not None else None
        if refusal:
            rows_changed = (
                changed[column.alias]
                if changed is not None
                else {number for number, cell in cells.items() if cell}
            )
            problems += [Problem(refusal, row=n, column=column.header) for n in rows_changed]
    return sorted(problems, key=lambda problem: problem.row or 0)


def apply_cells(plan, rows: list[Row], activity_of_row: dict, user, *, changed=None) -> None:
    """Write the registered columns' cells of the rows that are activities (file row number ->
    the saved activity's id); with `changed` (as for cell_problems), only the cells that change
    what the plan holds, so that a cell as exported never writes back what someone changed
    since it was read."""
    for column in present(rows):
        cells = {
            activity_of_row[row.number]: row[column.alias]
            for row in rows
            if row.number in activity_of_row
            and (changed is None or row.number in changed[column.alias])
        }
        if cells:
            column.apply(plan, cells, user)
