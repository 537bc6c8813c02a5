import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from plans.models import Activity, Goal, Plan
from plans.pdf import render_plan_pdf


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.django_db
def test_the_mellansverige_plan_shows_all_19_tables_and_every_row(tmp_path):
    plan = Plan.objects.get(slug="mellansverige-handlingsplan-2025")
    out = tmp_path / "plan.pdf"

    call_command("render_report", "plan", "--plan", plan.slug, "-o", str(out), stdout=io.StringIO())

    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = squeeze(text)
    assert 15 <= len(reader.pages) <= 40
    page = reader.pages[2].mediabox
    assert page.width > page.height  # landscape A4
    assert reader.metadata.title == "Handlingsplan för RCC Mellansverige 2025"
    assert reader.metadata.author == "RCC Mellansverige"
    for area in plan.areas.all():
        assert f"Tabell {area.number}. {area.title}" in text
    for header in ["Vad ska göras?", "Hur?", "Vem?", "När?", "Uppföljning", "Ansvarig", "Tidsram"]:
        assert header in text
    for goal in Goal.objects.filter(area__plan=plan):
        assert squeeze(goal.text) in flat, goal.number
    for activity in Activity.objects.filter(goal__area__plan=plan):
        for cell in (activity.what, activity.how, activity.who, activity.responsible):
            assert squeeze(cell) in flat, activity.what
    assert "ECenhetschef" in flat and "VPKvårdprocesskoordinator" in flat
    assert "stjärna (*)" in text
    assert f"Sida 3 av {len(reader.pages)}" in text


@pytest.mark.django_db
def test_agreement_rows_carry_a_star_and_a_footnote(norr, plan_builder):
    plan = plan_builder(slug="stjarna", owner=norr)
    Activity.objects.filter(goal__area__plan=plan, what="Aktivitet 1.1.1").update(
        from_agreement=True
    )

    reader = PdfReader(io.BytesIO(render_plan_pdf(plan)))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert "Aktivitet 1.1.1 *" in text
    assert text.count("* Aktiviteter markerade med stjärna") == 2  # the intro and table 1


@pytest.mark.django_db
@pytest.mark.parametrize("goals_per_area", [2, 15])
def test_the_plan_report_queries_do_not_grow(
    norr, plan_builder, goals_per_area, django_assert_num_queries
):
    plan = plan_builder(slug="q", owner=norr, goals_per_area=goals_per_area)

    # plan with owner, areas, goals, goal parts, activities, abbreviations, chapters
    with django_assert_num_queries(7):
        render_plan_pdf(plan)


@pytest.mark.django_db
def test_the_plan_page_offers_the_pdf_and_its_preview(client, reader, norr, plan_builder):
    plan = plan_builder(slug="p", owner=norr)
    client.force_login(reader)

    page = client.get(plan.get_absolute_url()).content.decode()
    pdf = client.get(reverse("plans:plan-pdf", args=[plan.slug]))
    preview = client.get(reverse("plans:plan-pdf-preview", args=[plan.slug])).content.decode()

    assert reverse("plans:plan-pdf", args=[plan.slug]) in page
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "Tabell 1. Område 1" in preview
    assert f"<title>{plan.title} – Cancerplan</title>" in preview


@pytest.mark.django_db
def test_a_draft_plans_pdf_is_for_its_coordinators(client, reader, norr, plan_builder):
    plan = plan_builder(slug="utkast", owner=norr, status=Plan.Status.DRAFT)
    client.force_login(reader)

    assert client.get(reverse("plans:plan-pdf", args=[plan.slug])).status_code == 404
