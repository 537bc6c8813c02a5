"""A corpus of the files people really send: each either imports exactly what it says or
writes nothing, and import_followup answers with a message, never a traceback."""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from followup.levels import Level
from followup.models import Assessment, FollowUpRound, RccComment
from followup.services import region_report_submit
from plans.models import Goal, Plan
from tests.conftest import NORR

from .sheets import Table, column, csv_bytes, table_of, with_cell, without, xlsx_bytes

BASE = {"Område", "Mål"}


@dataclass
class Case:
    name: str
    make: Callable[[Table], bytes]  # the file, from the open round's table with some edits
    accepted: bool
    filename: str = "f.csv"
    year: str = "2024"
    options: list[str] = field(default_factory=list)
    table: Callable[[Table], Table] = lambda table: table  # what the file says, as a table
    submitted: tuple[str, ...] = ()  # regions whose reports are submitted first


def edited(table: Table) -> Table:
    """The open round's table with changes in levels, comments and the RCC's comments."""
    table = with_cell(table, 0, "RJH", "E")
    table = with_cell(table, 1, "Kommentar RN", 'Ny kommentar; med semikolon, och "citat".')
    table = with_cell(table, 2, "RV", "P/U?")
    table = with_cell(table, 3, "Kommentar RCC", "RCC har skrivit om detta.")
    return with_cell(table, 4, "Kommentar RVN", "Rad ett\nrad två")


def same(transform):
    """A case whose file is its table written as UTF-8 CSV."""
    return lambda table: csv_bytes(transform(table))


def duplicate(name: str, as_written: str | None = None):
    def transform(table: Table) -> Table:
        headers, rows = table
        at = headers.index(name)
        return headers + [as_written or name], [row + [row[at]] for row in rows]

    return transform


def add_column(header: str, value: str, row: int | None = None):
    def transform(table: Table) -> Table:
        headers, rows = table
        return headers + [header], [
            r + [value if row is None or i == row else ""] for i, r in enumerate(rows)
        ]

    return transform


def cell_reference(table: Table, name: str, row: int = 0) -> str:
    return "ABCDEFGHIJKLMNOP"[column(table, name)] + str(row + 2)


def mixed_encodings(table: Table) -> bytes:
    table = with_cell(table, 0, "Kommentar RJH", "Åtgärder på gång")
    return csv_bytes(table).replace("Åtgärder på".encode(), "Åtgärder på".encode("cp1252"))


def cut_in_a_character(table: Table) -> bytes:
    """A UTF-8 file that ends half-way through an "å", as a broken transfer leaves it."""
    content = csv_bytes(with_cell(table, 42, "Kommentar RCC", "på"))
    return content[: content.rindex("på".encode()) + 2]


def reordered(table: Table) -> Table:
    headers, rows = table
    order = list(reversed(range(len(headers))))
    return [headers[i] for i in order], [[row[i] for i in order] for row in reversed(rows)]


def cleared(table: Table) -> Table:
    for name in ("RJH", "Kommentar RJH", "Kommentar RCC"):
        for row in range(3):
            table = with_cell(table, row, name, "")
    return table


def short_rows(table: Table) -> Table:
    """CSV rows that end early: the missing cells are empty cells of present columns."""
    headers, rows = table
    return headers, [rows[0][:3], *rows[1:]]


def rows_only(count: int):
    return lambda table: (table[0], table[1][:count])


def goal_twice(table: Table) -> Table:
    return table[0], table[1] + [table[1][0]]


def unknown_goal(table: Table) -> Table:
    return with_cell(table, 5, "Mål", "Ett mål som inte finns i planen.")


def levels(*values: str):
    def transform(table: Table) -> Table:
        for row, value in enumerate(values):
            table = with_cell(table, row, "RN", value)
        return table

    return transform


