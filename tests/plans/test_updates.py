"""Updating a plan from its exported file: exactly what was edited changes."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from documents.spreadsheets import SpreadsheetError
from followup.models import FollowUpRound
from plans.formats import plan_columns, plan_rows
from plans.models import Activity, Goal, Plan
from plans.services import plan_export, plan_update_apply
from plans.updates import plan_update_read
from registry.models import Membership
from tests.conftest import MELLANSVERIGE

# The exported columns, with those other apps add (plans.columns) before the rows' keys.
HEADERS = [column.header for column in plan_columns()]
COLUMN = {column.header: n for n, column in enumerate(plan_columns())}


def rows_of(content: bytes, fmt: str) -> list[list[str]]:
    """An export's rows, header first, as a person sees them in Excel."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def as_excel_saves(rows: list[list[str]], fmt: str) -> bytes:
    """The rows saved again the way Swedish Excel does: CSV in Windows-1252 with semicolons
    and \\r\\n, or XLSX."""
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        return out.getvalue().encode("cp1252")
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def edited_export(plan, fmt, edit) -> bytes:
    rows = rows_of(plan_export(plan=plan, fmt=fmt), fmt)
    edit(rows)
    return as_excel_saves(rows, fmt)


def content(plan) -> list[list[str]]:
    """The plan's rows without their keys and versions."""
    return [row[:-2] for row in plan_rows(Plan.objects.with_tree().get(pk=plan.pk))]


@pytest.fixture
def plan(db):
    return Plan.objects.get(slug=MELLANSVERIGE)


def two_cells_one_removed_one_added(rows):
    header, body = rows[0], rows[1:]
    body[0][COLUMN["Hur?"]] = "Ett nytt sätt att arbeta"
    body[4][COLUMN["Tidsram"]] = "2026–2027"
    removed = body.pop(7)
    new = list(body[2])
    new[COLUMN["Vad ska göras?"]] = "En ny aktivitet"
    new[COLUMN["Rad-ID"]] = new[COLUMN["Radversion"]] = ""
    body.insert(3, new)
    rows[:] = [header, *body]
    return removed


@pytest.mark.django_db
class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_two_edits_a_removal_and_an_addition(self, plan, fmt, capsys, tmp_path):
        before = content(plan)
        removed = []
        file = tmp_path / f"plan.{fmt}"
        file.write_bytes(
            edited_export(
                plan, fmt, lambda rows: removed.append(two_cells_one_removed_one_added(rows))
            )
        )

        call_command("import_plan", str(file), "--plan", plan.slug, "--update", "--dry-run")
        out = capsys.readouterr().out
        assert out.strip().splitlines()[-1] == "1 nya, 2 ändrade, 1 borttagna"
        assert "«Ett nytt sätt att arbeta»" in out and "En ny aktivitet" in out
        assert content(plan) == before  # a dry run writes nothing

        call_command("import_plan", str(file), "--plan", plan.slug, "--update")
        assert capsys.readouterr().out.strip().splitlines()[-1] == "1 nya, 2 ändrade, 1 borttagna"
        activities = Activity.objects.filter(goal__area__plan=plan)
        assert activities.filter(how="Ett nytt sätt att arbeta").exists()
        changed = activities.get(timeframe="2026–2027")
        assert (changed.first_year, changed.last_year) == (2026, 2027)
        assert activities.filter(what="En ny aktivitet").exists()
        assert not activities.filter(pk=int(removed[0][COLUMN["Rad-ID"]][1:])).exists()
        assert changed.history.first().history_type == "~"

        # The same file imported a second time changes nothing.
        call_command("import_plan", str(file), "--plan", plan.slug, "--update")
        assert capsys.readouterr().out.strip().splitlines()[-1] == "0 nya, 0 ändrade, 0 borttagna"
        # Exporting again gives the edited file; importing it again changes nothing.
        again = plan_update_read(
            plan=plan, content=plan_export(plan=plan, fmt=fmt), filename=f"x.{fmt}", user=None
        )
        assert (again.summary, again.problems) == ("0 nya, 0 ändrade, 0 borttagna", [])

    def test_excel_habits_are_no_change(self, plan):
        def habits(rows):
            for row in rows[1:]:
                row[COLUMN["Hur?"]] = row[COLUMN["Hur?"]].replace("\n", "\r\n") + "  "
                row[COLUMN["Områdesnummer"]] = row[COLUMN["Områdesnummer"]].zfill(2)
                row[COLUMN["Målnummer"]] = row[COLUMN["Målnummer"]].replace(".", ",")

        update = plan_update_read(
            plan=plan, content=edited_export(plan, "csv", habits), filename="p.csv", user=None
        )

        assert (update.summary, update.problems) == ("0 nya, 0 ändrade, 0 borttagna", [])

    def test_renaming_an_area_in_the_file_renames_it(self, plan):
        area = plan.areas.order_by("order").first()

        def rename(rows):
            for row in rows[1:]:
                if row[COLUMN["Område"]] == area.title:
                    row[COLUMN["Område"]] = "Patienter, närstående och föreningar"

        update = plan_update_apply(
            plan=plan, content=edited_export(plan, "csv", rename), filename="p.csv", user=None
        )

        area.refresh_from_db()
        assert area.title == "Patienter, närstående och föreningar"
        # One change, on the area's first row, however many rows the area has.
        assert update.count("changed") == 1
        assert [f.label for f in update.changes[0].fields] == ["Område"]

    def test_a_column_the_file_lacks_leaves_its_field_alone(self, plan):
        def without_how(rows):
            index = COLUMN["Hur?"]
            for row in rows:
                del row[index]

        update = plan_update_read(
            plan=plan, content=edited_export(plan, "csv", without_how), filename="p.csv", user=None
        )

        assert update.summary == "0 nya, 0 ändrade, 0 borttagna"


