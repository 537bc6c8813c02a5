"""The agreement pages: who reads them, what they show, in how many queries."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import Appendix
from plans.models import Plan
from registry.models import Membership, Region
from tests.agreements.conftest import activities_of, initiative, link
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "reporter_a", "reader", "planner", "outsider", "superuser"]


@pytest.fixture
def planner(registry):
    user = get_user_model().objects.create_user(username="greta", password="pw")
    Membership.objects.create(
        user=user, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
    )
    return user


def _urls(agreement) -> list[str]:
    year = agreement.year
    return [
        reverse("agreements:agreement-list"),
        reverse("agreements:agreement-detail", args=[year]),
        reverse("agreements:initiative-detail", args=[year, "1.1.1"]),
        reverse("agreements:agreement-coverage", args=[year]),
    ]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


class TestRights:
    def test_it_sends_the_anonymous_to_the_login(self, client, agreement):
        for url in [*_urls(agreement), reverse("agreements:agreement-pdf", args=[2040])]:
            response = client.get(url)
            assert response.status_code == 302 and "/logga-in/" in response["Location"], url

    @pytest.mark.parametrize("who", ROLES)
    def test_everyone_signed_in_reads_every_page(self, client, request, who, agreement):
        client.force_login(request.getfixturevalue(who))
        for url in _urls(agreement):
            assert client.get(url).status_code == 200, url

    @pytest.mark.parametrize(
        "url",
        [
            "/overenskommelser/2039/",
            "/overenskommelser/2039/tackning/",
            "/overenskommelser/2039/uppfoljning.pdf",
            "/overenskommelser/2040/insats/9.9/",
            "/overenskommelser/2041/insats/1.1/",
            "/overenskommelser/99999999999999999999/",
            "/overenskommelser/2040/insats/1.1%3Cscript%3E/",
            "/overenskommelser/2040/insats/" + "1" * 21 + "/",
        ],
    )
    def test_a_forged_year_or_ref_is_no_page(self, client, reader, agreement, url):
        client.force_login(reader)
        assert client.get(url).status_code == 404

    def test_the_pages_only_answer_get(self, client, superuser, agreement):
        client.force_login(superuser)
        for url in _urls(agreement):
            assert client.post(url).status_code == 405, url


class TestTheList:
    def test_it_lists_the_agreements_latest_first_with_their_counts(
        self, client, reader, agreement, agreement_builder, norr
    ):
        agreement_builder(year=2041, areas=1, initiatives_per_area=1, children=0)
        plan = build_plan(owner=norr)
        link(initiative(agreement, "1.1"), *activities_of(plan)[:3])
        link(initiative(agreement, "1.2"), activities_of(plan)[0])  # the same activity again
        client.force_login(reader)

        page = text(client.get(reverse("agreements:agreement-list")))

        assert page.index(">2041</a>") < page.index(">2040</a>")
        row = page[page.index(">2040</a>") :].split("</tr>")[0]
        assert "Överenskommelse för 2040" in row and "staten och SKR" in row
        assert "809 miljoner kronor" in row
        assert re.search(r"<td>8</td> <td>3</td>", row)  # initiatives, distinct activities

    @pytest.mark.parametrize("years", [1, 4])
    def test_it_is_made_in_a_fixed_number_of_queries(
        self, client, reader, agreement_builder, norr, django_assert_num_queries, years
    ):
        plan = build_plan(owner=norr)
        for n in range(years):
            made = agreement_builder(year=2040 + n, areas=1, initiatives_per_area=2)
            link(initiative(made, "1.1"), *activities_of(plan)[:2])
        client.force_login(reader)
        # session, user, roles, the agreements with their counts
        with django_assert_num_queries(4):
            response = client.get(reverse("agreements:agreement-list"))
        assert text(response).count("<td>2</td>") >= years


class TestTheAgreementPage:
    def test_it_shows_the_contents_and_each_initiative_nested_with_its_text(
        self, client, reader, agreement
    ):
        client.force_login(reader)

        page = text(client.get(agreement.get_absolute_url()))

        assert "<h1>Överenskommelse för 2040</h1>" in page
        assert "809 miljoner kronor" in page and "<strong>fyra</strong>" in page
        toc = page[page.index('id="toc-heading"') : page.index("</nav>", page.index("toc-heading"))]
        assert '<a href="#omrade-1">Område 1</a>' in toc
        assert '<a href="#insats-1.2.1">' in toc and '<a href="#bilagor">Bilagor</a>' in toc
        assert re.search(r'<h2 id="omrade-2-rubrik">Område 2</h2>', page)
        assert re.search(
            r'<h3 id="insats-2.1-rubrik"><span class="goal-ref">2.1</span> Insats', page
        )
        assert re.search(r'<h4 id="insats-2.1.1-rubrik"><span class="goal-ref">2.1.1</span>', page)
        assert "<li>Första punkten</li>" in page and "<p>Nationell text för 1.1.1.</p>" in page
        assert page.index("insats-1.1-rubrik") < page.index("insats-1.1.1-rubrik")
        assert page.index("insats-1.1.1-rubrik") < page.index("insats-1.2-rubrik")
        detail = reverse("agreements:initiative-detail", args=[2040, "1.1"])
        assert f'<a href="{detail}">0 aktiviteter i RCC:ernas planer' in page
        assert reverse("agreements:agreement-pdf", args=[2040]) in page

    def test_it_counts_the_links_a_reader_may_see(
        self, client, reader, other_coordinator, agreement, norr
    ):
        draft = build_plan(slug="utkast", owner=norr, status=Plan.Status.DRAFT)
        approved = build_plan(slug="godkand", owner=norr)
        link(initiative(agreement, "1.1"), *activities_of(draft)[:2], activities_of(approved)[0])
        client.force_login(reader)
        assert "1 aktivitet i RCC:ernas planer" in text(client.get(agreement.get_absolute_url()))
        client.force_login(other_coordinator)  # not Norr's: its draft is hidden too
        assert "1 aktivitet i RCC:ernas planer" in text(client.get(agreement.get_absolute_url()))

    def test_it_lists_the_appendices_and_serves_their_files_to_readers(
        self, client, reader, agreement, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        appendix = Appendix.objects.get(agreement=agreement, order=1)
        appendix.file.save("bilaga-1.pdf", ContentFile(b"%PDF-1.4 bilaga"))
        client.force_login(reader)

        page = text(client.get(agreement.get_absolute_url()))

        url = reverse("agreements:appendix-download", args=[2040, appendix.pk, "bilaga-1.pdf"])
        assert f'<a href="{url}">Bilaga 1</a>' in page
        assert 'Bilaga 2 <span class="muted">(ingen fil)</span>' in page
        response = client.get(url)
        assert (
            response.status_code == 200
            and b"".join(response.streaming_content) == b"%PDF-1.4 bilaga"
        )
        assert "attachment" in response["Content-Disposition"]
        other = Appendix.objects.get(agreement=agreement, order=2)
        assert client.get(url.replace("bilaga-1.pdf", "annan.pdf")).status_code == 404
        assert client.get(url.replace(f"/{appendix.pk}/", f"/{other.pk}/")).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302

    @pytest.mark.parametrize("size", [(1, 1, 0), (4, 3, 2)])
    def test_it_is_made_in_a_fixed_number_of_queries(
        self, client, reader, agreement_builder, norr, django_assert_num_queries, size
    ):
        areas, per_area, children = size
        agreement = agreement_builder(areas=areas, initiatives_per_area=per_area, children=children)
        plan = build_plan(owner=norr)
        link(initiative(agreement, "1.1"), *activities_of(plan))
        client.force_login(reader)
        # session, user, roles, agreement, areas, initiatives, link counts, appendices
        with django_assert_num_queries(8):
            response = client.get(agreement.get_absolute_url())
        assert text(response).count('class="initiative initiative--depth') == areas * per_area * (
            1 + children
        )
