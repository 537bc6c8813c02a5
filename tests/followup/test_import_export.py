import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from documents.spreadsheets import SpreadsheetError
from followup.models import Assessment, FollowUpRound, RccComment
from followup.services import (
    assessment_condense,
    followup_export,
    followup_import,
    region_report_save,
    region_report_submit,
)
from plans.models import Goal
from registry.models import Region
from tests.conftest import NORR

from .sheets import column, csv_bytes, table_of, with_cell, without, xlsx_bytes


def state_of(round):
    """Everything the format carries, keyed by goal and region."""
    return (
        sorted(
            (a.goal_id, a.region.code, a.level, a.comment, a.condensed_comment)
            for a in round.assessments.select_related("region")
        ),
        sorted(round.rcc_comments.values_list("goal_id", "text")),
    )


def problems_of(content, year=2022, filename="f.csv", plan=NORR):
    with pytest.raises(SpreadsheetError) as caught:
        followup_import(content=content, filename=filename, plan_slug=plan, year=year, user=None)
    return [str(problem) for problem in caught.value.problems]


def csv_of(round, fmt="csv"):
    return followup_export(round=round, fmt=fmt)


def edit(content: bytes, old: str, new: str) -> bytes:
    text = content.decode("utf-8-sig")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8-sig")


@pytest.mark.django_db
class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_export_then_import_gives_the_same_round(self, norr_2023, fmt):
        assessment = norr_2023.assessments.get(region__code="RN", goal__number="1.1")
        Assessment.objects.filter(pk=assessment.pk).update(condensed_comment="Kort version.")

        content = csv_of(norr_2023, fmt)
        result = followup_import(
            content=content, filename=f"x.{fmt}", plan_slug=NORR, year=2022, user=None
        )

        copy = result.round
        assert result.created_round
        assert copy.state == FollowUpRound.State.CLOSED
        assert state_of(copy) == state_of(norr_2023)

    def test_the_export_has_the_documented_columns(self, norr_2023):
        header = csv_of(norr_2023).decode("utf-8-sig").splitlines()[0]

        assert header == (
            "Område;Mål;RJH;Kommentar RJH;RN;Kommentar RN;RV;Kommentar RV;RVN;Kommentar RVN;"
            "Kommentar RCC"
        )

    def test_condensed_comments_get_columns_of_their_own(self, norr_2023):
        Assessment.objects.filter(round=norr_2023, region__code="RV").update(condensed_comment="K")

        header = csv_of(norr_2023).decode("utf-8-sig").splitlines()[0]

        assert header.endswith(
            "Kommentar RCC;Kondenserad RJH;Kondenserad RN;Kondenserad RV;Kondenserad RVN"
        )


