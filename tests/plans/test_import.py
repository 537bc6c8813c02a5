import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from documents.spreadsheets import SpreadsheetError
from plans.models import Activity, Area, Goal, Plan
from plans.services import plan_export, plan_import

HEADER = [
    "Områdesnummer",
    "Område",
    "Övergripande mål",
    "Mål",
    "Vad ska göras?",
    "Hur?",
    "Vem?",
    "När?",
    "Uppföljning",
    "Ansvarig",
    "Tidsram",
    "Överenskommelse",
]
ROWS = [
    [
        "1",
        "Patienter och närstående",
        "Det övergripande målet är att stärka patienterna.",
        "Alla ska få en kontaktsjuksköterska.",
        "Utbilda kssk",
        "- Kurs\n- Nätverk",
        "VPK",
        "Löpande",
        "LG, SG",
        "RCC Mellansverige",
        "2022–24",
        "",
    ],
    [
        "1",
        "Patienter och närstående",
        "",
        "Alla ska få en kontaktsjuksköterska.",
        "Följa upp uppdraget",
        "Enkät",
        "PL",
        "Q2 2025",
        "SG",
        "Regionerna",
        "Q2 2025",
        "*",
    ],
    [
        "1",
        "Patienter och närstående",
        "",
        "Min vårdplan ska erbjudas.",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "2",
        "Prevention",
        "",
        "Fler ska screenas.",
        "=Kampanj",
        "+plus",
        "@VPK",
        "-minus",
        "",
        "",
        "Löpande",
        "ja",
    ],
]


def csv_bytes(rows, header=HEADER, delimiter=",", encoding="utf-8"):
    lines = []
    for row in [header, *rows]:
        cells = []
        for cell in row:
            if any(ch in cell for ch in f'{delimiter}"\n'):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def do_import(content, filename="plan.csv", slug="ny-plan", **overrides):
    arguments = dict(
        content=content,
        filename=filename,
        slug=slug,
        title="Ny plan",
        kind=Plan.Kind.ACTION_PLAN,
        owner="mellansverige",
        first_year=2025,
        last_year=2025,
    )
    arguments.update(overrides)
    return plan_import(**arguments)


def counts():
    return (
        Plan.objects.count(),
        Area.objects.count(),
        Goal.objects.count(),
        Activity.objects.count(),
    )


@pytest.fixture
def untouched():
    """The counts before the test (the demo's): what a refused import leaves as it found it."""
    return counts()


def problems_of(content, **kwargs):
    with pytest.raises(SpreadsheetError) as caught:
        do_import(content, **kwargs)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.django_db
