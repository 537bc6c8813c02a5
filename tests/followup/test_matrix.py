"""The goals × regions matrix built from a round's data: cells, filters and counts."""

import pytest
from django.template import engines

from followup.levels import Level
from followup.matrix import build_matrix
from followup.models import Assessment
from followup.selectors import round_data
from followup.services import region_report_save
from plans.models import Goal

NORR_CODES = ["RJH", "RN", "RV", "RVN"]  # the Norr regions in name order

# (goal number, region code) -> level; every other cell of the round stays blank.
LEVELS = {
    ("1.1", "RJH"): "U",
    ("1.1", "RN"): "U",
    ("1.1", "RV"): "U",
    ("1.1", "RVN"): "U",
    ("1.2", "RJH"): "E",
    ("1.2", "RN"): "P?",
    ("1.2", "RV"): "U",
    ("1.2", "RVN"): "P",
    ("1.3", "RJH"): "P/U",
    ("2.1", "RN"): "E",
}


def cell_html(cell) -> str:
    """A cell as the matrix's table writes it."""
    macros = engines["jinja2"].env.get_template("followup/includes/_matrix_cell.jinja").module
    return str(macros.cell(cell))


def set_levels(round, levels: dict[tuple[str, str], str]) -> None:
    """Save the levels through each region's report, as a reporter would."""
    goals = {goal.number: goal for goal in Goal.objects.for_plan(round.plan)}
    for code in {code for _number, code in levels}:
        report = round.reports.get(region__code=code)
        values = {
            goals[number].pk: (level, "")
            for (number, region), level in levels.items()
            if region == code
        }
        region_report_save(report=report, values=values, original={}, user=None)


def numbers(matrix) -> list[str]:
    return [row.goal.number for area in matrix.areas for row in area.rows]


@pytest.fixture
def round(round_builder):
    round = round_builder()  # two areas of three goals, the four Norr regions
    set_levels(round, LEVELS)
    return round


@pytest.fixture
def data(round):
    return round_data(round)


@pytest.mark.django_db
class TestCells:
    def test_it_has_a_row_per_goal_in_plan_order_and_a_cell_per_region_in_name_order(self, data):
        matrix = build_matrix(data)

        assert [region.code for region in matrix.regions] == NORR_CODES
        assert [area.area.title for area in matrix.areas] == ["Område 1", "Område 2"]
        assert numbers(matrix) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
        for area in matrix.areas:
            for row in area.rows:
                assert row.goal.area == area.area
                assert [cell.region.code for cell in row.cells] == NORR_CODES

    def test_it_gives_each_cell_the_level_of_its_goal_and_region(self, data):
        matrix = build_matrix(data)

        cells = {
            (row.goal.number, cell.region.code): cell
            for area in matrix.areas
            for row in area.rows
            for cell in row.cells
        }
        assert len(cells) == 6 * 4
        expected = {key: LEVELS.get(key, "") for key in cells}
        assert {key: str(cell.level) for key, cell in cells.items()} == expected
        assert cells["1.3", "RJH"].level == Level(("P", "U"))
        assert cells["1.2", "RN"].level == Level(("P",), unsure=True)
        assessment = cells["1.2", "RV"].assessment
        assert (assessment.goal.number, assessment.region.code, assessment.level) == (
            "1.2",
            "RV",
            "U",
        )

    def test_a_cell_without_an_assessment_is_blank(self, round):
        Assessment.objects.filter(round=round, region__code="RV", goal__number="2.2").delete()

        matrix = build_matrix(round_data(round))

        row = next(row for row in matrix.areas[1].rows if row.goal.number == "2.2")
        rv, rvn = row.cells[2], row.cells[3]
        assert rv.region.code == "RV"
        assert rv.assessment is None
        assert rv.level == Level() and rv.level.is_blank
        # A blank level that was never filled in still has its (empty) assessment.
        assert rvn.assessment is not None and rvn.assessment.level == ""

    def test_it_reads_nothing_beyond_the_round_data(self, data, django_assert_num_queries):
        with django_assert_num_queries(0):
            matrix = build_matrix(data, level="P")
            assert matrix.goal_count == 2
            assert matrix.region_counts and matrix.areas[0].counts