@pytest.mark.django_db
class TestRefusals:
    def test_an_unknown_key_or_another_plans_key_is_a_problem(self, plan, norr, plan_builder):
        other = plan_builder(slug="annan", owner=norr)
        theirs = Activity.objects.filter(goal__area__plan=other).first()

        def forge(rows):
            rows[1][COLUMN["Rad-ID"]] = "A99999999"
            rows[2][COLUMN["Rad-ID"]] = f"A{theirs.pk}"
            rows[3][COLUMN["Rad-ID"]] = "nyckel"

        update = plan_update_read(
            plan=plan, content=edited_export(plan, "csv", forge), filename="p.csv", user=None
        )

        assert [(p.row, p.column) for p in update.problems] == [
            (2, "Rad-ID"),
            (3, "Rad-ID"),
            (4, "Rad-ID"),
        ]
        assert "Okänt Rad-ID «A99999999»" in update.problems[0].message
        with pytest.raises(SpreadsheetError):
            plan_update_apply(
                plan=plan, content=edited_export(plan, "csv", forge), filename="p.csv", user=None
            )

    def test_a_change_made_after_the_export_is_a_conflict_on_its_row(self, plan, coordinator):
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        activity = Activity.objects.get(pk=int(exported[1][COLUMN["Rad-ID"]][1:]))
        activity.how = "Ändrat i webbläsaren"
        activity._history_user = coordinator
        activity.save()
        exported[1][COLUMN["Hur?"]] = "Ändrat i Excel"
        exported[2][COLUMN["Hur?"]] = "En annan rad, oändrad sedan exporten"
        file = as_excel_saves(exported, "csv")

        update = plan_update_read(plan=plan, content=file, filename="p.csv", user=None)

        assert [p.row for p in update.problems] == [2]
        assert "ändrats efter att filen exporterades av alice" in update.problems[0].message
        assert "Ändrat i webbläsaren" in update.problems[0].message
        with pytest.raises(SpreadsheetError):
            plan_update_apply(plan=plan, content=file, filename="p.csv", user=None)
        activity.refresh_from_db()
        assert activity.how == "Ändrat i webbläsaren"

    def test_removing_a_goal_an_open_round_assesses_is_refused(self, round_builder):
        round = round_builder(state=FollowUpRound.State.OPEN)
        plan = round.plan

        def remove_first_goal(rows):
            goal_text = rows[1][COLUMN["Mål"]]
            rows[:] = [rows[0], *(r for r in rows[1:] if r[COLUMN["Mål"]] != goal_text)]

        update = plan_update_read(
            plan=plan,
            content=edited_export(plan, "csv", remove_first_goal),
            filename="p.csv",
            user=None,
        )

        assert any(
            "som är öppen" in p.message and "Uppföljning 2024" in p.message for p in update.problems
        )

    def test_the_command_exits_non_zero_and_writes_nothing(self, plan, tmp_path):
        before = content(plan)
        file = tmp_path / "p.csv"
        file.write_bytes(
            edited_export(plan, "csv", lambda rows: rows[1].__setitem__(COLUMN["Rad-ID"], "A0"))
        )

        with pytest.raises(CommandError, match="Okänt Rad-ID"):
            call_command("import_plan", str(file), "--plan", plan.slug, "--update")
        assert content(plan) == before
        with pytest.raises(CommandError, match="ingen plan"):
            call_command("import_plan", str(file), "--plan", "finns-inte", "--update")