class TestPlanImport:
    def test_it_builds_areas_goals_and_activities(self, registry):
        result = do_import(csv_bytes(ROWS))

        assert str(result) == "2 områden, 3 mål, 3 aktiviteter"
        plan = Plan.objects.get(slug="ny-plan")
        areas = list(plan.areas.all())
        assert [(a.number, a.title, a.order) for a in areas] == [
            ("1", "Patienter och närstående", 1),
            ("2", "Prevention", 2),
        ]
        assert areas[0].overall_goal == "Det övergripande målet är att stärka patienterna."
        goals = list(areas[0].goals.all())
        assert [(g.number, g.text) for g in goals] == [
            ("1.1", "Alla ska få en kontaktsjuksköterska."),
            ("1.2", "Min vårdplan ska erbjudas."),
        ]
        first, second = goals[0].activities.all()
        assert first.how == "- Kurs\n- Nätverk"
        assert (first.first_year, first.last_year) == (2022, 2024)
        assert not first.from_agreement
        assert (second.first_year, second.last_year, second.from_agreement) == (2025, 2025, True)
        assert list(goals[1].activities.all()) == []

    @pytest.mark.parametrize("goals_per_area", [2, 5])
    def test_it_writes_in_bulk_whatever_the_size(
        self, registry, goals_per_area, django_assert_num_queries
    ):
        rows = [
            [
                str(a),
                f"Område {a}",
                "",
                f"Mål {a}.{g}",
                f"Aktivitet {a}.{g}.{n}",
                "",
                "VPK",
                "",
                "",
                "RCC",
                "2025",
                "",
                "",
            ]
            for a in range(1, 4)
            for g in range(1, goals_per_area + 1)
            for n in range(1, 3)
        ]
        content = csv_bytes([row[: len(HEADER)] for row in rows])

        # a savepoint; the slug; the owner (region by code, by name, healthcare region by code);
        # the plan's full_clean: its owner, its slug, four check constraints (each in a
        # savepoint: 12); the bodies; the plan and its history; one insert and one of history
        # for areas, goals and activities; the who links; the savepoint's release. (SQLite
        # splits inserts of more than a few hundred values into batches.)
        with django_assert_num_queries(30):
            result = do_import(content)

        assert (result.areas, result.goals, result.activities) == (
            3,
            3 * goals_per_area,
            6 * goals_per_area,
        )
        activities = Activity.objects.filter(goal__area__plan__slug="ny-plan")
        assert activities.count() == 6 * goals_per_area
        assert (
            Activity.history.filter(goal__area__plan__slug="ny-plan").count() == 6 * goals_per_area
        )
        assert {b.abbreviation for b in activities.first().who_bodies.all()} == {"VPK"}

    def test_it_links_bodies_named_in_who_and_responsible(self, registry):
        do_import(csv_bytes(ROWS))

        activity = Activity.objects.get(what="Utbilda kssk")
        assert [b.abbreviation for b in activity.who_bodies.all()] == ["VPK"]
        follow_up = Activity.objects.get(what="Följa upp uppdraget")
        assert [b.abbreviation for b in follow_up.who_bodies.all()] == ["PL"]

    def test_it_keeps_history_of_what_it_creates(self, registry):
        do_import(csv_bytes(ROWS))

        assert Activity.history.filter(goal__area__plan__slug="ny-plan").count() == 3
        assert Plan.history.get(slug="ny-plan").title

    def test_it_reads_swedish_excel_csv(self, registry):
        content = csv_bytes(ROWS, delimiter=";", encoding="cp1252")
        assert "ö".encode("cp1252") in content

        do_import(content)

        assert Goal.objects.filter(text="Alla ska få en kontaktsjuksköterska.").exists()
        assert Activity.objects.get(what="Utbilda kssk").responsible == "RCC Mellansverige"

    def test_it_reads_utf8_with_bom_and_english_headers(self, registry):
        header = [
            "area_number",
            "AREA",
            " goal ",
            "activity",
            "how",
            "who",
            "when",
            "follow_up",
            "responsible",
            "timeframe",
            "agreement",
            "overall_goal",
        ]
        rows = [["1", "Område", "Mål", "Aktivitet", "", "", "", "", "", "2025", "x", ""]]
        do_import(b"\xef\xbb\xbf" + csv_bytes(rows, header=header))

        assert Activity.objects.get(goal__area__plan__slug="ny-plan").from_agreement

    def test_it_matches_headers_ignoring_case_spaces_and_question_marks(self, registry):
        header = ["  OMRÅDE ", "mål", "vad ska göras", "Hur"]
        do_import(csv_bytes([["Område", "Mål", "Aktivitet", "Så här"]], header=header))

        assert Activity.objects.get(goal__area__plan__slug="ny-plan").how == "Så här"

    def test_it_reads_the_first_sheet_of_an_xlsx(self, registry):
        content = xlsx_bytes(ROWS[:3])  # the last row has cells Excel would take for formulas

        result = do_import(content, filename="plan.xlsx")

        assert (result.areas, result.goals, result.activities) == (1, 2, 2)

    def test_it_reads_the_first_sheet_even_when_another_is_active(self, registry):
        workbook = Workbook()
        workbook.active.append(HEADER)
        workbook.active.append(ROWS[0])
        other = workbook.create_sheet("Anteckningar")
        other.append(["Inte en plan"])
        workbook.active = 1
        buffer = io.BytesIO()
        workbook.save(buffer)

        result = do_import(buffer.getvalue(), filename="plan.xlsx")

        assert result.activities == 1

    def test_a_bad_row_in_the_middle_writes_nothing(self, registry):
        rows = [list(row) for row in ROWS * 3]
        rows[5][3] = ""  # the goal of row 7 of the file is missing
        before = counts()

        messages = problems_of(csv_bytes(rows))

        assert messages == ["Rad 7, kolumn Mål: Målet saknas."]
        assert counts() == before

    def test_it_lists_every_problem(self, registry, untouched):
        rows = [list(row) for row in ROWS]
        rows[0][1] = ""
        rows[1][11] = "kanske"
        rows[2][5] = "Hur utan vad"

        messages = problems_of(csv_bytes(rows))

        assert messages == [
            "Rad 2, kolumn Område: Området saknas.",
            "Rad 3, kolumn Överenskommelse: Okänt värde «kanske». Skriv *, x eller ja för en rad "
            "från överenskommelsen, annars lämna tomt.",
            "Rad 4, kolumn Vad ska göras?: Raden har Hur? men ingen aktivitet i «Vad ska göras?».",
        ]
        assert counts() == untouched

    def test_it_refuses_a_missing_required_column(self, registry):
        header = [h for h in HEADER if h != "Mål"]
        rows = [row[:3] + row[4:] for row in ROWS]

        assert problems_of(csv_bytes(rows, header=header)) == [
            "Kolumn Mål: Obligatorisk kolumn saknas."
        ]

    @pytest.mark.parametrize(
        ("content", "filename", "message"),
        [
            (b"", "plan.csv", "Filen är tom."),
            (b"  \r\n\r\n", "plan.csv", "Filen är tom."),
            (csv_bytes([]), "plan.csv", "Filen har inga rader under rubrikraden."),
            (xlsx_bytes([], header=None), "plan.xlsx", "Filen är tom."),
            (xlsx_bytes([]), "plan.xlsx", "Filen har inga rader under rubrikraden."),
            (
                b"%PDF-1.7\n\x00\x01\x02binary",
                "plan.csv",
                "Filen är inte ett kalkylblad. Använd XLSX eller CSV.",
            ),
            (
                b"\x89PNG\r\n\x1a\n\x00\x00",
                "bild.png",
                "Filen är inte ett kalkylblad. Använd XLSX eller CSV.",
            ),
            (
                b"PK\x03\x04 not really a zip",
                "plan.xlsx",
                "Filen kunde inte läsas som ett XLSX-kalkylblad. Spara den som XLSX eller CSV.",
            ),
            (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                "plan.xls",
                "Det gamla Excel-formatet (.xls) stöds inte. Spara filen som XLSX eller CSV.",
            ),
        ],
    )
    def test_it_refuses_files_that_are_not_plan_spreadsheets(
        self, registry, untouched, content, filename, message
    ):
        assert problems_of(content, filename=filename) == [message]
        assert counts() == untouched

    def test_it_refuses_an_unknown_owner(self, registry):
        assert problems_of(csv_bytes(ROWS), owner="Atlantis") == [
            "Okänd ägare «Atlantis». Ange en regions eller sjukvårdsregions kod eller namn."
        ]

    def test_it_refuses_an_existing_slug(self, registry):
        do_import(csv_bytes(ROWS))
        before = counts()

        assert problems_of(csv_bytes(ROWS)) == [
            "Det finns redan en plan med kortnamnet «ny-plan». Välj ett annat kortnamn."
        ]
        assert counts() == before

    def test_it_refuses_a_cell_over_its_limit_naming_row_and_column(self, registry, untouched):
        rows = [list(row) for row in ROWS]
        rows[1][5] = "x" * 4_001  # Hur? of the second row

        assert problems_of(csv_bytes(rows)) == [
            "Rad 3, kolumn Hur?: "
            "Säkerställ att detta värde har som mest 4000 tecken (den har 4001)."
        ]
        assert counts() == untouched

    def test_it_refuses_a_local_plan_owned_by_a_healthcare_region(self, registry, untouched):
        messages = problems_of(csv_bytes(ROWS), kind=Plan.Kind.LOCAL_PLAN)

        assert messages == ["En lokal handlingsplan ägs av en region."]
        assert counts() == untouched

    def test_a_dry_run_writes_nothing(self, registry, untouched):
        result = do_import(csv_bytes(ROWS), dry_run=True)

        assert (result.areas, result.goals, result.activities) == (2, 3, 3)
        assert counts() == untouched


