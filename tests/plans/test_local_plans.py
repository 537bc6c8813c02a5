"""Local plans tied to the cancer plan: a local goal links to the cancer plan goal it
concretises (in the edit view and in the spreadsheet), the cancer plan's page shows the
regions' local goals under each goal, the coverage table counts them per region, and the local
plan's page names the goal each of its goals concretises. Only local plans the person may read
count, and every page reads a fixed number of queries."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from documents.concurrency import history_version
from documents.spreadsheets import SpreadsheetError
from plans.formats import PLAN_COLUMNS, plan_rows
from plans.models import Goal, Plan
from plans.services import plan_export, plan_import
from tests.conftest import MELLANSVERIGE, NORR
from tests.local_plans import build_local_plan, planner

HTMX = {"HTTP_HX_REQUEST": "true"}
HEADER = ["Område", "Mål", "Vad ska göras?", "Mål i cancerplanen"]


@pytest.fixture
def cancer_plan(db) -> Plan:
    return Plan.objects.get(slug=NORR)


def norr_goal(number: str) -> Goal:
    return Goal.objects.get(area__plan__slug=NORR, number=number)


def csv_bytes(rows, header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def import_local(content: bytes, *, parent=NORR, kind=Plan.Kind.LOCAL_PLAN, owner="RJH", **kw):
    return plan_import(
        **{"filename": "lokal.csv", **kw},
        content=content,
        slug="rjh-ny",
        title="Lokal handlingsplan RJH",
        kind=kind,
        owner=owner,
        first_year=2022,
        last_year=2024,
        parent_slug=parent,
    )


def problems(content: bytes, **kwargs) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(SpreadsheetError) as error:
        import_local(content, **kwargs)
    assert not Plan.objects.filter(slug="rjh-ny").exists()
    return [(p.row, p.column, p.message) for p in error.value.problems]


@pytest.mark.django_db
class TestSpreadsheet:
    def test_the_column_stands_just_before_the_rows_keys(self):
        headers = [column.header for column in PLAN_COLUMNS]
        assert headers[-3:] == ["Mål i cancerplanen", "Rad-ID", "Radversion"]
        assert next(c for c in PLAN_COLUMNS if c.header == "Mål i cancerplanen").alias == (
            "parent_goal"
        )

    def test_import_links_goals_by_the_cancer_plan_goals_number(self, cancer_plan):
        content = csv_bytes(
            [
                ["Prevention", "Gentester i RJH", "Utbilda", "1.1"],
                ["Prevention", "Gentester i RJH", "Följa upp", ""],  # the goal's first number
                ["Prevention", "Screening i RJH", "", "1,2"],  # as Swedish Excel writes 1.2
                ["Patienterna", "Kssk för alla", "", "02.1"],
                ["Patienterna", "Eget mål", "", ""],
            ]
        )

        result = import_local(content)

        links = dict(
            Goal.objects.filter(area__plan=result.plan).values_list("text", "parent_goal__number")
        )
        assert links == {
            "Gentester i RJH": "1.1",
            "Screening i RJH": "1.2",
            "Kssk för alla": "2.1",
            "Eget mål": None,
        }
        assert {
            g.parent_goal.area.plan_id
            for g in Goal.objects.filter(area__plan=result.plan)
            if g.parent_goal
        } == {cancer_plan.pk}

    def test_a_number_the_cancer_plan_lacks_is_an_error_on_its_row(self, cancer_plan):
        content = csv_bytes(
            [
                ["Prevention", "Gentester i RJH", "", "1.1"],
                ["Prevention", "Okänt", "", "9.9"],
                ["Prevention", "Också okänt", "", "1.1.1"],
            ]
        )

        assert problems(content) == [
            (
                3,
                "Mål i cancerplanen",
                f"Cancerplanen «{cancer_plan.title}» har inget mål med numret 9.9.",
            ),
            (
                4,
                "Mål i cancerplanen",
                f"Cancerplanen «{cancer_plan.title}» har inget mål med numret 1.1.1.",
            ),
        ]

    def test_a_number_the_cancer_plan_has_twice_is_an_error(self, cancer_plan):
        Goal.objects.filter(pk=norr_goal("1.2").pk).update(number="1.1")

        found = problems(csv_bytes([["Prevention", "Gentester i RJH", "", "1.1"]]))

        assert found == [
            (
                2,
                "Mål i cancerplanen",
                f"Cancerplanen «{cancer_plan.title}» har flera mål med numret 1.1.",
            )
        ]

    def test_a_plan_without_a_cancer_plan_cannot_link(self):
        content = csv_bytes([["A", "Mål 1", "", "1.1"], ["A", "Mål 2", "", "1.2"]])

        [(row, column, message)] = problems(content, parent=None)

        assert (row, column) == (2, "Mål i cancerplanen")
        assert message.startswith("Planen bygger inte på någon cancerplan.")

    def test_only_a_local_plan_links(self):
        content = csv_bytes([["A", "Mål 1", "", "1.1"]])

        [(row, column, message)] = problems(content, kind=Plan.Kind.ACTION_PLAN, owner="norr")

        assert (row, column) == (2, "Mål i cancerplanen")
        assert "lokala handlingsplan" in message

    def test_two_rows_of_a_goal_may_not_name_two_goals(self):
        content = csv_bytes(
            [
                ["A", "Mål 1", "Första", "1.1"],
                ["A", "Mål 1", "Andra", "1,1"],
                ["A", "Mål 1", "Tredje", "1.2"],
            ]
        )

        assert problems(content) == [
            (4, "Mål i cancerplanen", "Målet konkretiserar redan mål 1.1 i cancerplanen (rad 2)."),
        ]

    def test_an_empty_column_is_no_link_and_no_error_for_any_plan(self, norr):
        content = csv_bytes([["A", "Mål 1", "", ""]])

        result = import_local(content, kind=Plan.Kind.ACTION_PLAN, owner="norr", parent=None)

        assert Goal.objects.get(area__plan=result.plan).parent_goal is None

    @pytest.mark.parametrize("goals", [2, 20])
    def test_the_numbers_are_resolved_in_one_query(
        self, cancer_plan, goals, django_assert_num_queries
    ):
        numbers = list(
            Goal.objects.filter(area__plan=cancer_plan)
            .order_by("area__order", "order")
            .values_list("number", flat=True)[:goals]
        )
        content = csv_bytes([["A", f"Mål {n}", f"Aktivitet {n}", n] for n in numbers])

        # the import's own queries (see test_import's test_it_writes_in_bulk_whatever_the_size:
        # the slug, the owner, the parent, the plan's full_clean in savepoints, the bodies, the
        # inserts with their history) and one more: the cancer plan's goal numbers
        with django_assert_num_queries(31):
            result = import_local(content)

        assert (
            Goal.objects.filter(area__plan=result.plan, parent_goal__isnull=False).count() == goals
        )

    def test_export_writes_the_number_and_reads_back_into_the_same_links(self, cancer_plan):
        local = build_local_plan(
            region="RJH", parent=cancer_plan, parent_goals=[norr_goal("1.1"), norr_goal("2.3")]
        )
        column = [c.alias for c in PLAN_COLUMNS].index("parent_goal")

        rows = plan_rows(Plan.objects.with_tree().get(pk=local.pk))
        result = import_local(plan_export(plan=local, fmt="xlsx"), filename="lokal.xlsx")

        assert [row[column] for row in rows] == ["1.1", "2.3"]
        assert list(
            Goal.objects.filter(area__plan=result.plan)
            .order_by("area__order", "order")
            .values_list("parent_goal__number", flat=True)
        ) == ["1.1", "2.3"]

    def test_the_command_imports_a_regions_local_plan(self, tmp_path, cancer_plan):
        path = tmp_path / "rjh.csv"
        path.write_bytes(csv_bytes([["Prevention", "Gentester i RJH", "Utbilda", "1.1"]]))
        args = [
            str(path),
            "--slug=rjh-2023",
            "--title=Lokal handlingsplan RJH 2023",
            "--kind=lokal",
            "--owner=RJH",
            "--period=2023",
            f"--parent={NORR}",
        ]

        call_command("import_plan", *args, "--dry-run", stdout=io.StringIO())
        assert not Plan.objects.filter(slug="rjh-2023").exists()
        call_command("import_plan", *args, stdout=io.StringIO())

        goal = Goal.objects.get(area__plan__slug="rjh-2023")
        assert goal.parent_goal == norr_goal("1.1")

    def test_the_command_tells_an_unknown_number(self, tmp_path):
        path = tmp_path / "rjh.csv"
        path.write_bytes(csv_bytes([["Prevention", "Gentester i RJH", "", "8.1"]]))

        with pytest.raises(CommandError, match="Rad 2, kolumn Mål i cancerplanen: .*numret 8.1"):
            call_command(
                "import_plan",
                str(path),
                "--slug=rjh-2023",
                "--title=T",
                "--kind=lokal",
                "--owner=RJH",
                "--period=2023",
                f"--parent={NORR}",
                stdout=io.StringIO(),
            )
        assert not Plan.objects.filter(slug="rjh-2023").exists()


def goal_data(goal, **changes):
    return {
        "version": history_version(goal),
        "area": goal.area_id,
        "number": goal.number,
        "text": goal.text,
        "current_state": goal.current_state,
        "parent_goal": goal.parent_goal_id or "",
        "parts": "",
        "parts_original": "",
        **changes,
    }


@pytest.mark.django_db
class TestParentGoalSelect:
    """A local plan's goal picks the cancer plan goal it concretises, grouped by area."""

    @pytest.fixture
    def local(self, cancer_plan):
        return build_local_plan(region="RJH", parent=cancer_plan, parent_goals=[norr_goal("1.1")])

    @pytest.fixture
    def rjh_planner(self, registry):
        return planner("planner-rjh", "RJH")

    def test_the_choices_are_the_cancer_plans_goals_grouped_by_area(
        self, client, local, rjh_planner, cancer_plan
    ):
        goal = Goal.objects.get(area__plan=local)
        client.force_login(rjh_planner)

        content = client.get(
            reverse("plans:row-edit", args=[local.slug, "mal", goal.pk]), **HTMX
        ).content.decode()

        select = re.search(r'<select name="parent_goal".*?</select>', content, re.S).group(0)
        groups = re.findall(r'<optgroup label="([^"]+)">', select)
        assert groups == [str(area) for area in cancer_plan.areas.order_by("order")]
        values = re.findall(r'<option value="(\d+)"', select)
        assert sorted(map(int, values)) == sorted(
            Goal.objects.filter(area__plan=cancer_plan).values_list("pk", flat=True)
        )
        assert re.search(rf'<option value="{norr_goal("1.1").pk}" selected>1\.1 ', select)
        assert '<option value="">– inget valt –</option>' in select
        assert "Mål i cancerplanen" in content and cancer_plan.title in content

    def test_choosing_a_goal_saves_the_link_with_history(self, client, local, rjh_planner):
        goal = Goal.objects.get(area__plan=local)
        client.force_login(rjh_planner)

        response = client.post(
            reverse("plans:row-edit", args=[local.slug, "mal", goal.pk]),
            goal_data(goal, parent_goal=norr_goal("2.3").pk),
            **HTMX,
        )

        assert response.status_code == 200
        goal.refresh_from_db()
        assert goal.parent_goal == norr_goal("2.3")
        assert goal.history.latest().history_user == rjh_planner
        assert "Konkretiserar" in response.content.decode()
        assert "mål 2.3 i Cancerplan för norra sjukvårdsregionen" in response.content.decode()

    def test_the_link_can_be_cleared(self, client, local, rjh_planner):
        goal = Goal.objects.get(area__plan=local)
        client.force_login(rjh_planner)

        client.post(
            reverse("plans:row-edit", args=[local.slug, "mal", goal.pk]),
            goal_data(goal, parent_goal=""),
            **HTMX,
        )

        goal.refresh_from_db()
        assert goal.parent_goal is None

    def test_a_goal_of_another_plan_is_an_error_on_the_field(self, client, local, rjh_planner):
        goal = Goal.objects.get(area__plan=local)
        foreign = Goal.objects.filter(area__plan__slug=MELLANSVERIGE).first()
        client.force_login(rjh_planner)

        for forged in (foreign.pk, goal.pk, 99_999_999, "x"):
            response = client.post(
                reverse("plans:row-edit", args=[local.slug, "mal", goal.pk]),
                goal_data(goal, parent_goal=forged, text="Ändrad text"),
                **HTMX,
            )

            assert response.status_code == 400
            content = response.content.decode()
            assert "Välj ett av cancerplanens mål i listan." in content
            assert "Ändrad text" in content  # what was typed is kept
        goal.refresh_from_db()
        assert goal.parent_goal == norr_goal("1.1") and goal.text != "Ändrad text"

    def test_a_new_goal_is_linked_as_it_is_added(self, client, local, rjh_planner):
        area = local.areas.get()
        client.force_login(rjh_planner)

        response = client.post(
            reverse("plans:row-add", args=[local.slug, "mal"]),
            {"under": area.pk, "text": "Nytt lokalt mål", "parent_goal": norr_goal("1.4").pk},
        )

        assert response.status_code == 302
        assert area.goals.get(text="Nytt lokalt mål").parent_goal == norr_goal("1.4")

    def test_only_a_local_plan_with_a_cancer_plan_has_the_field(
        self, client, coordinator, cancer_plan, rjh_planner
    ):
        orphan = build_local_plan(region="RJH", parent=cancer_plan, slug="utan", parent_goals=[])
        Plan.objects.filter(pk=orphan.pk).update(parent=None)
        orphan.areas.create(title="A", order=1).goals.create(text="Mål", order=1)
        cases = [
            (coordinator, cancer_plan, Goal.objects.filter(area__plan=cancer_plan).first()),
            (rjh_planner, orphan, Goal.objects.get(area__plan=orphan)),
        ]
        for user, plan, goal in cases:
            client.force_login(user)
            url = reverse("plans:row-edit", args=[plan.slug, "mal", goal.pk])
            content = client.get(url, **HTMX).content.decode()
            assert 'name="number"' in content and 'name="parent_goal"' not in content