@pytest.mark.django_db
class TestImport:
    def test_it_changes_an_open_round_with_history(self, norr_2023, coordinator):
        current = FollowUpRound.objects.get(plan__slug=NORR, year=2024)
        content = edit(csv_of(norr_2023), "Screening för", "Screening för")  # same rows

        result = followup_import(
            content=content, filename="f.csv", plan_slug=NORR, year=2024, user=coordinator
        )

        assert not result.created_round
        assessment = current.assessments.get(region__code="RJH", goal__number="1.2")
        assert assessment.level == "U"
        assert assessment.history.first().history_user == coordinator
        assert current.events.first().action == "imported"

    def test_a_bad_level_in_the_middle_writes_nothing(self, norr_2023):
        content = edit(csv_of(norr_2023), ";U;De sista årskullarna", ";X;De sista årskullarna")
        rounds = FollowUpRound.objects.count()

        messages = problems_of(content)

        assert messages == [
            "Rad 3, kolumn RJH: Okänd nivå «X». Skriv U, P, E, en sammansatt nivå som P/U, "
            "en osäker nivå som P? eller lämna tomt."
        ]
        assert FollowUpRound.objects.count() == rounds

    def test_a_comment_over_the_limit_is_refused_naming_row_and_column(self, norr_2023):
        content = edit(csv_of(norr_2023), ";U;De sista årskullarna", ";U;" + "x" * 4_001)
        rounds = FollowUpRound.objects.count()

        messages = problems_of(content)

        assert len(messages) == 1
        assert messages[0].startswith("Rad 3, kolumn Kommentar RJH: Kommentaren har 4")
        assert messages[0].endswith("tecken; den får ha högst 4000.")
        assert FollowUpRound.objects.count() == rounds

    def test_it_accepts_words_and_composites(self, norr_2023):
        content = edit(
            csv_of(norr_2023), ";U;De sista årskullarna", ";Uppnått;De sista årskullarna"
        )

        round = followup_import(
            content=content, filename="f.csv", plan_slug=NORR, year=2022, user=None
        ).round

        assert round.assessments.get(region__code="RJH", goal__number="1.2").level == "U"

    def test_an_unknown_goal_is_refused(self, norr_2023):
        content = edit(csv_of(norr_2023), "Screening för tjock-", "Screening för tunn-")

        messages = problems_of(content)

        assert messages == [
            "Rad 3, kolumn Mål: Målet finns inte i planen under området "
            "«Prevention och tidig diagnostik»."
        ]

    def test_an_unknown_region_is_refused(self, norr_2023):
        content = edit(csv_of(norr_2023), ";RVN;Kommentar RVN;", ";XYZ;Kommentar XYZ;")

        messages = problems_of(content)

        assert "Kolumn XYZ: Okänd region «XYZ». Omgångens regioner är RJH, RN, RV, RVN." in messages

    def test_a_published_round_is_refused(self, norr_2023):
        before = state_of(norr_2023)

        messages = problems_of(csv_of(norr_2023), year=2023)

        assert messages == ["Omgången 2023 är publicerad och kan inte ändras."]
        assert state_of(norr_2023) == before

    def test_a_dry_run_writes_nothing(self, norr_2023):
        rounds = FollowUpRound.objects.count()

        followup_import(
            content=csv_of(norr_2023),
            filename="f.csv",
            plan_slug=NORR,
            year=2022,
            user=None,
            dry_run=True,
        )

        assert FollowUpRound.objects.count() == rounds

    def test_an_empty_rcc_cell_clears_the_rcc_comment(self, norr_2023):
        round = followup_import(
            content=csv_of(norr_2023), filename="f.csv", plan_slug=NORR, year=2022, user=None
        ).round
        goal = RccComment.objects.filter(round=round).first().goal
        content = csv_of(round)
        text = RccComment.objects.get(round=round, goal=goal).text
        content = edit(content, text, "")
        FollowUpRound.objects.filter(pk=round.pk).update(state="open")

        followup_import(content=content, filename="f.csv", plan_slug=NORR, year=2022, user=None)

        assert not RccComment.objects.filter(round=round, goal=goal).exists()


@pytest.mark.django_db
class TestCommands:
    def test_export_and_import_followup(self, norr_2023, tmp_path, capsys):
        path = tmp_path / "ut.xlsx"

        call_command("export_followup", "--plan", NORR, "--year", "2023", "-o", str(path))
        call_command("import_followup", str(path), "--plan", NORR, "--year", "2022")

        assert "43 mål" in capsys.readouterr().out
        copy = FollowUpRound.objects.get(plan__slug=NORR, year=2022)
        assert state_of(copy) == state_of(norr_2023)

    def test_import_followup_lists_problems_and_fails(self, norr_2023, tmp_path):
        path = tmp_path / "f.csv"
        path.write_bytes(
            edit(csv_of(norr_2023), ";U;De sista årskullarna", ";Q;De sista årskullarna")
        )

        with pytest.raises(CommandError, match="Rad 3, kolumn RJH: Okänd nivå «Q»"):
            call_command("import_followup", str(path), "--plan", NORR, "--year", "2022")

    def test_export_followup_refuses_a_missing_round(self, norr_2023, tmp_path):
        with pytest.raises(CommandError, match="ingen uppföljning för 2019"):
            call_command(
                "export_followup", "--plan", NORR, "--year", "2019", "-o", str(tmp_path / "x.csv")
            )


@pytest.mark.django_db
def test_a_published_rounds_texts_are_final(norr_2023, coordinator):
    assessment = norr_2023.assessments.get(region__code="RV", goal__number="1.1")

    with pytest.raises(ValidationError):
        assessment_condense(assessment=assessment, text="Kort", original="", user=coordinator)

    assessment.refresh_from_db()
    assert assessment.condensed_comment == ""


def import_table(content, year=2024, filename="f.csv", **options):
    return followup_import(
        content=content, filename=filename, plan_slug=NORR, year=year, user=None, **options
    )


