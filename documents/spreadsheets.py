"""Spreadsheets as people really save them, in and out.

Reading accepts XLSX (the first sheet, or one named) and CSV in UTF-8 (with or without BOM),
UTF-16 or Windows-1252, separated by commas, semicolons or tabs. Headers are matched
case-insensitively, ignoring surrounding spaces and a trailing "?". Writing goes through tablib;
CSV is written the way Swedish Excel reads it (UTF-8 with BOM, semicolons).

Cells that begin with = + - @ are neutralised on the way out with a leading apostrophe, so a
spreadsheet program never runs them as formulas; reading removes that apostrophe again, so an
export reads back exactly.

Reading refuses, rather than guesses: a cell that holds a formula (its value is whatever the
program last computed, or nothing when no program ever did), a column named twice, a value
under no heading, and a CSV file that mixes UTF-8 with Windows-1252.

An XLSX file may carry more sheets than the first (a plan's chapters beside its tables):
write_rows writes them after the first, read_rows reads one by its name, and the problems found
in it say which sheet they are on.
"""

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

FORMULA_TRIGGERS = ("=", "+", "-", "@")
# What one file may hold: a national plan is some 3,000 rows (300 goals × their activities)
# and well under a megabyte; the limits leave room for ten times that, and no more.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
DELIMITERS = (",", ";", "\t")
# What UTF-8 makes of Å, Ä, Ö, é … (C3 xx) and of dashes and quotes (E2 80 xx); in a file that
# is not UTF-8 as a whole, these mean that parts of it are.
UTF8_SEQUENCE = re.compile(rb"\xc3[\x80-\xbf]|\xe2\x80[\x80-\xbf]")


