"""An initiative's page gathers every RCC's activities that carry it out; the coverage table
counts them per RCC."""

import re

import pytest
from django.urls import reverse

from agreements.models import Initiative
from followup.models import Assessment, FollowUpRound
from plans.models import Plan
from registry.models import Region
from tests.agreements.conftest import activities_of, initiative, link
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _url(agreement, ref: str) -> str:
    return reverse("agreements:initiative-detail", args=[agreement.year, ref])


@pytest.fixture
def linked(agreement, norr, mellansverige):
    """Insats 1.1 carried out by two Norr plans (one a draft) and a Mellansverige plan."""
    norr_plan = build_plan(slug="norr-hp", owner=norr)
    norr_draft = build_plan(slug="norr-utkast", owner=norr, status=Plan.Status.DRAFT)
    mellan = build_plan(slug="mellan-hp", owner=mellansverige)
    Plan.objects.filter(pk=norr_plan.pk).update(title="A Norrs handlingsplan")
    Plan.objects.filter(pk=norr_draft.pk).update(title="B Norrs utkast")
    found = initiative(agreement, "1.1")
    link(found, *activities_of(norr_plan)[:2], activities_of(norr_draft)[0])
    link(found, activities_of(mellan)[3])
    link(initiative(agreement, "2.1.1"), activities_of(mellan)[0])
    return {"norr": norr_plan, "draft": norr_draft, "mellan": mellan}


class TestTheInitiativePage:
    def test_it_groups_the_activities_by_rcc_and_plan(self, client, coordinator, agreement, linked):
        client.force_login(coordinator)  # Norr's: sees its own draft

        page = text(client.get(_url(agreement, "1.1")))

        assert '<h2 id="aktiviteter">4 aktiviteter i RCC:ernas planer</h2>' in page
        norr, mellan = page.index('id="rcc-norr"'), page.index('id="rcc-mellansverige"')
        assert norr < mellan  # in the registry's order
        norr_part = page[norr:mellan]
        assert norr_part.index("A Norrs handlingsplan") < norr_part.index("B Norrs utkast")
        assert norr_part.count('class="linked-activity card"') == 3
        assert "Aktivitet 1.1.1" in norr_part and "Aktivitet 1.2.1" in norr_part
        assert "Aktivitet 2.1.1" in page[mellan:]
        goal = linked["norr"].areas.get(order=1).goals.get(order=1)
        assert f'href="{linked["norr"].get_absolute_url()}#mal-{goal.pk}"' in norr_part
        assert '<span class="goal-ref">1.1</span> Mål 1.1' in norr_part
        assert "<p>Nationell text för 1.1.</p>" in page
        child = _url(agreement, "1.1.1")
        assert f'<a href="{child}"><span class="goal-ref">1.1.1</span> Delinsats 1.1.1</a>' in page

    def test_another_rccs_draft_stays_hidden(self, client, other_coordinator, agreement, linked):
        client.force_login(other_coordinator)
        page = text(client.get(_url(agreement, "1.1")))
        assert "3 aktiviteter i RCC:ernas planer" in page
        assert "B Norrs utkast" not in page

    def test_it_links_the_parent_and_the_same_initiative_in_other_years(
        self, client, reader, agreement, agreement_builder, norr
    ):
        later = agreement_builder(year=2041)
        lineage = initiative(agreement, "1.1.1").lineage
        Initiative.objects.filter(agreement=later, ref="1.1.1").update(lineage=lineage)
        plan = build_plan(owner=norr)
        link(initiative(later, "1.1.1"), activities_of(plan)[0])
        client.force_login(reader)

        page = text(client.get(_url(agreement, "1.1.1")))

        assert f'<a href="{_url(agreement, "1.1")}">1.1 Insats 1.1</a>' in page
        assert f'<a href="{_url(later, "1.1.1")}">2041: <span class="goal-ref">1.1.1</span>' in page
        assert 'Delinsats 1.1.1</a> <span class="muted">(1 aktivitet i RCC:ernas planer)' in page
        assert _url(later, "1.2.1") not in page
        assert "Ingen aktivitet i RCC:ernas planer är kopplad till insatsen ännu." in page

    def test_it_shows_the_latest_levels_of_the_activitys_goal(
        self, client, coordinator, agreement, norr, round_builder
    ):
        plan = build_plan(slug="norr-uppfoljd", owner=norr)
        goal = plan.areas.get(order=1).goals.get(order=1)
        earlier = round_builder(year=2023, plan=plan, state=FollowUpRound.State.OPEN)
        latest = round_builder(year=2024, plan=plan, state=FollowUpRound.State.OPEN)
        rjh, rn = Region.objects.get(code="RJH"), Region.objects.get(code="RN")
        Assessment.objects.filter(round=earlier, goal=goal).update(level="E")
        Assessment.objects.filter(round=latest, goal=goal, region=rjh).update(level="U")
        Assessment.objects.filter(round=latest, goal=goal, region=rn).update(level="P/U")
        link(initiative(agreement, "1.1"), activities_of(plan)[0], activities_of(plan)[1])
        client.force_login(coordinator)

        page = text(client.get(_url(agreement, "1.1")))

        first, second = page.split('class="linked-activity card"')[1:3]
        assert "Uppföljning 2024:" in first and "Uppföljning 2023" not in first
        assert re.search(
            r'<abbr title="Region Jämtland Härjedalen">RJH</abbr> <span class="level level--u"',
            first,
        )
        assert re.search(
            r'<abbr title="Region Norrbotten">RN</abbr> <span class="level level--mixed"', first
        )
        assert "RV</abbr>" not in first  # no level given
        assert "Målet har ingen uppföljning ännu." in second

    @pytest.mark.parametrize("size", [1, 4])
    def test_it_is_made_in_a_fixed_number_of_queries(
        self, client, reader, agreement, norr, mellansverige, django_assert_num_queries, size
    ):
        found = initiative(agreement, "1.1")
        for n in range(size):
            for owner in (norr, mellansverige):
                plan = build_plan(slug=f"{owner.code}-{n}", owner=owner, goals_per_area=size)
                link(found, *activities_of(plan))
        client.force_login(reader)
        # session, user, the initiative with its agreement, area and parent, roles, children,
        # other years, the links with activities and plans, the levels
        with django_assert_num_queries(8):
            response = client.get(_url(agreement, "1.1"))
        assert text(response).count('class="linked-activity card"') == 2 * size * 2 * size