def page(client, user, plan) -> str:
    client.force_login(user)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def coverage_url(plan) -> str:
    return reverse("plans:plan-coverage", args=[plan.slug])


@pytest.fixture
def two_regions(cancer_plan):
    """RJH's local plan, a draft, and RN's, approved, each concretising goals 1.1 and 2.1."""
    goals = [norr_goal("1.1"), norr_goal("2.1")]
    rjh = build_local_plan(
        region="RJH",
        parent=cancer_plan,
        parent_goals=goals,
        goals_per_parent=2,
        activities_per_goal=2,
        status=Plan.Status.DRAFT,
    )
    rn = build_local_plan(region="RN", parent=cancer_plan, parent_goals=goals[:1])
    return rjh, rn


@pytest.mark.django_db
class TestCancerPlanPage:
    def test_under_each_goal_the_regions_local_goals_with_links(
        self, client, coordinator, cancer_plan, two_regions
    ):
        rjh, rn = two_regions
        content = page(client, coordinator, cancer_plan)

        goal = norr_goal("1.1")
        section = content[content.index(f'id="mal-{goal.pk}"') :]
        section = section[: section.index("</details>")]
        assert '<details class="local-goals">' in section
        assert "3 lokala mål i regionerna: RJH, RN" in section
        for local in Goal.objects.filter(parent_goal=goal):
            plan = local.area.plan
            assert f'href="{plan.get_absolute_url()}#mal-{local.pk}"' in section
            assert local.text in section
        assert "RJH: aktivitet 2 till 1.1.2" in section
        assert "Region Norrbotten" in section and "Utkast" in section  # RJH's is a draft
        assert "1 lokalt mål i regionerna: RJH" not in section
        assert content.count('<details class="local-goals">') == 2  # 1.1 and 2.1 only

    def test_local_goals_are_anchored_on_the_local_plans_page(
        self, client, coordinator, two_regions
    ):
        rjh, _rn = two_regions
        content = page(client, coordinator, rjh)

        for local in Goal.objects.filter(area__plan=rjh):
            assert f'id="mal-{local.pk}"' in content

    @pytest.mark.parametrize(
        ("who", "sees_rjh", "sees_rn"),
        [
            ("coordinator", True, True),
            ("rjh_planner", True, True),
            ("rn_planner", False, True),
            ("reader", False, True),
            ("other_coordinator", False, True),  # Mellansverige sees nothing of Norr's drafts
        ],
    )
    def test_only_local_plans_the_person_may_read(
        self, client, request, cancer_plan, two_regions, who, sees_rjh, sees_rn
    ):
        users = {"rjh_planner": ("RJH",), "rn_planner": ("RN",)}
        user = planner(who, *users[who]) if who in users else request.getfixturevalue(who)

        content = page(client, user, cancer_plan)
        coverage = client.get(coverage_url(cancer_plan)).content.decode()

        for text in ("RJH: lokalt mål", "Lokal handlingsplan Region Jämtland Härjedalen"):
            assert (text in content or text in coverage) is sees_rjh
        assert ("RN: lokalt mål 1 till 1.1" in content) is sees_rn
        assert ("Lokal handlingsplan Region Norrbotten" in coverage) is sees_rn

    def test_an_archived_local_plan_no_longer_counts(self, client, reader, cancer_plan):
        build_local_plan(region="RV", parent=cancer_plan, status=Plan.Status.ARCHIVED)

        content = page(client, reader, cancer_plan)

        assert "RV: lokalt mål" not in content and '<details class="local-goals">' not in content

    def test_it_links_to_the_coverage_table(self, client, reader, cancer_plan):
        assert f'href="{coverage_url(cancer_plan)}"' in page(client, reader, cancer_plan)

    @pytest.mark.parametrize(
        ("regions", "goals_per_area"), [(["RJH"], 2), (["RJH", "RN", "RV", "RVN"], 6)]
    )
    def test_its_queries_do_not_grow_with_regions_and_goals(
        self,
        client,
        coordinator,
        norr,
        plan_builder,
        regions,
        goals_per_area,
        django_assert_num_queries,
    ):
        cancer = plan_builder(
            slug="cancer",
            owner=norr,
            kind=Plan.Kind.CANCER_PLAN,
            areas=3,
            goals_per_area=goals_per_area,
            activities_per_goal=0,
        )
        for code in regions:
            build_local_plan(region=code, parent=cancer, goals_per_parent=2, activities_per_goal=2)
        client.force_login(coordinator)

        # session, user, memberships, plan (with owner and parent), areas, goals, goal parts,
        # activities, chapters, the local plans, their goals (with area, plan and region),
        # their activities, the changes since approval (for a coordinator), the follow-up
        # rounds, the activities' initiatives (agreements' plan_links)
        with django_assert_num_queries(15):
            response = client.get(cancer.get_absolute_url())

        content = response.content.decode()
        assert content.count('<details class="local-goals">') == 3 * goals_per_area
        assert content.count("lokalt mål 2 till") == 3 * goals_per_area * len(regions)