@pytest.mark.django_db
class TestFilters:
    def test_the_area_filter_keeps_that_areas_goals_and_every_area_to_choose_from(self, data):
        second = data.goals[3].area

        matrix = build_matrix(data, area=str(second.pk))

        assert [area.area for area in matrix.areas] == [second]
        assert numbers(matrix) == ["2.1", "2.2", "2.3"]
        assert [area.title for area in matrix.all_areas] == ["Område 1", "Område 2"]
        assert matrix.area_filter == str(second.pk)

    def test_an_area_of_another_plan_leaves_the_matrix_empty(self, data, norr_2023):
        other = norr_2023.plan.areas.first()

        matrix = build_matrix(data, area=str(other.pk))

        assert matrix.areas == [] and matrix.goal_count == 0
        assert len(matrix.all_areas) == 2

    @pytest.mark.parametrize(
        ("level", "expected"),
        [
            ("U", ["1.1", "1.2", "1.3"]),
            ("P", ["1.2", "1.3"]),  # "P?" of 1.2 in RN counts as P
            ("E", ["1.2", "2.1"]),
            ("tom", ["1.3", "2.1", "2.2", "2.3"]),  # 1.1 and 1.2 have a level everywhere
        ],
    )
    def test_the_level_filter_keeps_goals_with_that_level_in_some_region(
        self, data, level, expected
    ):
        matrix = build_matrix(data, level=level)

        assert numbers(matrix) == expected
        assert matrix.level_filter == level
        # The rows keep all their cells, not only the matching ones.
        assert all(len(row.cells) == 4 for area in matrix.areas for row in area.rows)

    def test_a_composite_level_matches_the_filter_of_each_of_its_parts(self, round_builder):
        round = round_builder()
        set_levels(round, {("2.3", "RVN"): "P/U"})
        data = round_data(round)

        assert "2.3" in numbers(build_matrix(data, level="U"))
        assert "2.3" in numbers(build_matrix(data, level="P"))
        assert "2.3" not in numbers(build_matrix(data, level="E"))
        assert "2.3" in numbers(build_matrix(data, level="tom"))  # the other three are blank

    @pytest.mark.parametrize("level", ["X", "P/U", "u", "alla"])
    def test_an_unknown_level_filter_is_ignored(self, data, level):
        matrix = build_matrix(data, level=level)

        assert matrix.level_filter == ""
        assert matrix.goal_count == 6

    def test_area_and_level_filters_combine(self, data):
        first = data.goals[0].area

        matrix = build_matrix(data, area=str(first.pk), level="E")

        assert numbers(matrix) == ["1.2"]
        assert (matrix.area_filter, matrix.level_filter) == (str(first.pk), "E")

    def test_an_area_without_matching_goals_drops_out_but_stays_selectable(self, data):
        matrix = build_matrix(data, level="U")

        assert [area.area.title for area in matrix.areas] == ["Område 1"]
        assert [area.title for area in matrix.all_areas] == ["Område 1", "Område 2"]