@pytest.mark.django_db
class TestNothingIsLostSilently:
    def test_an_absent_comment_column_leaves_the_comments_as_they_are(self, open_round):
        before = state_of(open_round)
        assert open_round.assessments.filter(region__code="RJH").exclude(comment="").count() == 33

        result = import_table(csv_bytes(without(table_of(open_round), "Kommentar RJH")))

        assert state_of(open_round) == before
        assert (result.changed, result.cleared, result.regions) == (0, 0, ())

    def test_an_absent_rcc_column_leaves_the_rcc_comments_as_they_are(self, open_round):
        assert open_round.rcc_comments.count() == 22

        import_table(csv_bytes(without(table_of(open_round), "Kommentar RCC")))

        assert open_round.rcc_comments.count() == 22

    def test_an_absent_column_keeps_its_values_while_the_others_change(self, open_round):
        table = without(table_of(open_round), "Kommentar RJH")
        table = with_cell(table, 0, "RJH", "E")
        first = open_round.assessments.filter(region__code="RJH").first()

        import_table(csv_bytes(table))

        first.refresh_from_db()
        assert first.level == "E"
        assert first.comment == norr_2023_comment(first)

    def test_empty_cells_clear_and_the_dry_run_and_summary_count_them(
        self, open_round, tmp_path, capsys
    ):
        table = table_of(open_round)
        rows = [i for i, row in enumerate(table[1]) if row[column(table, "Kommentar RJH")]][:2]
        for row in rows:
            table = with_cell(table, row, "Kommentar RJH", "")
        path = tmp_path / "f.csv"
        path.write_bytes(csv_bytes(table))

        call_command("import_followup", str(path), "--plan", NORR, "--year", "2024", "--dry-run")
        dry = capsys.readouterr().out
        call_command("import_followup", str(path), "--plan", NORR, "--year", "2024")
        done = capsys.readouterr().out

        assert "2 värden töms av tomma celler" in dry
        assert "(provkörning, inget sparat)" in dry
        assert "2 värden tömdes av tomma celler" in done
        assert "Ändrade rapporter: RJH." in done
        cleared = open_round.assessments.filter(region__code="RJH", comment="").count()
        assert cleared == 43 - 33 + 2

    def test_a_duplicated_region_column_is_refused(self, open_round):
        headers, rows = table_of(open_round)
        at = headers.index("RJH")
        content = csv_bytes(
            (headers + ["RJH"], [row + ["E" if row[at] != "E" else "U"] for row in rows])
        )
        before = state_of(open_round)

        messages = problems_of(content, year=2024)

        assert messages == ["Kolumn RJH: Kolumnen finns två gånger (RJH och RJH)."]
        assert state_of(open_round) == before

    def test_a_duplicated_comment_column_is_refused_however_it_is_spelt(self, open_round):
        headers, rows = table_of(open_round)
        content = csv_bytes((headers + ["kommentar rjh?"], [row + ["Annat"] for row in rows]))

        messages = problems_of(content, year=2024)

        assert messages == [
            "Kolumn kommentar rjh?: Kolumnen finns två gånger (Kommentar RJH och kommentar rjh?)."
        ]

    def test_a_formula_cell_is_refused_not_read_as_blank(self, open_round):
        table = table_of(open_round)
        letter = "CDEFGHIJK"[column(table, "RJH") - 2]
        before = state_of(open_round)

        messages = problems_of(
            xlsx_bytes(table, {f"{letter}2": '="U"'}), year=2024, filename="f.xlsx"
        )

        assert messages == [
            'Rad 2, kolumn RJH: Cellen innehåller formeln «="U"». Skriv in värdet i stället '
            "för formeln."
        ]
        assert state_of(open_round) == before

    def test_a_region_that_does_not_take_part_is_refused(self, open_round):
        content = csv_of(open_round)
        open_round.regions.remove(Region.objects.get(code="RVN"))
        open_round.reports.filter(region__code="RVN").delete()
        before = state_of(open_round)

        messages = problems_of(content, year=2024)

        assert (
            "Kolumn RVN: Regionen RVN deltar inte i omgången. Omgångens regioner är RJH, RN, RV."
            in messages
        )
        assert state_of(open_round) == before

    def test_a_value_under_no_heading_is_refused(self, open_round):
        headers, rows = table_of(open_round)
        content = csv_bytes((headers + [""], [rows[0] + ["Vad är detta?"]] + rows[1:]))

        messages = problems_of(content, year=2024)

        assert messages == ["Rad 2, kolumn L: Värde i en kolumn som saknar rubrik."]

    def test_a_file_that_mixes_encodings_is_refused(self, open_round):
        table = with_cell(table_of(open_round), 0, "Kommentar RJH", "Ökat på båda orterna")
        content = csv_bytes(table, encoding="utf-8")
        content = content.replace("Ökat på båda".encode(), "Ökat på båda".encode("cp1252"))

        messages = problems_of(content, year=2024)

        assert messages == [
            "Filen blandar teckenkodningar: en del är UTF-8, en del inte. Spara den på nytt som "
            "CSV UTF-8 eller XLSX."
        ]


def norr_2023_comment(assessment):
    return Assessment.objects.get(
        round__plan__slug=NORR, round__year=2023, region=assessment.region, goal=assessment.goal
    ).comment