@pytest.mark.django_db
class TestCoverage:
    def test_goals_by_area_times_regions_with_counts(
        self, client, coordinator, cancer_plan, two_regions
    ):
        client.force_login(coordinator)

        response = client.get(coverage_url(cancer_plan))

        assert response.status_code == 200
        content = response.content.decode()
        headers = re.findall(r'<th scope="col" class="coverage__region">([^<]+)</th>', content)
        assert headers == [
            "Region Jämtland Härjedalen",
            "Region Norrbotten",
            "Region Västerbotten",
            "Region Västernorrland",
        ]
        assert re.findall(r'<th scope="rowgroup"[^>]*>([^<]+)</th>', content) == [
            str(area) for area in cancer_plan.areas.order_by("order")
        ]
        rows = dict(re.findall(r'#mal-(\d+)">(.*?)</tr>', content, re.S))
        assert len(rows) == 43
        cells = lambda number: re.findall(  # noqa: E731
            r'<td class="coverage__cell[^"]*">(.*?)</td>', rows[str(norr_goal(number).pk)], re.S
        )
        none = (
            '<span aria-hidden="true">–</span><span class="visually-hidden">inget lokalt mål</span>'
        )
        assert cells("1.1") == ["2 mål, 4 aktiviteter", "1 mål, 1 aktivitet", none, none]
        assert cells("2.1") == ["2 mål, 4 aktiviteter", none, none, none]
        assert cells("1.2") == [none] * 4
        assert "2 av 4" in rows[str(norr_goal("1.1").pk)]
        assert content.count("coverage__cell--none") == 43 * 4 - 3
        assert content.count("ingen lokal plan") == 2  # RV and RVN

    def test_it_is_for_cancer_plans_and_whoever_reads_them(
        self, client, reader, outsider, cancer_plan, norr, plan_builder
    ):
        action_plan = plan_builder(slug="hp", owner=norr)
        draft = plan_builder(
            slug="utkast", owner=norr, kind=Plan.Kind.CANCER_PLAN, status=Plan.Status.DRAFT
        )
        client.force_login(outsider)
        assert client.get(coverage_url(cancer_plan)).status_code == 200
        assert client.get(coverage_url(action_plan)).status_code == 404
        assert client.get(coverage_url(draft)).status_code == 404
        client.logout()
        assert client.get(coverage_url(cancer_plan)).status_code == 302

    @pytest.mark.parametrize(
        ("regions", "goals_per_area"), [(["RJH"], 2), (["RJH", "RN", "RV", "RVN"], 6)]
    )
    def test_its_queries_do_not_grow_with_regions_and_goals(
        self, client, reader, norr, plan_builder, regions, goals_per_area, django_assert_num_queries
    ):
        cancer = plan_builder(
            slug="cancer",
            owner=norr,
            kind=Plan.Kind.CANCER_PLAN,
            areas=3,
            goals_per_area=goals_per_area,
        )
        for code in regions:
            build_local_plan(region=code, parent=cancer, goals_per_parent=2, activities_per_goal=2)
        client.force_login(reader)

        # session, user, plan (with owner and parent), memberships, the regions, the counts
        # per goal and region, the goals (with areas), the local plans
        with django_assert_num_queries(8):
            response = client.get(coverage_url(cancer))

        content = response.content.decode()
        assert content.count("2 mål, 4 aktiviteter") == 3 * goals_per_area * len(regions)
        assert content.count("coverage__cell--none") == 3 * goals_per_area * (4 - len(regions))