def upload(client, plan, content: bytes, name="plan.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("plans:plan-update", args=[plan.slug]), {"file": file})


@pytest.fixture
def owner(mellansverige):
    return _coordinator_of(mellansverige)


def _coordinator_of(healthcare_region):
    user = get_user_model().objects.create_user("samordnare", password="pw")
    Membership.objects.create(
        user=user, role=Membership.Role.COORDINATOR, healthcare_region=healthcare_region
    )
    return user


@pytest.mark.django_db
class TestInTheBrowser:
    def test_upload_preview_confirm(self, client, plan, owner):
        client.force_login(owner)
        file = edited_export(plan, "xlsx", two_cells_one_removed_one_added)

        response = upload(client, plan, file, "plan.xlsx")
        assert response.status_code == 302
        preview = client.get(response["Location"])
        html = preview.content.decode()
        assert "1 nya, 2 ändrade, 1 borttagna" in html and "Ett nytt sätt att arbeta" in html
        assert not Activity.objects.filter(how="Ett nytt sätt att arbeta").exists()

        done = client.post(response["Location"], {"action": "confirm"})
        assert done.status_code == 302 and done["Location"] == plan.get_absolute_url()
        activity = Activity.objects.get(how="Ett nytt sätt att arbeta")
        assert activity.history.first().history_user == owner
        # The file is gone with its token.
        assert client.get(response["Location"]).status_code == 404

    def test_cancel_writes_nothing(self, client, plan, owner):
        client.force_login(owner)
        before = content(plan)
        response = upload(client, plan, edited_export(plan, "csv", two_cells_one_removed_one_added))

        client.post(response["Location"], {"action": "cancel"})

        assert content(plan) == before
        assert client.get(response["Location"]).status_code == 404

    def test_problems_are_listed_and_nothing_can_be_confirmed(self, client, plan, owner):
        client.force_login(owner)
        file = edited_export(plan, "csv", lambda rows: rows[1].__setitem__(COLUMN["Rad-ID"], "A0"))
        before = content(plan)

        response = upload(client, plan, file)
        html = client.get(response["Location"]).content.decode()
        assert "Okänt Rad-ID «A0»" in html and 'value="confirm"' not in html
        assert client.post(response["Location"], {"action": "confirm"}).status_code == 409
        assert content(plan) == before

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("plan.pdf", b"%PDF", "Ange en fil som slutar på .csv eller .xlsx."),
            ("plan.csv", b"", "Den skickade filen är tom."),
            ("plan.csv", b"\xff\xfe\x00garbage", "Filen"),
        ],
    )
    def test_bad_files_are_told(self, client, plan, owner, name, data, message):
        client.force_login(owner)
        response = upload(client, plan, data, name)
        assert response.status_code == 400 and message in response.content.decode()

    @pytest.mark.parametrize("who", ["coordinator", "reporter_a", "reader", "outsider"])
    def test_only_the_plans_owners_update_it(self, client, plan, owner, who, request):
        client.force_login(owner)
        preview = upload(client, plan, edited_export(plan, "csv", two_cells_one_removed_one_added))
        client.logout()
        client.force_login(request.getfixturevalue(who))
        before = content(plan)
        assert client.get(reverse("plans:plan-update", args=[plan.slug])).status_code == 403
        assert client.post(preview["Location"], {"action": "confirm"}).status_code == 403
        assert content(plan) == before

    def test_another_persons_token_is_not_found(self, client, plan, owner, mellansverige):
        client.force_login(owner)
        preview = upload(client, plan, edited_export(plan, "csv", two_cells_one_removed_one_added))
        colleague = get_user_model().objects.create_user("kollega", password="pw")
        Membership.objects.create(
            user=colleague, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
        )
        client.force_login(colleague)
        assert client.post(preview["Location"], {"action": "confirm"}).status_code == 404
        forged = reverse("plans:plan-update-preview", args=[plan.slug, "x" * 22])
        assert client.get(forged).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_the_preview_reads_a_fixed_number_of_queries(
    client, norr, plan_builder, coordinator, django_assert_num_queries, size
):
    plan = plan_builder(slug=f"storlek-{size}", owner=norr, areas=size, activities_per_goal=size)

    def edit(rows):
        for row in rows[1:]:
            row[COLUMN["Hur?"]] = "Ändrad"

    client.force_login(coordinator)
    preview = upload(client, plan, edited_export(plan, "csv", edit))["Location"]
    # session, user, memberships, plan; areas, goals, parts, activities; the versions' records
    # of activities, goals and areas; the Insats column agreements adds (plans.columns): the
    # plan's agreement for its cells' check and for its export, and the export's links
    with django_assert_num_queries(14):
        response = client.get(preview)
    assert response.status_code == 200 and "Ändrad" in response.content.decode()


