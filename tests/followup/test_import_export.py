import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from documents.spreadsheets import SpreadsheetError
from followup.models import Assessment, FollowUpRound, RccComment
from followup.services import assessment_condense, followup_export, followup_import
from tests.conftest import NORR


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