@dataclass(frozen=True)
class Column:
    header: str  # as written on export, e.g. "Vad ska göras?"
    alias: str  # the English alias, also the key of a row's values
    required: bool = False

    def names(self) -> set[str]:
        return {normalise_header(self.header), normalise_header(self.alias)}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file; row is the spreadsheet's own row number (header = 1)."""

    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None  # an XLSX sheet other than the first, by its name

    def __str__(self):
        where = []
        if self.sheet:
            where.append(_("bladet %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("rad %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolumn %(column)s") % {"column": self.column})
        if not where:
            return self.message
        where_text = ", ".join(where)
        return f"{where_text[0].upper()}{where_text[1:]}: {self.message}"


class SpreadsheetError(Exception):
    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        """Every problem on a line of its own, for a command's error message."""
        return "Ingenting importerades:\n" + "\n".join(f"  {p}" for p in self.problems)


@dataclass(frozen=True)
class Sheet:
    """A further sheet of an XLSX file: its name, headers and rows."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class Formula:
    """An XLSX cell that holds a formula rather than a value."""

    text: str


@dataclass
class Row:
    """A row's cells, with a key for every column of the file ("" where the cell is empty);
    a column the file does not have has no key."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # cells under headers not in the format

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


def normalise_header(text: str) -> str:
    text = " ".join(str(text).split()).casefold()
    return text.rstrip("*?").strip()


def neutralise(text: str) -> str:
    if text.startswith(FORMULA_TRIGGERS) or text.startswith("'"):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    if text.startswith("'") and text[1:2] in (*FORMULA_TRIGGERS, "'"):
        return text[1:]
    return text


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return unneutralise(text)


def read_rows(
    content: bytes,
    filename: str,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    empty_ok: bool = False,
) -> list[Row]:
    """Parse a file into rows keyed by column alias, or raise SpreadsheetError.

    `sheet` names the XLSX sheet to read instead of the first; its problems name it. With
    `empty_ok` a file (or sheet) without rows, or with only its header row, gives no rows
    rather than an error.
    """
    try:
        return _read_rows(content, filename, columns, sheet=sheet, empty_ok=empty_ok)
    except SpreadsheetError as exc:
        if sheet is None:
            raise
        raise SpreadsheetError([replace(p, sheet=sheet) for p in exc.problems]) from None


def sheet_names(content: bytes) -> list[str]:
    """The names of an XLSX file's sheets, in order; none for any other file."""
    if not content.startswith(b"PK\x03\x04"):
        return []
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return []
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _read_rows(
    content: bytes, filename: str, columns: Sequence[Column], *, sheet: str | None, empty_ok: bool
) -> list[Row]:
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetError(
            [
                Problem(
                    _("Filen är för stor (%(size)s MB); den får vara högst %(limit)s MB.")
                    % {
                        "size": f"{len(content) / 1024 / 1024:.1f}".replace(".", ","),
                        "limit": MAX_FILE_BYTES // 1024 // 1024,
                    }
                )
            ]
        )
    grid = _read_grid(content, filename, columns, sheet=sheet)
    filled = sum(1 for row in grid if any(map(_is_filled, row)))
    if filled > MAX_ROWS + 1:  # the header row and MAX_ROWS rows under it
        raise SpreadsheetError(
            [
                Problem(
                    _("Filen har %(rows)s rader; högst %(limit)s rader läses in åt gången.")
                    % {"rows": _thousands(filled - 1), "limit": _thousands(MAX_ROWS)}
                )
            ]
        )
    header_index = next((i for i, row in enumerate(grid) if any(map(_is_filled, row))), None)
    if header_index is None and empty_ok:
        return []
    if header_index is None:
        raise SpreadsheetError([Problem(_("Filen är tom."))])

    headers = ["" if isinstance(cell, Formula) else cell_text(cell) for cell in grid[header_index]]
    formulas = _formula_problems(grid, headers)
    if formulas:
        raise SpreadsheetError(formulas)
    keys, problems = _match_headers(headers, columns)
    if problems:
        raise SpreadsheetError(problems)

    rows = []
    for index in range(header_index + 1, len(grid)):
        cells = [cell_text(cell) for cell in grid[index]]
        if not any(cells):
            continue
        row = Row(number=index + 1)
        for position in range(max(len(keys), len(cells))):
            key = keys[position] if position < len(keys) else None
            text = cells[position] if position < len(cells) else ""
            if key is None:
                if text:
                    problems.append(
                        Problem(
                            _("Värde i en kolumn som saknar rubrik."),
                            row=row.number,
                            column=get_column_letter(position + 1),
                        )
                    )
            elif key.startswith("extra:"):
                row.extra[key.removeprefix("extra:")] = text
            else:
                row.values[key] = text
        rows.append(row)
    if problems:
        raise SpreadsheetError(problems)
    if not rows and not empty_ok:
        raise SpreadsheetError([Problem(_("Filen har inga rader under rubrikraden."))])
    return rows


def write_rows(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str],
    fmt: str,
    *,
    title: str | None = None,
    more_sheets: Sequence[Sheet] = (),
) -> bytes:
    """The rows as CSV or XLSX; an XLSX file's first sheet gets `title` (tablib's own name
    without one) and `more_sheets` follow it (CSV has the first only)."""
    dataset = _dataset(rows, headers, title=title)
    if fmt == "csv":
        return ("\ufeff" + dataset.export("csv", delimiter=";")).encode("utf-8")
    if fmt == "xlsx" and not more_sheets:
        return dataset.export("xlsx", column_width=40)
    if fmt == "xlsx":
        sheets = [_dataset(sheet.rows, sheet.headers, title=sheet.title) for sheet in more_sheets]
        return tablib.Databook([dataset, *sheets]).export("xlsx", column_width=40)
    raise ValueError(f"Unknown format {fmt!r}")


def _dataset(rows, headers, title: str | None = None) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(headers), title=title)
    for row in rows:
        dataset.append([neutralise(str(value)) for value in row])
    return dataset