def plan_snapshot(plan: Plan):
    """Everything the spreadsheet format carries, without ids."""
    return [
        (
            area.number,
            area.title,
            area.overall_goal,
            area.order,
            [
                (
                    goal.number,
                    goal.text,
                    goal.order,
                    goal.current_state,
                    [part.name for part in goal.parts.all()],
                    [
                        (
                            a.what,
                            a.how,
                            a.who,
                            a.when,
                            a.follow_up,
                            a.responsible,
                            a.timeframe,
                            a.first_year,
                            a.last_year,
                            a.from_agreement,
                            a.order,
                            sorted(b.pk for b in a.who_bodies.all()),
                            sorted(b.pk for b in a.responsible_bodies.all()),
                        )
                        for a in goal.activities.all()
                    ],
                )
                for goal in area.goals.all()
            ],
        )
        for area in plan.areas.all()
    ]


@pytest.mark.django_db
class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_export_then_import_gives_an_identical_plan(self, registry, fmt):
        header = [*HEADER, "Nuläge", "Måldelar"]
        rows = [[*row, "", ""] for row in ROWS]
        rows[2][-2:] = ["Nuläge idag", "Inklusion\nLedtider"]
        original = do_import(csv_bytes(rows, header=header), slug="original").plan

        exported = plan_export(plan=original, fmt=fmt)
        copy = do_import(exported, filename=f"export.{fmt}", slug="kopia").plan

        assert plan_snapshot(copy) == plan_snapshot(original)
        assert plan_snapshot(original)[0][4][1][4] == ["Inklusion", "Ledtider"]

    def test_export_neutralises_formulas(self, registry):
        plan = do_import(csv_bytes(ROWS)).plan

        text = plan_export(plan=plan, fmt="csv").decode("utf-8-sig")

        for cell in ("'=Kampanj", "'+plus", "'@VPK", "'-minus"):
            assert cell in text
        assert ";=Kampanj" not in text

    def test_csv_export_is_for_swedish_excel(self, registry):
        plan = do_import(csv_bytes(ROWS)).plan

        content = plan_export(plan=plan, fmt="csv")

        assert content.startswith(b"\xef\xbb\xbf")
        assert content.decode("utf-8-sig").splitlines()[0].startswith("Områdesnummer;Område;")