@pytest.mark.django_db
class TestImportIntoAnOpenRound:
    def changed_rjh_and_rn(self, round):
        table = with_cell(table_of(round), 0, "RJH", "E")
        return csv_bytes(with_cell(table, 1, "Kommentar RN", "Nytt från RCC."))

    def test_it_refuses_to_change_a_submitted_report(self, open_round, reporter_a):
        region_report_submit(report=open_round.reports.get(region__code="RJH"), user=reporter_a)
        before = state_of(open_round)

        messages = problems_of(self.changed_rjh_and_rn(open_round), year=2024)

        assert messages == [
            "Filen ändrar rapporter som redan är inskickade: RJH. Återsänd dem först, eller "
            "importera med --include-submitted för att ändra dem ändå."
        ]
        assert state_of(open_round) == before

    def test_a_submitted_report_the_file_does_not_change_is_no_obstacle(
        self, open_round, reporter_a
    ):
        region_report_submit(report=open_round.reports.get(region__code="RJH"), user=reporter_a)
        content = csv_bytes(with_cell(table_of(open_round), 1, "Kommentar RN", "Nytt."))

        result = import_table(content)

        assert result.regions == ("RN",)

    def test_include_submitted_changes_it(self, open_round, reporter_a, tmp_path, capsys):
        region_report_submit(report=open_round.reports.get(region__code="RJH"), user=reporter_a)
        path = tmp_path / "f.csv"
        path.write_bytes(self.changed_rjh_and_rn(open_round))

        call_command(
            "import_followup", str(path), "--plan", NORR, "--year", "2024", "--include-submitted"
        )

        assert "Ändrade rapporter: RJH, RN." in capsys.readouterr().out
        report = open_round.reports.get(region__code="RJH")
        assert report.state == "submitted"
        assert report.version == 2  # 1 from filling the round

    def test_every_changed_report_gets_a_new_version_so_open_forms_conflict(
        self, open_round, reporter_b
    ):
        report = open_round.reports.get(region__code="RN")
        goal = Goal.objects.for_plan(open_round.plan)[1]
        assessment = open_round.assessments.get(region__code="RN", goal=goal)
        original = {goal.pk: (assessment.level, assessment.comment)}

        result = import_table(self.changed_rjh_and_rn(open_round))

        assert result.regions == ("RJH", "RN")
        assert sorted(open_round.reports.values_list("region__code", "version")) == [
            ("RJH", 2),  # 1 from filling the round
            ("RN", 2),
            ("RV", 1),
            ("RVN", 1),
        ]
        saved = region_report_save(
            report=report,
            values={goal.pk: ("P", "Reporterns gamla formulär.")},
            original=original,
            user=reporter_b,
        )
        assert [conflict.goal for conflict in saved.conflicts] == [goal]
        assessment.refresh_from_db()
        assert assessment.comment == "Nytt från RCC."

    def test_the_version_bump_keeps_history(self, open_round, coordinator):
        followup_import(
            content=self.changed_rjh_and_rn(open_round),
            filename="f.csv",
            plan_slug=NORR,
            year=2024,
            user=coordinator,
        )

        record = open_round.reports.get(region__code="RN").history.first()
        assert (record.version, record.history_user) == (2, coordinator)


@pytest.mark.django_db
class TestNoTracebacks:
    @pytest.mark.parametrize("year", ["1999", "40000", "-5", "2101"])
    @pytest.mark.parametrize("command", ["import_followup", "export_followup"])
    def test_an_implausible_year_is_refused_in_swedish(self, norr_2023, tmp_path, command, year):
        path = tmp_path / "f.csv"
        path.write_bytes(csv_of(norr_2023))
        args = [str(path)] if command == "import_followup" else ["-o", str(path)]

        with pytest.raises(CommandError, match="Uppföljningsåret ska ligga mellan 2000 och 2100"):
            call_command(command, *args, "--plan", NORR, "--year", year)

    def test_a_year_that_is_no_number_is_refused_in_swedish(self, norr_2023, tmp_path):
        with pytest.raises(CommandError, match="«tjugo» är inget årtal"):
            call_command(
                "export_followup", "--plan", NORR, "--year", "tjugo", "-o", str(tmp_path / "x.csv")
            )

    def test_the_service_refuses_an_implausible_year_too(self, norr_2023):
        rounds = FollowUpRound.objects.count()

        messages = problems_of(csv_of(norr_2023), year=1999)

        assert messages == ["Uppföljningsåret ska ligga mellan 2000 och 2100; 1999 går inte."]
        assert FollowUpRound.objects.count() == rounds