CASES = [
    # Accepted: what the file has changes, what it lacks stays.
    Case("utf-8-bom-semicolons", same(edited), True, table=edited),
    Case(
        "utf-8-commas",
        lambda t: csv_bytes(edited(t), delimiter=",", encoding="utf-8"),
        True,
        table=edited,
    ),
    Case(
        "cp1252",
        lambda t: csv_bytes(edited(t), encoding="cp1252", lineterminator="\n"),
        True,
        table=edited,
    ),
    Case(
        "utf-16-tabs",
        lambda t: csv_bytes(edited(t), delimiter="\t", encoding="utf-16"),
        True,
        table=edited,
    ),
    Case(
        "utf-16-be",
        lambda t: b"\xfe\xff" + csv_bytes(edited(t), encoding="utf-16-be"),
        True,
        table=edited,
    ),
    Case("xlsx", lambda t: xlsx_bytes(edited(t)), True, filename="f.xlsx", table=edited),
    *(
        Case(
            f"without-{name}",
            same(lambda t, n=name: without(edited(t), n)),
            True,
            table=lambda t, n=name: without(edited(t), n),
        )
        for name in ("Kommentar RJH", "Kommentar RCC", "Kommentar RN")
    ),
    Case(
        "without-every-comment",
        same(lambda t: without(edited(t), *[h for h in t[0] if h.startswith("Kommentar")])),
        True,
        table=lambda t: without(edited(t), *[h for h in t[0] if h.startswith("Kommentar")]),
    ),
    Case(
        "without-a-region",
        same(lambda t: without(edited(t), "RN", "Kommentar RN", "Kondenserad RN")),
        True,
        table=lambda t: without(edited(t), "RN", "Kommentar RN", "Kondenserad RN"),
    ),
    Case(
        "reordered",
        same(lambda t: reordered(edited(t))),
        True,
        table=lambda t: reordered(edited(t)),
    ),
    Case(
        "some-rows",
        same(lambda t: rows_only(5)(edited(t))),
        True,
        table=lambda t: rows_only(5)(edited(t)),
    ),
    Case("cleared-cells", same(cleared), True, table=cleared),
    Case("short-rows", same(short_rows), True, table=short_rows),
    Case(
        "levels-as-words",
        same(levels("Uppnått", "pågående", "ej påbörjat arbete", "u/p", "E?", " P ")),
        True,
        table=levels("Uppnått", "pågående", "ej påbörjat arbete", "u/p", "E?", " P "),
    ),
    Case(
        "a-past-year-without-a-round",
        same(edited),
        True,
        year="2019",
        table=edited,
    ),
    Case(
        "submitted-included",
        same(edited),
        True,
        options=["--include-submitted"],
        submitted=("RJH",),
        table=edited,
    ),
    Case(
        "submitted-unchanged",
        same(lambda t: with_cell(t, 1, "RN", "E")),
        True,
        submitted=("RJH",),
        table=lambda t: with_cell(t, 1, "RN", "E"),
    ),
    # Refused: nothing is written.
    Case("submitted", same(edited), False, submitted=("RJH",)),
    Case("without-level-column", same(lambda t: without(t, "RJH")), False),
    Case("without-goal-column", same(lambda t: without(t, "Mål")), False),
    Case("without-area-column", same(lambda t: without(t, "Område")), False),
    Case("duplicate-level", same(duplicate("RJH")), False),
    Case("duplicate-level-spelt-otherwise", same(duplicate("RJH", " rjh? ")), False),
    Case("duplicate-comment", same(duplicate("Kommentar RN")), False),
    Case("duplicate-rcc-comment", same(duplicate("Kommentar RCC")), False),
    Case("duplicate-goal-column", same(duplicate("Mål")), False),
    Case("unknown-column", same(add_column("Anteckning", "x")), False),
    Case("region-of-another-rcc", same(add_column("RS", "U")), False),
    Case("value-under-no-heading", same(add_column("", "x", row=3)), False),
    Case(
        "cells-past-the-headings", lambda t: csv_bytes((t[0], [t[1][0] + ["x"], *t[1][1:]])), False
    ),
    Case("goal-twice", same(goal_twice), False),
    Case("unknown-goal", same(unknown_goal), False),
    *(
        Case(f"bad-level-{value}", same(lambda t, v=value: levels("U", v)(edited(t))), False)
        for value in ("X", "UU", "U/P/E/U", "?", "Upp", "1", "=U")
    ),
    *(
        Case(
            f"formula-in-{name}",
            lambda t, n=name: xlsx_bytes(edited(t), {cell_reference(t, n): '="U"'}),
            False,
            filename="f.xlsx",
        )
        for name in ("RJH", "Kommentar RJH", "Kommentar RCC", "Mål")
    ),
    Case(
        "formula-in-heading",
        lambda t: xlsx_bytes(t, {"C1": '=UPPER("rjh")'}),
        False,
        filename="f.xlsx",
    ),
    Case(
        "formula-summing",
        lambda t: xlsx_bytes(t, {"P2": "=SUM(A1:A3)"}),
        False,
        filename="f.xlsx",
    ),
    Case("mixed-encodings", mixed_encodings, False),
    Case("utf-16-without-bom", lambda t: csv_bytes(t, encoding="utf-16-le"), False),
    Case("utf-16-cut-short", lambda t: csv_bytes(t, encoding="utf-16")[:-1], False),
    Case("utf-8-cut-short", cut_in_a_character, False),
    Case("not-cp1252", lambda t: csv_bytes(t, encoding="cp1252") + b"\x81", False),
    Case("xlsx-cut-short", lambda t: xlsx_bytes(t)[:2000], False, filename="f.xlsx"),
    Case("xls", lambda t: b"\xd0\xcf\x11\xe0" + bytes(100), False, filename="f.xls"),
    Case("empty", lambda t: b"", False),
    Case("only-headings", lambda t: csv_bytes((t[0], [])), False),
    Case("published-year", same(edited), False, year="2023"),
    *(
        Case(f"year-{year}", same(edited), False, year=year)
        for year in ("1999", "40000", "-5", "0", "2101", "tjugo", "99999999999999999999")
    ),
]


