"""The XLSX plan format's second sheet, "Kapitel": a plan's chapters out and back in."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from documents.spreadsheets import SpreadsheetError
from plans.formats import parse_chapters, plan_columns, plan_rows
from plans.models import Chapter, Plan
from plans.services import plan_add_chapters, plan_export, plan_import
from registry.models import Membership
from tests.conftest import MELLANSVERIGE

TABLE_HEADER = ["Område", "Mål", "Vad ska göras?"]
TABLE_ROWS = [["Patienter", "Alla ska ha en kontaktsjuksköterska.", "Utbilda"]]
CHAPTER_HEADER = ["Nummer", "Rubrik", "Text", "Placering"]


def workbook_bytes(chapters, chapter_header=CHAPTER_HEADER, tables=TABLE_ROWS):
    """An XLSX file with the tables on its first sheet and the chapters on "Kapitel"."""
    workbook = Workbook()
    first = workbook.active
    first.append(TABLE_HEADER)
    for row in tables:
        first.append(row)
    sheet = workbook.create_sheet("Kapitel")
    if chapter_header:
        sheet.append(chapter_header)
    for row in chapters:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def do_import(content, filename="plan.xlsx", slug="kapitelplan"):
    return plan_import(
        content=content,
        filename=filename,
        slug=slug,
        title="Kapitelplan",
        kind=Plan.Kind.ACTION_PLAN,
        owner="mellansverige",
        first_year=2026,
        last_year=2026,
    )


def chapters_of(plan):
    return list(
        plan.chapters.order_by("order").values_list("number", "heading", "text", "placement")
    )


def problems(content):
    with pytest.raises(SpreadsheetError) as caught:
        do_import(content)
    assert not Plan.objects.filter(slug="kapitelplan").exists()  # all or nothing
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.django_db
class TestExport:
    def test_the_chapters_are_a_second_sheet_and_the_first_stays_as_it_was(self):
        plan = Plan.objects.get(slug=MELLANSVERIGE)

        workbook = load_workbook(io.BytesIO(plan_export(plan=plan, fmt="xlsx")))

        assert workbook.sheetnames == ["Tabeller", "Kapitel"]
        tables = [[cell or "" for cell in row] for row in workbook.worksheets[0].values]
        assert tables[0] == [column.header for column in plan_columns()]  # with other apps'
        assert len(tables) == 1 + len(plan_rows(Plan.objects.with_tree().get(pk=plan.pk)))
        chapters = [[cell or "" for cell in row] for row in workbook["Kapitel"].values]
        assert chapters[0] == CHAPTER_HEADER
        assert [row[1] for row in chapters[1:]] == list(
            plan.chapters.order_by("order").values_list("heading", flat=True)
        )
        assert len(chapters) == 1 + 6
        assert {row[3] for row in chapters[1:]} == {"Före tabellerna"}

    def test_csv_carries_the_tables_only(self):
        plan = Plan.objects.get(slug=MELLANSVERIGE)

        text = plan_export(plan=plan, fmt="csv").decode("utf-8-sig")

        assert "Kapitel" not in text.splitlines()[0]
        assert plan.chapters.first().heading not in text


@pytest.mark.django_db
class TestRoundTrip:
    def test_the_demo_plan_exported_and_imported_has_the_same_chapters_and_tables(self):
        original = Plan.objects.get(slug=MELLANSVERIGE)

        copy = do_import(plan_export(plan=original, fmt="xlsx")).plan

        assert chapters_of(copy) == chapters_of(original)
        assert len(chapters_of(copy)) == 6

        def content(plan):  # the rows without their keys and versions
            return [row[:-2] for row in plan_rows(Plan.objects.with_tree().get(pk=plan.pk))]

        assert content(copy) == content(original)

    def test_placement_numbers_and_markdown_survive(self, norr, plan_builder):
        plan = plan_builder(slug="norr-kapitel", owner=norr)
        markdown = (
            "# 1 Förutsättningar\n\n- punkt ett\n- punkt två\n\n"
            "# 2.1 Formler\n\n=SUMMA(A1) och +46 och @VPK\n\n"
            "# Bilaga\nplacering: efter\n\n| A | B |\n|---|---|\n| X |   |\n"
        )
        plan_add_chapters(plan=plan, chapters=parse_chapters(markdown))

        copy = do_import(plan_export(plan=plan, fmt="xlsx")).plan

        assert chapters_of(copy) == chapters_of(plan)
        assert chapters_of(copy)[0][2].startswith("- punkt ett")
        assert [c[3] for c in chapters_of(copy)] == ["before", "before", "after"]

    def test_a_plan_with_only_chapters_reads_back(self, norr):
        plan = Plan.objects.create(
            slug="bara-kapitel",
            title="Bara kapitel",
            kind=Plan.Kind.ACTION_PLAN,
            owner_healthcare_region=norr,
            first_year=2026,
            last_year=2026,
        )
        plan_add_chapters(plan=plan, chapters=parse_chapters("# Ett\n\nText"))

        copy = do_import(plan_export(plan=plan, fmt="xlsx")).plan

        assert chapters_of(copy) == [("", "Ett", "Text", "before")]
        assert copy.areas.count() == 0


@pytest.mark.django_db
class TestImport:
    def test_it_reads_the_chapters_in_order(self):
        content = workbook_bytes(
            [
                ["1", "Inledning", "Första stycket.\n\nAndra stycket.", ""],
                ["", "Bilaga", "Text", "efter"],
                [2, "Uppdrag", "", "FÖRE"],
            ]
        )

        result = do_import(content)

        assert chapters_of(result.plan) == [
            ("1", "Inledning", "Första stycket.\n\nAndra stycket.", "before"),
            ("", "Bilaga", "Text", "after"),
            ("2", "Uppdrag", "", "before"),
        ]
        assert result.chapters == 3
        assert list(result.plan.chapters.values_list("order", flat=True)) == [1, 2, 3]

    def test_placering_is_optional_and_an_empty_sheet_gives_no_chapters(self):
        plan = do_import(workbook_bytes([["", "Rubrik", "Text"]], CHAPTER_HEADER[:3])).plan
        assert chapters_of(plan) == [("", "Rubrik", "Text", "before")]

        plan = do_import(workbook_bytes([]), slug="tomt-blad").plan
        assert chapters_of(plan) == []
        plan = do_import(workbook_bytes([], chapter_header=None), slug="helt-tomt").plan
        assert chapters_of(plan) == [] and plan.areas.count() == 1

    def test_an_xlsx_without_the_sheet_and_a_csv_have_no_chapters(self):
        workbook = Workbook()
        workbook.active.append(TABLE_HEADER)
        workbook.active.append(TABLE_ROWS[0])
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert chapters_of(do_import(buffer.getvalue()).plan) == []

        csv = ("\n".join(",".join(row) for row in [TABLE_HEADER, *TABLE_ROWS])).encode()
        assert chapters_of(do_import(csv, filename="plan.csv", slug="csv-plan").plan) == []

    @pytest.mark.parametrize(
        ("row", "problem"),
        [
            (
                ["1", "", "Text utan rubrik", ""],
                "Bladet Kapitel, rad 3, kolumn Rubrik: Kapitlet saknar rubrik.",
            ),
            (
                ["1", "R" * 301, "", ""],
                "Bladet Kapitel, rad 3, kolumn Rubrik: Texten är för lång (301 tecken; högst 300).",
            ),
            (
                ["1" * 21, "Rubrik", "", ""],
                "Bladet Kapitel, rad 3, kolumn Nummer: Texten är för lång (21 tecken; högst 20).",
            ),
            (
                ["", "Rubrik", "x" * 20_001, ""],
                "Bladet Kapitel, rad 3, kolumn Text: Texten är för lång "
                "(20\xa0001 tecken; högst 20\xa0000).",
            ),
            (
                ["", "Rubrik", "", "mitten"],
                "Bladet Kapitel, rad 3, kolumn Placering: Okänd placering «mitten». Skriv «Före "
                "tabellerna» eller «Efter tabellerna», eller lämna tomt.",
            ),
            (
                ["", "Rubrik", "=A1", ""],
                "Bladet Kapitel, rad 3, kolumn Text: Cellen innehåller formeln «=A1». Skriv in "
                "värdet i stället för formeln.",
            ),
        ],
    )
    def test_a_bad_chapter_is_told_by_sheet_and_row_and_nothing_is_written(self, row, problem):
        content = workbook_bytes([["1", "Bra kapitel", "Text", ""], row])

        assert problems(content) == [problem]

    def test_a_missing_heading_column_is_told(self):
        content = workbook_bytes([["1", "Text"]], chapter_header=["Nummer", "Text"])

        assert problems(content) == ["Bladet Kapitel, kolumn Rubrik: Obligatorisk kolumn saknas."]

    def test_both_sheets_problems_are_told_together(self):
        content = workbook_bytes([["", "", "x", ""]], tables=[["Patienter", "", "Utbilda"]])

        assert problems(content) == [
            "Rad 2, kolumn Mål: Målet saknas.",
            "Bladet Kapitel, rad 2, kolumn Rubrik: Kapitlet saknar rubrik.",
        ]


@pytest.mark.django_db
class TestThePage:
    def test_an_uploaded_export_gives_the_new_plan_its_chapters(self, client, mellansverige):
        user = get_user_model().objects.create_user("mv", password="pw")
        Membership.objects.create(
            user=user, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
        )
        original = Plan.objects.get(slug=MELLANSVERIGE)
        upload = io.BytesIO(plan_export(plan=original, fmt="xlsx"))
        upload.name = "mellansverige.xlsx"
        client.force_login(user)
        data = {
            "title": "Handlingsplan 2026",
            "slug": "mv-2026",
            "kind": Plan.Kind.ACTION_PLAN,
            "owner": f"sjukvardsregion-{mellansverige.pk}",
            "period": "2026",
            "file": upload,
        }

        preview = client.post(reverse("plans:plan-create"), data)
        response = client.post(preview["Location"], {"action": "confirm"}, follow=True)

        plan = Plan.objects.get(slug="mv-2026")
        assert "och 6 kapitel" in response.content.decode()
        assert chapters_of(plan) == chapters_of(original)
        assert Chapter.history.filter(plan_id=plan.pk).first().history_user == user

    def test_a_bad_chapter_is_shown_on_the_page(self, client, mellansverige):
        user = get_user_model().objects.create_superuser("root", password="pw")
        upload = io.BytesIO(workbook_bytes([["", "", "Text", ""]]))
        upload.name = "plan.xlsx"
        client.force_login(user)
        data = {
            "title": "T",
            "slug": "med-fel",
            "kind": Plan.Kind.ACTION_PLAN,
            "owner": f"sjukvardsregion-{mellansverige.pk}",
            "period": "2026",
            "file": upload,
        }

        response = client.post(reverse("plans:plan-create"), data)

        assert response.status_code == 400
        assert "Bladet Kapitel, rad 2, kolumn Rubrik: Kapitlet saknar rubrik." in (
            response.content.decode()
        )
        assert not Plan.objects.filter(slug="med-fel").exists()