class TestTheCoverage:
    def test_it_counts_each_rccs_linked_activities_per_initiative(
        self, client, other_coordinator, agreement, linked, mellansverige
    ):
        local = build_plan(slug="lokal-uppsala", owner=mellansverige, kind=Plan.Kind.LOCAL_PLAN)
        Plan.objects.filter(pk=local.pk).update(
            owner_healthcare_region=None, owner_region=Region.objects.get(code="RUP")
        )
        link(initiative(agreement, "1.1"), *activities_of(local)[:2])
        client.force_login(other_coordinator)

        page = text(client.get(reverse("agreements:agreement-coverage", args=[2040])))

        head = re.findall(r'<th scope="col" class="coverage__region">([^<]+)</th>', page)
        assert head[:2] == ["RCC Norr", "RCC Mellansverige"] and len(head) == 6
        row = _row(page, "1.1")
        # Norr: two in its approved plan (its draft hidden from Mellansverige); Mellansverige:
        # one in its action plan, two in Uppsala's local plan; none elsewhere
        assert _cells(row) == ["2", "3", "0", "0", "0", "0", "5"]
        assert row.count('<span class="visually-hidden">ingen aktivitet</span>') == 4
        assert row.count('<span aria-hidden="true">⚠</span>') == 4
        assert _cells(_row(page, "2.1.1")) == ["0", "1", "0", "0", "0", "0", "1"]
        nested = 'class="coverage__goal coverage__depth-1"><a href="{}">'.format(
            _url(agreement, "2.1.1")
        )
        assert nested in page
        assert _cells(_row(page, "1.2")) == ["0"] * 7
        foot = page[page.index("<tfoot>") : page.index("</tfoot>")]
        assert re.findall(r'<td class="coverage__total">(\d+)</td>', foot) == [
            "2",
            "4",
            "0",
            "0",
            "0",
            "0",
            "6",
        ]
        assert "0 ⚠</span> ingen aktivitet: RCC:ets planer har ingen aktivitet" in page

    @pytest.mark.parametrize("size", [(1, 1), (4, 3)])
    def test_it_is_made_in_a_fixed_number_of_queries(
        self, client, reader, agreement_builder, norr, django_assert_num_queries, size
    ):
        areas, per_area = size
        agreement = agreement_builder(areas=areas, initiatives_per_area=per_area)
        plan = build_plan(owner=norr, goals_per_area=per_area)
        for n, found in enumerate(agreement.initiatives.all()):
            link(found, activities_of(plan)[n % len(activities_of(plan))])
        client.force_login(reader)
        # session, user, agreement, areas, initiatives, roles, RCCs, counts
        with django_assert_num_queries(8):
            response = client.get(reverse("agreements:agreement-coverage", args=[2040]))
        assert text(response).count('<th scope="row" class="coverage__goal') == areas * per_area * 2


def _row(page: str, ref: str) -> str:
    start = page.index(f'<span class="goal-ref">{ref}</span>')
    return page[start : page.index("</tr>", start)]


def _cells(row: str) -> list[str]:
    return re.findall(r'<td class="coverage__(?:cell|total)[^"]*">(\d+)', row)
