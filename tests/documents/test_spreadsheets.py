import pytest

from documents.spreadsheets import (
    Column,
    SpreadsheetError,
    cell_text,
    format_for,
    neutralise,
    normalise_header,
    read_rows,
    unneutralise,
    write_rows,
)

COLUMNS = [Column("Område", "area", required=True), Column("Vad ska göras?", "activity")]


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+46", "-minus", "@user", "'quoted", "''", "vanlig text", ""]
)
def test_neutralising_reads_back_exactly(text):
    assert unneutralise(neutralise(text)) == text


def test_it_neutralises_formula_triggers():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("- punkt") == "'- punkt"
    assert neutralise("Text") == "Text"


def test_it_normalises_headers():
    assert normalise_header("  Vad ska  göras? ") == "vad ska göras"
    assert normalise_header("Område*") == "område"


def test_cell_text_turns_spreadsheet_values_into_text():
    assert cell_text(None) == ""
    assert cell_text(2025.0) == "2025"
    assert cell_text(2.5) == "2.5"
    assert cell_text(" rad ett\r\nrad två ") == "rad ett\nrad två"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_picks_the_delimiter_of_the_header_row(delimiter):
    content = f'Område{delimiter}Vad ska göras?\n"A, B; C"{delimiter}Göra\n'.encode()

    rows = read_rows(content, "x.csv", COLUMNS)

    assert rows[0]["area"] == "A, B; C"
    assert rows[0]["activity"] == "Göra"


def test_it_refuses_a_duplicated_column():
    with pytest.raises(SpreadsheetError) as caught:
        read_rows("Område,area\nA,B\n".encode(), "x.csv", COLUMNS)

    assert [str(p) for p in caught.value.problems] == [
        "Kolumn Område: Kolumnen finns två gånger (Område och area)."
    ]


def test_it_keeps_unknown_columns_aside_and_skips_empty_rows():
    rows = read_rows(b"Omr\xc3\xa5de,Kommentar\nA,x\n,\nB,\n", "x.csv", COLUMNS)

    assert [(r.number, r["area"], r.extra) for r in rows] == [
        (2, "A", {"Kommentar": "x"}),
        (4, "B", {"Kommentar": ""}),
    ]


def test_csv_is_written_for_swedish_excel():
    content = write_rows([["Å", "=x"]], ["Område", "Vad ska göras?"], "csv")

    assert content.decode("utf-8-sig").splitlines() == ["Område;Vad ska göras?", "Å;'=x"]


def test_format_for_accepts_csv_and_xlsx_only():
    assert format_for("plan.XLSX") == "xlsx"
    with pytest.raises(ValueError):
        format_for("plan.pdf")


GOAL_COLUMNS = [Column("Mål", "goal", required=True)]


def problems(content: bytes) -> list[str]:
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(content, "fil.csv", GOAL_COLUMNS)
    return [str(problem) for problem in caught.value.problems]


def test_it_refuses_a_file_over_10_mb_before_reading_it():
    content = b"M\xc3\xa5l\n" + b"x" * (10 * 1024 * 1024)

    assert problems(content) == ["Filen är för stor (10,0 MB); den får vara högst 10 MB."]


def test_it_reads_20000_rows_and_refuses_more():
    rows = "Mål\n" + "".join(f"Mål {n}\n" for n in range(20_000))

    assert len(read_rows(rows.encode(), "fil.csv", GOAL_COLUMNS)) == 20_000
    assert problems((rows + "Ett mål för mycket\n").encode()) == [
        "Filen har 20\u00a0001 rader; högst 20\u00a0000 rader läses in åt gången."
    ]
