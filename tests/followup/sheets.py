"""Follow-up spreadsheets as tables, to write the files people make by hand."""

import csv
import io

from openpyxl import Workbook

from followup.models import FollowUpRound
from followup.services import followup_export, followup_import
from tests.conftest import NORR

Table = tuple[list[str], list[list[str]]]


def table_of(round: FollowUpRound) -> Table:
    """A round's export as headers and rows."""
    text = followup_export(round=round, fmt="csv").decode("utf-8-sig")
    headers, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return headers, rows


def csv_bytes(
    table: Table, *, delimiter: str = ";", encoding: str = "utf-8-sig", lineterminator="\r\n"
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    headers, rows = table
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(table: Table, cells: dict[str, str] | None = None) -> bytes:
    """The table as a workbook made with openpyxl; cells (e.g. {"C2": '="U"'}) are set after,
    as written, so that a text beginning with "=" becomes a formula without a cached value."""
    workbook = Workbook()
    sheet = workbook.active
    headers, rows = table
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for reference, value in (cells or {}).items():
        sheet[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def without(table: Table, *names: str) -> Table:
    headers, rows = table
    keep = [i for i, header in enumerate(headers) if header not in names]
    assert len(keep) == len(headers) - len(names), names
    return [headers[i] for i in keep], [[row[i] for i in keep] for row in rows]


def column(table: Table, name: str) -> int:
    return table[0].index(name)


def with_cell(table: Table, row: int, name: str, value: str) -> Table:
    """A copy with one cell changed; row counts the data rows from 0."""
    headers, rows = table
    rows = [list(r) for r in rows]
    rows[row][headers.index(name)] = value
    return list(headers), rows


def fill(round: FollowUpRound, source: FollowUpRound) -> FollowUpRound:
    """Give a round the levels and comments of another, as an import does."""
    followup_import(
        content=followup_export(round=source, fmt="csv"),
        filename="fill.csv",
        plan_slug=NORR,
        year=round.year,
        user=None,
    )
    return round