@pytest.mark.django_db
def test_files_nobody_answered_for_a_day_are_deleted(client, plan, owner, monkeypatch):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    client.force_login(owner)
    first = upload(client, plan, edited_export(plan, "csv", two_cells_one_removed_one_added))
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr("plans.views.updates.timezone.now", lambda: later)

    upload(client, plan, edited_export(plan, "csv", two_cells_one_removed_one_added))

    assert client.get(first["Location"]).status_code == 404
    assert len(default_storage.listdir("plan-updates")[1]) == 1


@pytest.mark.django_db
def test_a_local_plans_links_change_through_its_file():
    from tests.conftest import NORR
    from tests.local_plans import build_local_plan

    cancer_plan = Plan.objects.get(slug=NORR)
    parent_goals = list(
        Goal.objects.filter(area__plan=cancer_plan).order_by("area__order", "order")
    )
    local = build_local_plan(region="RJH", parent=cancer_plan, parent_goals=parent_goals[:2])
    goal = Goal.objects.filter(area__plan=local).order_by("area__order", "order").first()
    other = parent_goals[1] if goal.parent_goal_id == parent_goals[0].pk else parent_goals[0]

    def relink(rows):
        for row in rows[1:]:
            if row[COLUMN["Mål"]] == goal.text:
                row[COLUMN["Mål i cancerplanen"]] = other.number
        rows[2][COLUMN["Mål i cancerplanen"]] = "99.9"

    update = plan_update_read(
        plan=local, content=edited_export(local, "csv", relink), filename="p.csv", user=None
    )
    assert [(p.row, p.message) for p in update.problems] == [
        (3, "Cancerplanen har inget mål 99.9.")
    ]

    def relink_only(rows):
        for row in rows[1:]:
            if row[COLUMN["Mål"]] == goal.text:
                row[COLUMN["Mål i cancerplanen"]] = other.number

    plan_update_apply(
        plan=local, content=edited_export(local, "csv", relink_only), filename="p.csv", user=None
    )
    goal.refresh_from_db()
    assert goal.parent_goal == other


