"""The plan spreadsheet's column Insats (agreements registers it with plans.columns): export
writes it, a new plan's import and a plan's update read it, and an unknown reference is a
problem on its row that writes nothing."""

import csv
import io
from dataclasses import replace

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agreements.links import activity_links_set
from agreements.models import ActivityLink, Agreement, Initiative
from documents.spreadsheets import SpreadsheetError
from plans import columns
from plans.columns import extra_columns
from plans.formats import PLAN_COLUMNS, plan_columns
from plans.models import Activity, Plan
from plans.services import plan_export, plan_import, plan_update_apply
from plans.updates import plan_update_read
from registry.models import HealthcareRegion, Membership, Region
from tests.agreements.conftest import build_agreement
from tests.conftest import _user, build_plan

HEADERS = [column.header for column in plan_columns()]
COLUMN = {header: n for n, header in enumerate(HEADERS)}


def rows_of(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def saved(rows: list[list[str]], fmt: str) -> bytes:
    """The rows as a person saves them again: CSV with semicolons, or XLSX."""
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(rows)
        return out.getvalue().encode("utf-8")
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes) -> io.BytesIO:
    """The file as the browser sends it."""
    file = io.BytesIO(content)
    file.name = "plan.csv"
    return file


def create_page_data(*, title: str, slug: str, kind: str, owner: str) -> dict:
    """What a person fills in on the create page for a plan of 2040."""
    return {
        "title": title,
        "slug": slug,
        "kind": kind,
        "owner": owner,
        "period": "2040",
        "parent": "",
        "introduction": "",
    }


def without_column(rows: list[list[str]], header: str) -> list[list[str]]:
    n = rows[0].index(header)
    return [row[:n] + row[n + 1 :] for row in rows]


def activities(plan: Plan) -> list[Activity]:
    return list(
        Activity.objects.filter(goal__area__plan=plan).order_by(
            "goal__area__order", "goal__order", "order"
        )
    )


def refs(activity: Activity) -> list[str]:
    links = ActivityLink.objects.filter(activity=activity).order_by("initiative__ref")
    return [
        f"{year}:{ref}"
        for year, ref in links.values_list("initiative__agreement__year", "initiative__ref")
    ]


def link(activity: Activity, agreement: Agreement, *values: str) -> None:
    initiatives = Initiative.objects.filter(agreement=agreement, ref__in=values)
    activity_links_set(activity=activity, initiatives=initiatives, user=None)


def import_new(content: bytes, fmt: str, *, slug: str = "ny-2040", year: int = 2040) -> Plan:
    return plan_import(
        content=content,
        filename=f"plan.{fmt}",
        slug=slug,
        title="Ny plan",
        kind=Plan.Kind.ACTION_PLAN,
        owner=HealthcareRegion.objects.get(code="norr"),
        first_year=year,
        last_year=year,
    ).plan


@pytest.fixture
def agreement(db) -> Agreement:
    return build_agreement(year=2040)


@pytest.fixture
def later(db) -> Agreement:
    return build_agreement(year=2041)


@pytest.fixture
def plan(agreement) -> Plan:
    plan = build_plan(slug="plan-2040", owner=HealthcareRegion.objects.get(code="norr"))
    Plan.objects.filter(pk=plan.pk).update(first_year=2040, last_year=2040)
    plan.refresh_from_db()
    return plan