@pytest.mark.django_db
class TestCounts:
    def test_each_area_counts_its_cells_by_level(self, data):
        first, second = build_matrix(data).areas

        # 1.1: U U U U; 1.2: E P? U P; 1.3: P/U and three blanks
        assert first.counts == {"U": 5, "P": 2, "E": 1, "mixed": 1, "": 3}
        # 2.1: E in RN; everything else blank
        assert second.counts == {"U": 0, "P": 0, "E": 1, "mixed": 0, "": 11}

    def test_each_region_counts_its_column(self, data):
        counts = {region.code: c for region, c in build_matrix(data).region_counts}

        assert counts == {
            "RJH": {"U": 1, "P": 0, "E": 1, "mixed": 1, "": 3},
            "RN": {"U": 1, "P": 1, "E": 1, "mixed": 0, "": 3},
            "RV": {"U": 2, "P": 0, "E": 0, "mixed": 0, "": 4},
            "RVN": {"U": 1, "P": 1, "E": 0, "mixed": 0, "": 4},
        }

    def test_the_counts_follow_the_filters(self, data):
        matrix = build_matrix(data, level="E")  # goals 1.2 and 2.1

        counts = {region.code: c for region, c in matrix.region_counts}
        assert counts["RJH"] == {"U": 0, "P": 0, "E": 1, "mixed": 0, "": 1}
        assert counts["RN"] == {"U": 0, "P": 1, "E": 1, "mixed": 0, "": 0}
        assert [area.counts[""] for area in matrix.areas] == [0, 3]
        assert matrix.goal_count == 2

    def test_the_goal_count_is_the_number_of_rows_shown(self, data):
        assert build_matrix(data).goal_count == 6
        assert build_matrix(data, level="tom").goal_count == 4
        assert build_matrix(data, area=str(data.goals[0].area_id)).goal_count == 3


@pytest.mark.django_db
class TestNorr2023:
    @pytest.fixture
    def matrix(self, norr_2023):
        return build_matrix(round_data(norr_2023))

    def test_it_has_43_goals_in_seven_areas_against_the_four_norr_regions(self, matrix):
        assert [region.code for region in matrix.regions] == NORR_CODES
        assert matrix.goal_count == 43
        assert len(matrix.areas) == len(matrix.all_areas) == 7
        assert [len(area.rows) for area in matrix.areas] == [8, 6, 7, 5, 6, 6, 5]
        assert all(len(row.cells) == 4 for area in matrix.areas for row in area.rows)

    def test_its_cells_show_the_seeds_levels(self, matrix):
        rows = {row.goal.number: row for area in matrix.areas for row in area.rows}

        assert [str(cell.level) for cell in rows["1.1"].cells] == ["P", "U", "U", "U"]
        assert [str(cell.level) for cell in rows["1.5"].cells] == ["", "", "P", ""]

    def test_its_region_counts_agree_with_the_stored_assessments(self, matrix, norr_2023):
        for region, counts in matrix.region_counts:
            stored = Assessment.objects.filter(round=norr_2023, region=region)
            assert sum(counts.values()) == 43, region.code
            assert counts[""] == stored.filter(level="").count(), region.code
            assert counts["U"] == stored.filter(level__in=["U", "U?"]).count(), region.code
            assert counts["mixed"] == stored.filter(level__contains="/").count(), region.code

    def test_its_area_counts_add_up_to_every_cell(self, matrix):
        total = {
            key: sum(area.counts[key] for area in matrix.areas) for key in matrix.areas[0].counts
        }

        assert sum(total.values()) == 43 * 4
        assert total == {
            key: sum(counts[key] for _region, counts in matrix.region_counts) for key in total
        }

    def test_the_e_filter_shows_exactly_the_goals_not_started_somewhere(self, norr_2023):
        matrix = build_matrix(round_data(norr_2023), level="E")

        with_e = set(
            Assessment.objects.filter(round=norr_2023, level__contains="E").values_list(
                "goal__number", flat=True
            )
        )
        assert set(numbers(matrix)) == with_e
        assert matrix.goal_count == len(with_e) > 0