def format_for(filename: str) -> str:
    """The export format named by a file's extension."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in {"csv", "xlsx"}:
        raise ValueError(_("Ange en fil som slutar på .csv eller .xlsx."))
    return suffix


def _is_filled(cell) -> bool:
    return isinstance(cell, Formula) or bool(cell_text(cell))


def _formula_problems(grid: list[list], headers: list[str]) -> list[Problem]:
    problems = []
    for index, row in enumerate(grid):
        for position, cell in enumerate(row):
            if isinstance(cell, Formula):
                header = headers[position] if position < len(headers) else ""
                text = cell.text if len(cell.text) <= 40 else cell.text[:39] + "…"
                problems.append(
                    Problem(
                        _(
                            "Cellen innehåller formeln «%(formula)s». Skriv in värdet i stället "
                            "för formeln."
                        )
                        % {"formula": text},
                        row=index + 1,
                        column=header or get_column_letter(position + 1),
                    )
                )
    return problems


def _match_headers(headers: list[str], columns: Sequence[Column]):
    by_name = {name: column for column in columns for name in column.names()}
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    seen_extra: dict[str, str] = {}
    problems = []
    for header in headers:
        if not header:
            keys.append(None)
            continue
        column = by_name.get(normalise_header(header))
        if column is None:
            name = normalise_header(header)
            if name in seen_extra:
                problems.append(
                    Problem(
                        _("Kolumnen finns två gånger (%(a)s och %(b)s).")
                        % {"a": seen_extra[name], "b": header},
                        column=header,
                    )
                )
            seen_extra.setdefault(name, header)
            keys.append("extra:" + header)
            continue
        if column.alias in seen:
            problems.append(
                Problem(
                    _("Kolumnen finns två gånger (%(a)s och %(b)s).")
                    % {"a": seen[column.alias], "b": header},
                    column=column.header,
                )
            )
        seen[column.alias] = header
        keys.append(column.alias)
    missing = [c.header for c in columns if c.required and c.alias not in seen]
    for header in missing:
        problems.append(Problem(_("Obligatorisk kolumn saknas."), column=header))
    return keys, problems


def _read_grid(
    content: bytes, filename: str, columns: Sequence[Column], *, sheet: str | None = None
) -> list[list]:
    if not content or not content.strip():
        raise SpreadsheetError([Problem(_("Filen är tom."))])
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, sheet=sheet)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            [
                Problem(
                    _("Det gamla Excel-formatet (.xls) stöds inte. Spara filen som XLSX eller CSV.")
                )
            ]
        )
    return _read_csv(_decode(content), columns)


def _read_xlsx(content: bytes, *, sheet: str | None = None) -> list[list]:
    try:
        # Not data_only: a formula must be seen as one, not as its cached value or a blank.
        workbook = load_workbook(io.BytesIO(content), read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SpreadsheetError(
            [
                Problem(
                    _(
                        "Filen kunde inte läsas som ett XLSX-kalkylblad. "
                        "Spara den som XLSX eller CSV."
                    )
                )
            ]
        ) from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError([Problem(_("Kalkylbladet är tomt."))])
        if sheet is not None and sheet not in workbook.sheetnames:
            raise SpreadsheetError([Problem(_("Filen har inget sådant blad."))])
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        return [
            [_formula(cell.value) if cell.data_type == "f" else cell.value for cell in row]
            for row in worksheet.iter_rows()
        ]
    finally:
        workbook.close()


def _formula(value) -> Formula:
    # An array formula's value is an object holding its text; a plain one's is the text.
    return Formula(str(getattr(value, "text", value) or ""))


def _decode(content: bytes) -> str:
    not_a_spreadsheet = SpreadsheetError(
        [Problem(_("Filen är inte ett kalkylblad. Använd XLSX eller CSV."))]
    )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise not_a_spreadsheet from None
    if b"\x00" in content:
        raise not_a_spreadsheet
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if UTF8_SEQUENCE.search(content):
        raise SpreadsheetError(
            [
                Problem(
                    _(
                        "Filen blandar teckenkodningar: en del är UTF-8, en del inte. "
                        "Spara den på nytt som CSV UTF-8 eller XLSX."
                    )
                )
            ]
        )
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        raise not_a_spreadsheet from None
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise not_a_spreadsheet
    return text


def _read_csv(text: str, columns: Sequence[Column]) -> list[list[str]]:
    """Parse with the delimiter under which the header row names the most known columns."""
    known = {name for column in columns for name in column.names()}
    first_line = next((line for line in text.splitlines() if line.strip()), "")

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(normalise_header(c) in known for c in cells), len(cells)

    delimiter = max(DELIMITERS, key=score)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SpreadsheetError([Problem(_("Filen kunde inte läsas som CSV: %s") % exc)]) from None


def _thousands(number: int) -> str:
    """A count as Swedish writes it: 20 000."""
    return f"{number:,}".replace(",", "\u00a0")
