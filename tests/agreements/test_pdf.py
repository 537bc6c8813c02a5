"""The agreement's follow-up as a tagged PDF, in the browser and from the command line."""

import io
import itertools
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from agreements.pdf import render_agreement_html, render_agreement_pdf
from agreements.selectors import Scope
from followup.models import Assessment, FollowUpRound
from plans.models import Plan
from registry.models import Region
from tests.agreements.conftest import activities_of, initiative, link
from tests.conftest import build_plan
from tests.documents.test_pdf_tags import tagged

pytestmark = pytest.mark.django_db

TITLE = "Uppföljning av överenskommelsen 2040"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def linked(agreement, norr, mellansverige):
    norr_plan = build_plan(slug="norr-hp", owner=norr)
    draft = build_plan(slug="mellan-utkast", owner=mellansverige, status=Plan.Status.DRAFT)
    link(initiative(agreement, "1.1"), activities_of(norr_plan)[0], activities_of(draft)[0])
    link(initiative(agreement, "2.2.1"), activities_of(norr_plan)[4])
    return norr_plan


@pytest.fixture
def pdf(agreement, linked) -> bytes:
    return render_agreement_pdf(agreement, Scope.published())


class TestThePdf:
    def test_it_holds_every_initiatives_text_and_its_linked_activities(self, pdf, agreement):
        text = read(pdf)
        flat = squeeze(text)

        assert TITLE in text and "809 miljoner kronor" in text
        for found in agreement.initiatives.all():
            assert squeeze(f"{found.ref} {found.title}") in flat
            assert squeeze(f"Nationell text för {found.ref}.") in flat
        assert (
            squeeze("1 aktivitet i RCC:ernas planer: RCC Norr Plan norr-hp Aktivitet 1.1.1") in flat
        )
        assert squeeze("Mål: 1.1 Mål 1.1") in flat
        assert "Aktivitet 2.2.1" in text
        assert "mellan-utkast" not in text  # a draft is no one's to print
        assert squeeze("Ingen aktivitet i RCC:ernas planer är kopplad till insatsen.") in flat
        assert flat.index(squeeze("1.1 Insats 1.1")) < flat.index(squeeze("1.1.1 Delinsats"))
        assert squeeze("Bilagor Bilaga 1 Bilaga 2") in flat

    def test_it_is_tagged_with_its_title_and_nested_headings(self, pdf):
        document = tagged(pdf)

        assert document.pdf.Root.MarkInfo.Marked is True
        assert str(document.pdf.Root.Lang) == "sv"
        assert str(document.pdf.docinfo.Title) == f"{TITLE} – Överenskommelse för 2040"
        headings = document.headings()
        assert headings[0] == (1, TITLE)
        assert (2, "Område 1") in headings and (2, "Innehåll") in headings
        assert (3, "1.1 Insats 1.1") in headings and (4, "1.1.1 Delinsats 1.1.1") in headings
        levels = [level for level, _text in headings]
        assert all(after <= before + 1 for before, after in itertools.pairwise(levels))
        total = len(document.pdf.pages)
        for number in range(total):
            assert document.artifacts[number].endswith(f"Sida {number + 1} av {total}")

    def test_it_shows_the_latest_published_levels(self, agreement, linked, round_builder):
        goal = linked.areas.get(order=1).goals.get(order=1)
        published = round_builder(year=2024, plan=linked, state=FollowUpRound.State.PUBLISHED)
        region = Region.objects.get(code="RJH")
        Assessment.objects.filter(round=published, goal=goal, region=region).update(level="P")

        html = render_agreement_html(agreement, Scope.published())

        assert 'Uppföljning 2024: RJH <span class="level level--p">P</span>' in html

    @pytest.mark.parametrize("size", [1, 3])
    def test_its_html_is_made_in_a_fixed_number_of_queries(
        self, agreement_builder, norr, round_builder, django_assert_num_queries, size
    ):
        agreement = agreement_builder(areas=size, initiatives_per_area=size)
        plan = build_plan(owner=norr, goals_per_area=size)
        round_builder(year=2024, plan=plan, state=FollowUpRound.State.OPEN)
        Assessment.objects.filter(goal__area__plan=plan).update(level="U")
        for found in agreement.initiatives.all():
            link(found, *activities_of(plan))
        # areas, initiatives, link counts, appendices, links with activities and plans, levels
        with django_assert_num_queries(6):
            html = render_agreement_html(agreement, Scope.published())
        assert html.count('class="agreement-initiative"') == 2 * size * size


class TestTheView:
    @pytest.mark.parametrize("who", ["reporter_a", "other_coordinator", "outsider"])
    def test_it_serves_the_pdf_to_everyone_signed_in(self, client, request, who, agreement, linked):
        client.force_login(request.getfixturevalue(who))

        response = client.get(reverse("agreements:agreement-pdf", args=[2040]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "overenskommelsen-2040-uppfoljning.pdf" in response["Content-Disposition"]
        assert TITLE in read(response.content)

    def test_the_coordinator_gets_the_own_draft_plans_rows_others_do_not(
        self, client, agreement, linked, other_coordinator, coordinator
    ):
        url = reverse("agreements:agreement-pdf", args=[2040])
        client.force_login(other_coordinator)  # Mellansverige's: its draft is in
        assert "mellan-utkast" in read(client.get(url).content)
        client.force_login(coordinator)
        assert "mellan-utkast" not in read(client.get(url).content)


class TestTheCommand:
    def test_it_writes_the_pdf(self, agreement, linked, tmp_path):
        out = tmp_path / "out.pdf"
        stdout = io.StringIO()

        call_command("render_report", "agreement", "--year", "2040", "-o", str(out), stdout=stdout)

        assert TITLE in read(out.read_bytes())
        assert str(out) in stdout.getvalue()

    @pytest.mark.parametrize(
        ("year", "message"),
        [("2039", "Det finns ingen överenskommelse för 2039."), ("tjugo", "«tjugo» är inget år")],
    )
    def test_it_says_in_swedish_when_there_is_no_such_agreement(
        self, agreement, tmp_path, year, message
    ):
        with pytest.raises(CommandError, match=message):
            call_command(
                "render_report", "agreement", "--year", year, "-o", str(tmp_path / "x.pdf")
            )
        assert not (tmp_path / "x.pdf").exists()