@pytest.mark.django_db
class TestCellMarkup:
    def test_a_cell_links_to_its_assessment_with_its_level_in_letters_and_words(self, round):
        long_comment = " ".join(f"ord{n}" for n in range(30))
        Assessment.objects.filter(round=round, region__code="RN", goal__number="1.2").update(
            comment=long_comment
        )

        matrix = build_matrix(round_data(round))

        cells = {
            (row.goal.number, cell.region.code): cell
            for area in matrix.areas
            for row in area.rows
            for cell in row.cells
        }
        for cell in cells.values():
            assert cell.url == cell.assessment.get_absolute_url()
        cell = cells["1.2", "RN"]
        words = " ".join(f"ord{n}" for n in range(20))
        assert cell.title == f"RN: Pågående arbete (osäker) – {words} …"
        assert cell_html(cell) == (
            f'<td class="matrix__cell cell--p"><a href="{cell.url}" title="{cell.title}">'
            '<span aria-hidden="true">P?</span> '
            '<span class="visually-hidden">RN, mål 1.2: Pågående arbete (osäker)</span></a></td>'
        )
        assert cell_html(cells["1.3", "RJH"]).startswith('<td class="matrix__cell cell--mixed">')
        assert 'title="RVN: ingen bedömning"' in cell_html(cells["2.3", "RVN"])

    def test_a_cell_without_an_assessment_says_so_to_a_screen_reader(self, round):
        Assessment.objects.filter(round=round, region__code="RV", goal__number="2.2").delete()

        matrix = build_matrix(round_data(round))

        row = next(row for row in matrix.areas[1].rows if row.goal.number == "2.2")
        assert cell_html(row.cells[2]) == (
            '<td class="matrix__cell cell--blank"><span aria-hidden="true">–</span>'
            '<span class="visually-hidden">ingen bedömning</span></td>'
        )

    def test_its_texts_are_escaped(self, round):
        Assessment.objects.filter(round=round, region__code="RN", goal__number="1.2").update(
            comment='<b>"Fet"</b> & mer'
        )

        cell = build_matrix(round_data(round)).areas[0].rows[1].cells[1]

        assert (
            'title="RN: Pågående arbete (osäker) – &lt;b&gt;&#34;Fet&#34;&lt;/b&gt; &amp; mer"'
            in cell_html(cell)
        )


@pytest.mark.django_db
class TestComparedWithThePreviousRound:
    @pytest.fixture
    def rounds(self, norr, plan_builder, round_builder):
        plan = plan_builder(slug="jamfor", owner=norr)
        before = round_builder(year=2023, plan=plan)
        set_levels(before, {("1.1", "RJH"): "P", ("1.2", "RJH"): "U", ("1.3", "RJH"): "P"})
        now = round_builder(year=2024, plan=plan)
        set_levels(now, {("1.1", "RJH"): "U", ("1.2", "RJH"): "P", ("1.3", "RJH"): "P"})
        return now

    def cells(self, matrix, code="RJH"):
        index = NORR_CODES.index(code)
        return {row.goal.number: row.cells[index] for a in matrix.areas for row in a.rows}

    def test_a_level_that_rose_or_fell_is_marked_with_an_arrow_and_in_words(self, rounds):
        cells = self.cells(build_matrix(round_data(rounds)))

        assert [cells[n].change for n in ("1.1", "1.2", "1.3")] == ["improved", "regressed", ""]
        assert "▲" in cell_html(cells["1.1"]) and "högre än 2023" in cell_html(cells["1.1"])
        assert "&lt;span" not in cell_html(cells["1.1"])  # the marks are markup, not escaped text
        assert "▼" in cell_html(cells["1.2"]) and "lägre än 2023" in cell_html(cells["1.2"])
        assert "▲" not in cell_html(cells["1.3"]) and "▼" not in cell_html(cells["1.3"])

    def test_last_years_level_is_shown_beside_on_request(self, rounds):
        hidden = self.cells(build_matrix(round_data(rounds)))
        shown = self.cells(build_matrix(round_data(rounds), show_previous=True))

        assert "2023: P" not in cell_html(hidden["1.1"])
        previous = '<span class="matrix__previous" aria-hidden="true">2023: P</span>'
        assert previous in cell_html(shown["1.1"])
        assert "2023: –" in cell_html(shown["2.1"])