@pytest.mark.django_db
class TestWhatTheSaveWouldRefuse:
    """A preview without problems is one that saves: the models' checks run in the preview."""

    @pytest.mark.parametrize(
        ("column", "value", "message"),
        [
            ("Målnummer", "1" * 30, "som mest 20 tecken"),
            ("Måldelar", "x; x", "Samma måldel står två gånger."),
            ("Målnummer", "1²", None),  # not a number Excel made: kept as written, no error
        ],
    )
    def test_values_the_models_refuse_are_problems_on_their_rows(
        self, plan, column, value, message
    ):
        file = edited_export(plan, "csv", lambda rows: rows[1].__setitem__(COLUMN[column], value))

        update = plan_update_read(plan=plan, content=file, filename="p.csv", user=None)

        if message is None:
            assert update.problems == []
        else:
            assert [p.row for p in update.problems] == [2]
            assert message in update.problems[0].message

    def test_two_areas_may_not_end_up_with_one_title(self, plan):
        first, second = plan.areas.order_by("order")[:2]

        def rename(rows):
            for row in rows[1:]:
                if row[COLUMN["Område"]] == second.title:
                    row[COLUMN["Område"]] = first.title

        update = plan_update_read(
            plan=plan, content=edited_export(plan, "csv", rename), filename="p.csv", user=None
        )

        assert any(f"skulle heta «{first.title}»" in p.message for p in update.problems)

    def test_a_row_added_after_the_export_is_not_removed_by_it(self, plan, owner):
        exported = plan_export(plan=plan, fmt="csv")
        goal = plan.areas.order_by("order").first().goals.order_by("order").first()
        added = Activity.objects.create(goal=goal, what="Tillagd i webbläsaren", order=99)

        update = plan_update_read(plan=plan, content=exported, filename="p.csv", user=None)

        assert any("Tillagd i webbläsaren" in p.message for p in update.problems)
        with pytest.raises(SpreadsheetError):
            plan_update_apply(plan=plan, content=exported, filename="p.csv", user=None)
        assert Activity.objects.filter(pk=added.pk).exists()

    def test_a_refused_confirm_says_why(self, client, plan, owner):
        client.force_login(owner)
        preview = upload(client, plan, edited_export(plan, "csv", two_cells_one_removed_one_added))
        goal = plan.areas.order_by("order").first().goals.order_by("order").first()
        Activity.objects.create(goal=goal, what="Tillagd under förhandsgranskningen", order=99)

        response = client.post(preview["Location"], {"action": "confirm"})

        assert response.status_code == 409
        assert "Tillagd under förhandsgranskningen" in response.content.decode()


@pytest.mark.django_db
def test_removing_a_cancer_plan_goal_says_which_local_goals_lose_their_link():
    from tests.conftest import NORR
    from tests.local_plans import build_local_plan

    cancer_plan = Plan.objects.get(slug=NORR)
    first = Goal.objects.filter(area__plan=cancer_plan).order_by("area__order", "order").first()
    build_local_plan(region="RJH", parent=cancer_plan, parent_goals=[first])

    def remove_first(rows):
        rows[:] = [rows[0], *(r for r in rows[1:] if r[COLUMN["Mål"]] != first.text)]

    update = plan_update_read(
        plan=cancer_plan,
        content=edited_export(cancer_plan, "csv", remove_first),
        filename="p.csv",
        user=None,
    )

    assert any("förlorar sin koppling" in warning for warning in update.warnings)


@pytest.mark.django_db
def test_a_new_goal_comes_with_its_parts(plan):
    def add_goal(rows):
        new = list(rows[1])
        new[COLUMN["Mål"]] = "Ett nytt mål i tabellen"
        new[COLUMN["Målnummer"]] = "1.9"
        new[COLUMN["Måldelar"]] = "Ledtider\nInklusion"
        new[COLUMN["Vad ska göras?"]] = "Första aktiviteten"
        new[COLUMN["Rad-ID"]] = new[COLUMN["Radversion"]] = ""
        rows.append(new)

    update = plan_update_apply(
        plan=plan, content=edited_export(plan, "csv", add_goal), filename="p.csv", user=None
    )

    assert update.summary == "1 nya, 0 ändrade, 0 borttagna"
    goal = Goal.objects.get(area__plan=plan, text="Ett nytt mål i tabellen")
    assert list(goal.parts.order_by("order").values_list("name", flat=True)) == [
        "Ledtider",
        "Inklusion",
    ]
    assert goal.activities.get().what == "Första aktiviteten"
