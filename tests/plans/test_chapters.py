"""A plan's chapters: the narrative around its tables, written in a Markdown subset."""

import pytest
from django.urls import reverse

from documents.spreadsheets import SpreadsheetError
from plans.formats import parse_chapters
from plans.models import Chapter, Plan
from plans.pdf import render_plan_html
from plans.services import plan_add_chapters
from tests.conftest import MELLANSVERIGE

CHAPTERS = """# Förutsättningar

Första stycket.

- ett
- två

# 2.1 Organisation

### Mötesstruktur

Text med <script>alert(1)</script> i.

# Bilagor
placering: efter

| Fråga | Kryss |
| --- | --- |
| A | X |
"""


def test_a_chapter_file_reads_into_headings_numbers_places_and_texts():
    chapters = parse_chapters(CHAPTERS)

    assert [(c.number, c.heading, c.after_tables) for c in chapters] == [
        ("", "Förutsättningar", False),
        ("2.1", "Organisation", False),
        ("", "Bilagor", True),
    ]
    assert chapters[0].text == "Första stycket.\n\n- ett\n- två"
    assert chapters[1].text.startswith("### Mötesstruktur")


def test_text_before_the_first_heading_is_refused_with_its_line():
    with pytest.raises(SpreadsheetError) as raised:
        parse_chapters("Inledande text\n# Rubrik\n")

    assert raised.value.problems[0].row == 1


@pytest.mark.django_db
class TestOnThePlan:
    @pytest.fixture
    def plan(self, norr, plan_builder):
        plan = plan_builder(slug="kapitel", owner=norr)
        plan_add_chapters(plan=plan, chapters=parse_chapters(CHAPTERS))
        return plan

    def test_they_are_kept_in_order_with_history(self, plan):
        chapters = list(plan.chapters.all())

        assert [c.order for c in chapters] == [1, 2, 3]
        assert chapters[2].placement == Chapter.Placement.AFTER
        assert Chapter.history.filter(plan=plan).count() == 3

    def test_an_over_long_text_is_refused_and_nothing_added(self, norr, plan_builder):
        plan = plan_builder(slug="lang", owner=norr)
        chapters = parse_chapters("# Lång\n\n" + "x" * 20_001)

        with pytest.raises(SpreadsheetError):
            plan_add_chapters(plan=plan, chapters=chapters)
        assert not plan.chapters.exists()

    def test_the_plan_page_shows_them_before_and_after_the_tables(self, client, reader, plan):
        client.force_login(reader)

        content = client.get(plan.get_absolute_url()).content.decode()

        first = content.index('id="kapitel-1-heading"')
        table = content.index('id="omrade-1"')
        last = content.index('id="kapitel-3-heading"')
        assert first < table < last
        assert 'href="#kapitel-2"' in content  # in the table of contents
        assert "<h3>Mötesstruktur</h3>" in content
        assert '<th scope="col">Fråga</th>' in content

    def test_what_a_person_types_never_becomes_markup(self, client, reader, plan):
        client.force_login(reader)

        content = client.get(plan.get_absolute_url()).content.decode()

        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<script>alert(1)</script>" not in content

    def test_the_pdf_carries_them(self, plan):
        html = render_plan_html(plan)

        assert "<h1>Förutsättningar</h1>" in html and "<h2>Mötesstruktur</h2>" in html
        assert html.index("<h1>Förutsättningar</h1>") < html.index('class="area-block"')
        assert html.index("<h1>Bilagor</h1>") > html.rindex('class="area-block"')


@pytest.mark.django_db
def test_the_demo_mellansverige_plan_has_the_business_plan_chapters(client, reader):
    plan = Plan.objects.get(slug=MELLANSVERIGE)

    assert [c.heading for c in plan.chapters.all()] == [
        "Förutsättningar",
        "Grundläggande uppdrag",
        "Övriga uppdrag",
        "Forskningsstöd",
        "Internt arbete",
        "Specifika frågor från Samverkansnämnden",
    ]
    client.force_login(reader)
    content = client.get(reverse("plans:plan-detail", args=[MELLANSVERIGE])).content.decode()
    assert "Urval av specifika uppdrag i överenskommelsen för 2025" in content