def snapshot():
    """Every row of every follow-up table, history included."""
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_app_config("followup").get_models()
    }


def contents():
    """Every round's levels and comments, keyed so that a round created meanwhile fits in."""
    assessments = {
        (year, goal, region): [level, comment, condensed]
        for year, goal, region, level, comment, condensed in Assessment.objects.filter(
            round__plan__slug=NORR
        ).values_list(
            "round__year", "goal_id", "region__code", "level", "comment", "condensed_comment"
        )
    }
    rcc = {
        (year, goal): text
        for year, goal, text in RccComment.objects.filter(round__plan__slug=NORR).values_list(
            "round__year", "goal_id", "text"
        )
    }
    return assessments, rcc


def what_the_file_says(before, table: Table, year: int):
    """The contents after an import of the table: its cells where it has columns, else as before.

    A round created by the import starts blank for every goal of the regions in the file.
    """
    assessments = {key: list(value) for key, value in before[0].items()}
    rcc = dict(before[1])
    headers, rows = table
    regions = {h for h in headers if h not in BASE and not h.startswith(("Kommentar", "Kond"))}
    goals = {
        (g.area.title, g.text): g.pk for g in Goal.objects.for_plan(Plan.objects.get(slug=NORR))
    }
    if not any(key[0] == year for key in assessments):
        for goal in goals.values():
            for region in regions:
                assessments[(year, goal, region)] = ["", "", ""]
    for row in rows:
        cells = dict(zip(headers, row + [""] * (len(headers) - len(row)), strict=True))
        goal = goals[(cells["Område"], cells["Mål"])]
        for header, value in cells.items():
            value = value.strip()
            if header in BASE:
                continue
            if header == "Kommentar RCC":
                rcc[(year, goal)] = value
            elif header.startswith("Kommentar "):
                assessments[(year, goal, header.removeprefix("Kommentar "))][1] = value
            elif header.startswith("Kondenserad "):
                assessments[(year, goal, header.removeprefix("Kondenserad "))][2] = value
            else:
                assessments[(year, goal, header)][0] = str(Level.parse(value))
    return assessments, {key: text for key, text in rcc.items() if text}


@pytest.fixture
def base_table(open_round):
    Assessment.objects.filter(round=open_round, region__code="RV", goal__area__order=1).update(
        condensed_comment="RCC:s korta version."
    )
    return table_of(open_round)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_it_imports_exactly_what_the_file_says_or_nothing(
    case, open_round, base_table, tmp_path, reporter_a
):
    for code in case.submitted:
        region_report_submit(report=open_round.reports.get(region__code=code), user=reporter_a)
    path = tmp_path / case.filename
    path.write_bytes(case.make(base_table))
    before, before_contents = snapshot(), contents()
    out, err = io.StringIO(), io.StringIO()

    try:
        call_command(
            "import_followup",
            str(path),
            "--plan",
            NORR,
            "--year",
            case.year,
            *case.options,
            stdout=out,
            stderr=err,
        )
    except CommandError as exc:
        assert not case.accepted, str(exc)
        assert snapshot() == before
        assert str(exc).strip()
    else:
        assert case.accepted, out.getvalue()
        expected = what_the_file_says(before_contents, case.table(base_table), int(case.year))
        assert contents() == expected
        assert FollowUpRound.objects.filter(plan__slug=NORR, year=int(case.year)).exists()
    assert "Traceback" not in out.getvalue() + err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("case", [c for c in CASES if c.accepted], ids=lambda case: case.name)
def test_a_dry_run_of_an_accepted_file_writes_nothing(case, open_round, base_table, tmp_path):
    path = tmp_path / case.filename
    path.write_bytes(case.make(base_table))
    before = snapshot()
    out = io.StringIO()

    call_command(
        "import_followup",
        str(path),
        "--plan",
        NORR,
        "--year",
        case.year,
        "--dry-run",
        *case.options,
        stdout=out,
    )

    assert "(provkörning, inget sparat)" in out.getvalue()
    assert snapshot() == before