@pytest.mark.django_db
class TestExport:
    def test_the_column_stands_before_the_rows_keys(self):
        assert [column.header for column in extra_columns()] == ["Insats"]
        assert HEADERS[-3:] == ["Insats", "Rad-ID", "Radversion"]
        assert HEADERS[:-3] == [column.header for column in PLAN_COLUMNS[:-2]]

    def test_without_a_registered_column_the_spreadsheet_is_the_plans_own(self, plan, monkeypatch):
        monkeypatch.setattr("plans.columns._registry", {})

        assert plan_columns() == PLAN_COLUMNS
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        assert exported[0] == [column.header for column in PLAN_COLUMNS]

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_it_writes_each_rows_references_another_years_with_its_year(
        self, plan, agreement, later, fmt
    ):
        rows = activities(plan)
        link(rows[0], agreement, "1.1", "2.1.1")
        activity_links_set(
            activity=rows[1],
            initiatives=Initiative.objects.filter(ref="1.2", agreement__in=[agreement, later]),
            user=None,
        )

        exported = rows_of(plan_export(plan=plan, fmt=fmt), fmt)

        assert exported[0] == HEADERS
        cells = [row[COLUMN["Insats"]] for row in exported[1:]]
        assert cells[:3] == ["1.1, 2.1.1", "2041:1.2, 1.2", ""]


@pytest.mark.django_db
class TestImport:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_a_link_survives_export_and_import(self, plan, agreement, later, fmt):
        rows = activities(plan)
        link(rows[0], agreement, "1.1", "2.2")
        link(rows[3], later, "1.1.1")

        new = import_new(plan_export(plan=plan, fmt=fmt), fmt)

        copied = activities(new)
        assert [a.what for a in copied] == [a.what for a in rows]
        assert refs(copied[0]) == ["2040:1.1", "2040:2.2"]
        assert refs(copied[3]) == ["2041:1.1.1"]
        assert [refs(a) for a in copied[1:3] + copied[4:]] == [[]] * (len(rows) - 2)
        record = ActivityLink.history.filter(activity_id=copied[0].pk).first()
        assert record is not None and record.history_type == "+"

    def test_plain_references_resolve_in_the_new_plans_agreement(self, plan, agreement, later):
        link(activities(plan)[0], agreement, "1.1")

        new = import_new(plan_export(plan=plan, fmt="csv"), "csv", year=2041)

        assert refs(activities(new)[0]) == ["2041:1.1"]  # "1.1" of the 2041 plan's agreement

    def test_an_unknown_reference_is_refused_on_its_row_and_nothing_is_written(
        self, plan, agreement
    ):
        rows = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        rows[2][COLUMN["Insats"]] = "1.1, 9.9"
        rows[4][COLUMN["Insats"]] = "2039:1.1"
        rows[5][COLUMN["Insats"]] = "1.1 och 1.2"

        with pytest.raises(SpreadsheetError) as caught:
            import_new(saved(rows, "csv"), "csv")

        assert [(p.row, p.column, p.message) for p in caught.value.problems] == [
            (3, "Insats", "Överenskommelsen 2040 har ingen insats 9.9."),
            (5, "Insats", "Överenskommelsen 2039 har ingen insats 1.1."),
            (6, "Insats", "«1.1 och 1.2» är ingen referens till en insats, t.ex. 2.3."),
        ]
        assert not Plan.objects.filter(slug="ny-2040").exists()

    def test_a_reference_on_a_row_without_an_activity_is_a_problem(self, agreement):
        content = "Område;Mål;Vad ska göras?;Insats\nA;Ett mål;;1.1\nA;Ett mål;Göra;1.2\n"

        with pytest.raises(SpreadsheetError) as caught:
            import_new(content.encode(), "csv")

        assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Insats")]
        assert "ingen aktivitet" in caught.value.problems[0].message

    def test_the_create_page_reads_the_column(self, client, coordinator, agreement):
        content = "Område;Mål;Vad ska göras?;Insats\nA;Ett mål;Göra;1.2\nA;Ett mål;Mer;9.9\n"
        data = create_page_data(
            title="Ny",
            slug="ny-fran-fil",
            kind=Plan.Kind.ACTION_PLAN,
            owner=f"sjukvardsregion-{HealthcareRegion.objects.get(code='norr').pk}",
        )
        client.force_login(coordinator)

        response = client.post(
            reverse("plans:plan-create"), {**data, "file": upload(content.encode())}
        )

        assert response.status_code == 400
        assert "Överenskommelsen 2040 har ingen insats 9.9." in response.content.decode()
        file = upload(content.replace("9.9", "2.1").encode())
        preview = client.post(reverse("plans:plan-create"), {**data, "file": file})
        client.post(preview["Location"], {"action": "confirm"})
        new = Plan.objects.get(slug="ny-fran-fil")
        assert [refs(a) for a in activities(new)] == [["2040:1.2"], ["2040:2.1"]]