@pytest.mark.django_db
class TestLocalPlanPage:
    def test_each_goal_names_the_goal_it_concretises(self, client, reader, cancer_plan):
        local = build_local_plan(
            region="RJH", parent=cancer_plan, parent_goals=[norr_goal("1.1"), norr_goal("2.3")]
        )
        Goal.objects.create(area=local.areas.first(), text="Eget mål", order=9)

        content = page(client, reader, local)

        for number in ("1.1", "2.3"):
            link = f'<a href="{cancer_plan.get_absolute_url()}#mal-{norr_goal(number).pk}">'
            assert f"{link}mål {number} i {cancer_plan.title}</a>" in content
        assert content.count('class="concretises"') == 2

    def test_not_when_the_person_may_not_read_the_cancer_plan(
        self, client, reader, coordinator, cancer_plan
    ):
        local = build_local_plan(region="RJH", parent=cancer_plan, parent_goals=[norr_goal("1.1")])
        Plan.objects.filter(pk=cancer_plan.pk).update(status=Plan.Status.DRAFT)

        assert "Konkretiserar" not in page(client, reader, local)
        assert "Konkretiserar" in page(client, coordinator, local)

    @pytest.mark.parametrize("goals_per_parent", [1, 4])
    def test_its_queries_do_not_grow_with_the_links(
        self, client, reader, cancer_plan, goals_per_parent, django_assert_num_queries
    ):
        local = build_local_plan(
            region="RJH", parent=cancer_plan, goals_per_parent=goals_per_parent
        )
        client.force_login(reader)

        # session, user, memberships, plan (with owner and parent), areas, goals (with the
        # cancer plan goals they concretise), goal parts, activities, chapters, whether the
        # user may read the cancer plan, the follow-up rounds, the activities' initiatives
        with django_assert_num_queries(12):
            response = client.get(local.get_absolute_url())

        assert response.content.decode().count('class="concretises"') == 43 * goals_per_parent


@pytest.mark.django_db
def test_links_made_before_the_plan_moved_onto_another_cancer_plan_no_longer_count(
    client, reader, cancer_plan, norr, plan_builder
):
    local = build_local_plan(region="RJH", parent=cancer_plan, parent_goals=[norr_goal("1.1")])
    other = plan_builder(slug="ny-cancerplan", owner=norr, kind=Plan.Kind.CANCER_PLAN)
    Plan.objects.filter(pk=local.pk).update(parent=other)
    column = [c.alias for c in PLAN_COLUMNS].index("parent_goal")

    assert "Konkretiserar" not in page(client, reader, local)
    assert "local-goals" not in page(client, reader, cancer_plan)
    assert [row[column] for row in plan_rows(Plan.objects.with_tree().get(pk=local.pk))] == [""]