@pytest.mark.django_db
class TestCommands:
    def test_import_plan_prints_the_counts(self, registry, tmp_path, capsys):
        path = tmp_path / "plan.csv"
        path.write_bytes(csv_bytes(ROWS))

        call_command(
            "import_plan",
            str(path),
            "--slug",
            "ny",
            "--title",
            "Ny",
            "--kind",
            "handlingsplan",
            "--owner",
            "RCC Mellansverige",
            "--period",
            "2025",
        )

        assert "2 områden, 3 mål, 3 aktiviteter" in capsys.readouterr().out
        plan = Plan.objects.get(slug="ny")
        assert plan.owner_healthcare_region.code == "mellansverige"

    def test_import_plan_accepts_a_region_owner_and_a_parent(self, registry, tmp_path):
        path = tmp_path / "plan.csv"
        path.write_bytes(csv_bytes(ROWS))
        call_command(
            "import_plan",
            str(path),
            "--slug",
            "bas",
            "--title",
            "Bas",
            "--kind",
            "cancerplan",
            "--owner",
            "norr",
            "--period",
            "2022-2024",
        )

        call_command(
            "import_plan",
            str(path),
            "--slug",
            "lokal",
            "--title",
            "Lokal",
            "--kind",
            "lokal",
            "--owner",
            "RJH",
            "--period",
            "2022–2024",
            "--parent",
            "bas",
        )

        plan = Plan.objects.get(slug="lokal")
        assert (plan.owner_region.code, plan.parent.slug) == ("RJH", "bas")
        assert (plan.first_year, plan.last_year) == (2022, 2024)

    def test_import_plan_fails_listing_row_column_and_message(self, registry, untouched, tmp_path):
        rows = [list(row) for row in ROWS]
        rows[1][3] = ""
        path = tmp_path / "plan.csv"
        path.write_bytes(csv_bytes(rows))

        with pytest.raises(CommandError) as caught:
            call_command(
                "import_plan",
                str(path),
                "--slug",
                "ny",
                "--title",
                "Ny",
                "--kind",
                "handlingsplan",
                "--owner",
                "mellansverige",
                "--period",
                "2025",
            )

        assert "Rad 3, kolumn Mål: Målet saknas." in str(caught.value)
        assert counts() == untouched

    def test_import_plan_dry_run_writes_nothing(self, registry, untouched, tmp_path, capsys):
        path = tmp_path / "plan.csv"
        path.write_bytes(csv_bytes(ROWS))

        call_command(
            "import_plan",
            str(path),
            "--slug",
            "ny",
            "--title",
            "Ny",
            "--kind",
            "handlingsplan",
            "--owner",
            "mellansverige",
            "--period",
            "2025",
            "--dry-run",
        )

        assert "provkörning" in capsys.readouterr().out
        assert counts() == untouched

    def test_import_plan_refuses_a_bad_period(self, registry, tmp_path):
        path = tmp_path / "plan.csv"
        path.write_bytes(csv_bytes(ROWS))

        with pytest.raises(CommandError, match="Perioden «2024-2022»"):
            call_command(
                "import_plan",
                str(path),
                "--slug",
                "ny",
                "--title",
                "Ny",
                "--kind",
                "handlingsplan",
                "--owner",
                "mellansverige",
                "--period",
                "2024-2022",
            )

    @pytest.mark.parametrize("suffix", ["csv", "xlsx"])
    def test_export_plan_writes_the_plan_format(self, registry, tmp_path, suffix):
        plan = do_import(csv_bytes(ROWS)).plan
        path = tmp_path / f"ut.{suffix}"

        call_command("export_plan", "--plan", plan.slug, "-o", str(path))

        copy = do_import(path.read_bytes(), filename=path.name, slug="kopia").plan
        assert plan_snapshot(copy) == plan_snapshot(plan)

    def test_export_plan_refuses_an_unknown_plan_or_format(self, registry, tmp_path):
        with pytest.raises(CommandError, match="ingen plan"):
            call_command("export_plan", "--plan", "saknas", "-o", str(tmp_path / "x.csv"))
        with pytest.raises(CommandError, match=r"\.csv eller \.xlsx"):
            call_command("export_plan", "--plan", "saknas", "-o", str(tmp_path / "x.pdf"))