@pytest.mark.django_db
class TestUpdate:
    def test_an_absent_column_leaves_the_links(self, plan, agreement):
        rows = activities(plan)
        link(rows[0], agreement, "1.1")
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        exported[1][COLUMN["Hur?"]] = "Ändrat"

        content = saved(without_column(exported, "Insats"), "csv")
        plan_update_apply(plan=plan, content=content, filename="plan.csv", user=None)

        assert refs(rows[0]) == ["2040:1.1"]
        assert Activity.objects.get(pk=rows[0].pk).how == "Ändrat"

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_a_cell_sets_a_rows_links_and_an_empty_one_clears_them(self, plan, agreement, fmt):
        rows = activities(plan)
        link(rows[0], agreement, "1.1")
        link(rows[1], agreement, "1.2", "2.1")
        exported = rows_of(plan_export(plan=plan, fmt=fmt), fmt)
        exported[1][COLUMN["Insats"]] = ""
        exported[2][COLUMN["Insats"]] = "2.1\n1.2"  # the same links, otherwise written
        exported[3][COLUMN["Insats"]] = "2.2"
        content = saved(exported, fmt)

        update = plan_update_read(plan=plan, content=content, filename=f"plan.{fmt}", user=None)

        assert update.problems == []
        changes = {c.row: [(f.label, f.before, f.after) for f in c.fields] for c in update.changes}
        assert changes == {2: [("Insats", "1.1", "")], 4: [("Insats", "", "2.2")]}
        assert "Insats: «1.1» → «»" in update.report()

        plan_update_apply(plan=plan, content=content, filename=f"plan.{fmt}", user=None)

        assert [refs(a) for a in activities(plan)[:3]] == [
            [],
            ["2040:1.2", "2040:2.1"],
            ["2040:2.2"],
        ]

    def test_an_update_writes_only_the_cells_it_changes(self, plan, agreement, monkeypatch):
        """A cell as exported is not written back: it would undo a link set since it was read."""
        rows = activities(plan)
        link(rows[0], agreement, "1.1")
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        exported[2][COLUMN["Insats"]] = "2.2"
        written = []
        column = columns._registry["initiatives"]

        def apply(plan, cells, user):
            written.append(cells)
            column.apply(plan, cells, user)

        monkeypatch.setitem(columns._registry, "initiatives", replace(column, apply=apply))

        plan_update_apply(plan=plan, content=saved(exported, "csv"), filename="p.csv", user=None)

        assert written == [{rows[1].pk: "2.2"}]
        assert (refs(rows[0]), refs(rows[1])) == (["2040:1.1"], ["2040:2.2"])

    def test_a_new_row_of_the_file_gets_its_links(self, plan, agreement):
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        new = list(exported[1])
        new[COLUMN["Vad ska göras?"]] = "En ny aktivitet"
        new[COLUMN["Rad-ID"]] = new[COLUMN["Radversion"]] = ""
        new[COLUMN["Insats"]] = "1.2.1"
        exported.append(new)

        plan_update_apply(plan=plan, content=saved(exported, "csv"), filename="p.csv", user=None)

        added = Activity.objects.get(goal__area__plan=plan, what="En ny aktivitet")
        assert refs(added) == ["2040:1.2.1"]

    def test_an_unknown_reference_is_a_problem_and_nothing_is_written(self, plan, agreement):
        rows = activities(plan)
        link(rows[0], agreement, "1.1")
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        exported[1][COLUMN["Insats"]] = ""
        exported[1][COLUMN["Hur?"]] = "Ändrat"
        exported[2][COLUMN["Insats"]] = "7.7"
        content = saved(exported, "csv")

        problems = plan_update_read(
            plan=plan, content=content, filename="p.csv", user=None
        ).problems
        assert [(p.row, p.column, p.message) for p in problems] == [
            (3, "Insats", "Överenskommelsen 2040 har ingen insats 7.7.")
        ]
        with pytest.raises(SpreadsheetError):
            plan_update_apply(plan=plan, content=content, filename="p.csv", user=None)

        assert refs(rows[0]) == ["2040:1.1"]
        assert Activity.objects.get(pk=rows[0].pk).how == ""

    def test_the_update_page_previews_and_confirms_the_column(self, client, agreement):
        norr = HealthcareRegion.objects.get(code="norr")
        plan = build_plan(slug="sidan-2040", owner=norr)
        Plan.objects.filter(pk=plan.pk).update(first_year=2040, last_year=2040)
        rows = activities(plan)
        link(rows[0], agreement, "1.1")
        owner = _user("samordnare", Membership.Role.COORDINATOR, healthcare_region=norr)
        exported = rows_of(plan_export(plan=plan, fmt="csv"), "csv")
        exported[1][COLUMN["Insats"]] = "2.2"
        client.force_login(owner)

        preview = client.post(
            reverse("plans:plan-update", args=[plan.slug]),
            {"file": upload(saved(exported, "csv"))},
        )
        page = client.get(preview["Location"]).content.decode()

        assert "Insats" in page and "<del>1.1</del>" in page and "<ins>2.2</ins>" in page
        client.post(preview["Location"], {"action": "confirm"})
        assert refs(rows[0]) == ["2040:2.2"]


REFUSED = (
    "Bara samordnarna på RCC Norr kopplar planens aktiviteter till insatser. Ta bort kolumnen "
    "Insats ur filen, eller lämna den som planens export har den."
)


@pytest.mark.django_db
class TestWhoChangesTheColumn:
    """The column follows the rule of the links page (agreements.permissions.may_link_plan):
    a region's planner updates their local plan from its file but does not change its links."""

    @pytest.fixture
    def local_plan(self, agreement) -> Plan:
        plan = build_plan(slug="lokal-2040", owner=HealthcareRegion.objects.get(code="norr"))
        Plan.objects.filter(pk=plan.pk).update(
            kind=Plan.Kind.LOCAL_PLAN,
            owner_healthcare_region=None,
            owner_region=Region.objects.get(code="RJH"),
            first_year=2040,
            last_year=2040,
        )
        plan.refresh_from_db()
        link(activities(plan)[0], agreement, "1.1")
        return plan

    @pytest.fixture
    def planner(self, registry):
        return _user("pia", Membership.Role.PLANNER, region=Region.objects.get(code="RJH"))

    def exported(self, plan: Plan, fmt: str = "csv") -> list[list[str]]:
        return rows_of(plan_export(plan=plan, fmt=fmt), fmt)

    def test_a_planners_file_that_changes_links_is_refused_and_writes_nothing(
        self, local_plan, planner
    ):
        rows = self.exported(local_plan)
        rows[1][COLUMN["Insats"]] = ""  # would remove 1.1
        rows[1][COLUMN["Hur?"]] = "Ändrat"
        rows[2][COLUMN["Insats"]] = "2.2"  # would add one
        content = saved(rows, "csv")

        update = plan_update_read(plan=local_plan, content=content, filename="p.csv", user=planner)

        assert [(p.row, p.column, p.message) for p in update.problems] == [
            (2, "Insats", REFUSED),
            (3, "Insats", REFUSED),
        ]
        with pytest.raises(SpreadsheetError):
            plan_update_apply(plan=local_plan, content=content, filename="p.csv", user=planner)
        first, second = activities(local_plan)[:2]
        assert (refs(first), refs(second), first.how) == (["2040:1.1"], [], "")

    def test_a_planners_new_row_with_links_is_refused(self, local_plan, planner):
        rows = self.exported(local_plan)
        new = list(rows[1])
        new[COLUMN["Vad ska göras?"]] = "En ny aktivitet"
        new[COLUMN["Rad-ID"]] = new[COLUMN["Radversion"]] = ""
        new[COLUMN["Insats"]] = "1.2"
        rows.append(new)

        update = plan_update_read(
            plan=local_plan, content=saved(rows, "csv"), filename="p.csv", user=planner
        )

        assert [(p.row, p.message) for p in update.problems] == [(len(rows), REFUSED)]

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_a_planners_file_with_the_column_as_exported_updates_the_rest(
        self, local_plan, planner, fmt
    ):
        rows = self.exported(local_plan, fmt)
        rows[1][COLUMN["Hur?"]] = "Ändrat"
        rows[1][COLUMN["Insats"]] = " 1.1 "  # as exported, but for the spacing
        content = saved(rows, fmt)

        plan_update_apply(plan=local_plan, content=content, filename=f"p.{fmt}", user=planner)

        first = activities(local_plan)[0]
        assert (first.how, refs(first)) == ("Ändrat", ["2040:1.1"])

    def test_the_rccs_coordinator_changes_the_local_plans_links(self, local_plan, coordinator):
        rows = self.exported(local_plan)
        rows[1][COLUMN["Insats"]] = "2.2"

        plan_update_apply(
            plan=local_plan, content=saved(rows, "csv"), filename="p.csv", user=coordinator
        )

        assert refs(activities(local_plan)[0]) == ["2040:2.2"]

    def test_a_planners_new_plan_with_links_is_refused(self, agreement, planner):
        content = "Område;Mål;Vad ska göras?;Insats\nA;Ett mål;Göra;1.2\nA;Ett mål;Mer;\n"

        with pytest.raises(SpreadsheetError) as caught:
            plan_import(
                content=content.encode(),
                filename="plan.csv",
                slug="lokal-ny",
                title="Ny lokal plan",
                kind=Plan.Kind.LOCAL_PLAN,
                owner=Region.objects.get(code="RJH"),
                first_year=2040,
                last_year=2040,
                user=planner,
            )

        assert [(p.row, p.message) for p in caught.value.problems] == [(2, REFUSED)]
        assert not Plan.objects.filter(slug="lokal-ny").exists()

    def test_the_update_page_refuses_a_planners_confirmed_change(self, client, local_plan, planner):
        rows = self.exported(local_plan)
        rows[1][COLUMN["Insats"]] = "2.2"
        client.force_login(planner)

        preview = client.post(
            reverse("plans:plan-update", args=[local_plan.slug]),
            {"file": upload(saved(rows, "csv"))},
        )
        assert REFUSED in client.get(preview["Location"]).content.decode()
        confirmed = client.post(preview["Location"], {"action": "confirm"})

        assert confirmed.status_code == 409
        assert REFUSED in confirmed.content.decode()
        assert refs(activities(local_plan)[0]) == ["2040:1.1"]

    def test_the_create_page_refuses_a_planners_links_before_anything_is_kept(
        self, client, agreement, planner
    ):
        data = create_page_data(
            title="Ny lokal plan",
            slug="lokal-ny",
            kind=Plan.Kind.LOCAL_PLAN,
            owner=f"region-{Region.objects.get(code='RJH').pk}",
        )
        file = upload("Område;Mål;Vad ska göras?;Insats\nA;Ett mål;Göra;1.2\n".encode())
        client.force_login(planner)

        response = client.post(reverse("plans:plan-create"), {**data, "file": file})

        assert response.status_code == 400
        assert "Rad 2, kolumn Insats: " + REFUSED in response.content.decode()
        assert not Plan.objects.filter(slug="lokal-ny").exists()
