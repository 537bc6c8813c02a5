import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from followup.models import Assessment, FollowUpRound, RccComment
from followup.pdf import (
    render_followup_html,
    render_followup_report_pdf,
    render_region_report_pdf,
)
from plans.models import Goal


def squeeze(text: str) -> str:
    """Text without any whitespace: line breaks in a PDF fall anywhere."""
    return re.sub(r"\s+", "", text)


def read(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_the_norr_2023_report_has_every_goal_level_and_comment(norr_2023):
    content = render_followup_report_pdf(norr_2023)

    reader, text = read(content)
    flat = squeeze(text)
    assert content.startswith(b"%PDF")
    assert 15 <= len(reader.pages) <= 40
    assert reader.metadata.title == "Uppföljning av lokala handlingsplaner 2023"
    assert reader.metadata.author == "RCC Norr"
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    for words in ["Uppnått mål", "Pågående arbete", "Ej påbörjat arbete", "ingen bedömning"]:
        assert words in text
    assert f"Sida 2 av {len(reader.pages)}" in text
    assert "Cancerplan för norra sjukvårdsregionen 2022–2024 · Uppföljning 2023" in text

    goals = list(Goal.objects.for_plan(norr_2023.plan))
    regions = list(norr_2023.regions.order_by("name"))
    levels = {(a.goal_id, a.region_id): a for a in norr_2023.assessments.all()}
    rcc = {c.goal_id: c.text for c in RccComment.objects.filter(round=norr_2023)}
    areas = list(dict.fromkeys(goal.area for goal in goals))
    # Each area's table starts at the last time its heading appears (after the overview).
    starts = [flat.rindex(squeeze(str(area))) for area in areas] + [len(flat)]
    for goal in goals:
        i = areas.index(goal.area)
        table = flat[starts[i] : starts[i + 1]]
        row = squeeze(goal.number + goal.text) + "".join(
            levels[(goal.pk, region.pk)].level or "–" for region in regions
        )
        assert row in table, goal.number
        for region in regions:
            comment = levels[(goal.pk, region.pk)].report_comment
            if comment:
                assert squeeze(f"{region.code}: {comment}") in table, (goal.number, region.code)
        if goal.pk in rcc:
            assert squeeze(f"RCC Norr: {rcc[goal.pk]}") in table


@pytest.mark.django_db
def test_condensed_comments_replace_the_regions_own_in_the_report(round_builder, reporter_a):
    round = round_builder()
    assessment = Assessment.objects.filter(round=round, region__code="RJH").first()
    Assessment.objects.filter(pk=assessment.pk).update(
        comment="En lång kommentar från regionen", condensed_comment="Kort version"
    )

    _reader, text = read(render_followup_report_pdf(round))

    assert "RJH: Kort version" in text
    assert "En lång kommentar" not in text
    assert "UTKAST" in text


@pytest.mark.django_db
def test_a_region_report_shows_last_rounds_level_and_the_chart(norr_2023, reporter_a):
    current = FollowUpRound.objects.get(plan=norr_2023.plan, year=2024)
    report = current.reports.get(region__code="RJH")
    first = Goal.objects.for_plan(current.plan).first()
    Assessment.objects.filter(round=current, region=report.region, goal=first).update(
        level="U", comment="Egen kommentar 2024"
    )

    reader, text = read(render_region_report_pdf(report))

    assert reader.metadata.title.startswith("Region Jämtland Härjedalen")
    assert "Nivåerna 2024 jämfört med 2023" in text
    assert "2024: 1" in text and "2023: 13" in text  # U this year and last year
    # 1.1: last year P (printed first), this year U, then the region's own comment.
    assert squeeze(first.number + first.text) + "PU" + "Egenkommentar2024" in squeeze(text)
    assert "RN:" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("goals_per_area", [2, 15])
def test_the_report_queries_do_not_grow_with_the_plan(
    round_builder, norr, plan_builder, goals_per_area, django_assert_num_queries
):
    plan = plan_builder(slug="pdf", owner=norr, goals_per_area=goals_per_area)
    round_builder(year=2023, plan=plan)
    round = round_builder(year=2024, plan=plan)
    report = round.reports.select_related("region").get(region__code="RJH")

    # round with plan, goals, regions, RCC comments, previous round, the assessments of both
    # rounds, the publication event
    with django_assert_num_queries(7):
        render_followup_report_pdf(round)
    # the same but the regions and the RCC comments: the report's region is the one asked for,
    # and its report shows its own comments
    with django_assert_num_queries(5):
        render_region_report_pdf(report)


@pytest.mark.django_db
class TestDownloads:
    def test_a_coordinator_downloads_any_rounds_report(self, client, round_builder, coordinator):
        round = round_builder()
        client.force_login(coordinator)

        response = client.get(reverse("followup:round-pdf", args=[round.pk]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "uppfoljning-2024-norr-2024.pdf" in response["Content-Disposition"]

    def test_a_reader_downloads_published_reports_only(self, client, round_builder, reader):
        draft = round_builder(year=2024)
        published = round_builder(year=2023, state=FollowUpRound.State.PUBLISHED)
        client.force_login(reader)

        assert client.get(reverse("followup:round-pdf", args=[draft.pk])).status_code == 404
        pdf = client.get(reverse("followup:round-pdf", args=[published.pk]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert "uppfoljning-2023" in pdf["Content-Disposition"]
        preview = client.get(reverse("followup:round-pdf-preview", args=[published.pk]))
        assert "Förhandsvisning av rapporten" in preview.content.decode()
        assert reverse("followup:round-pdf", args=[published.pk]) in preview.content.decode()
        assert " – Cancerplan</title>" in preview.content.decode()  # like the other pages
        assert " – Cancerplan</title>" not in render_followup_html(published)  # not the PDF's

    def test_a_reporter_downloads_their_own_regions_report_only(
        self, client, round_builder, reporter_a
    ):
        round = round_builder()
        client.force_login(reporter_a)

        own = client.get(reverse("followup:region-report-pdf", args=[round.pk, "RJH"]))
        other = client.get(reverse("followup:region-report-pdf", args=[round.pk, "RN"]))
        preview = client.get(reverse("followup:region-report-pdf-preview", args=[round.pk, "RJH"]))

        assert own.status_code == 200 and own.content.startswith(b"%PDF")
        assert other.status_code == 404
        assert "Region Jämtland Härjedalen" in preview.content.decode()

    def test_the_pages_offer_the_downloads(self, client, round_builder, coordinator):
        round = round_builder()
        client.force_login(coordinator)

        page = client.get(round.get_absolute_url()).content.decode()
        report = client.get(reverse("followup:region-report", args=[round.pk, "RJH"]))

        assert reverse("followup:round-pdf", args=[round.pk]) in page
        assert reverse("followup:region-report-pdf", args=[round.pk, "RJH"]) in (
            report.content.decode()
        )


@pytest.mark.django_db
def test_the_render_report_command(norr_2023, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "rjh.pdf"
    call_command(
        "render_report",
        "followup",
        "--plan",
        norr_2023.plan.slug,
        "--year",
        "2023",
        "--region",
        "rjh",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )

    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="deltar inte"):
        call_command(
            "render_report",
            "followup",
            "--plan",
            norr_2023.plan.slug,
            "--year",
            "2023",
            "--region",
            "XYZ",
            "-o",
            str(out),
        )
    with pytest.raises(CommandError, match="ingen uppföljning för 2019"):
        call_command(
            "render_report",
            "followup",
            "--plan",
            norr_2023.plan.slug,
            "--year",
            "2019",
            "-o",
            str(out),
        )


@pytest.mark.django_db
def test_a_large_report_laid_out_in_parts_reads_the_same(norr_2023, monkeypatch):
    whole_reader, whole = read(render_followup_report_pdf(norr_2023))
    monkeypatch.setattr("documents.pdf.LARGE_REPORT_CHARS", 1000)

    parts_reader, parts = read(render_followup_report_pdf(norr_2023))

    assert squeeze(parts) == squeeze(whole)
    assert len(parts_reader.pages) == len(whole_reader.pages)
    assert f"Sida 3 av {len(parts_reader.pages)}" in parts
    assert parts_reader.metadata.title == whole_reader.metadata.title
    assert parts_reader.trailer["/Root"]["/Lang"] == "sv"


@pytest.mark.django_db
def test_a_large_report_splits_long_area_tables_without_losing_a_row(norr_2023, monkeypatch):
    monkeypatch.setattr("documents.pdf.LARGE_REPORT_CHARS", 1000)
    monkeypatch.setattr("followup.pdf.LARGE_FROM_CELLS", 10)
    monkeypatch.setattr("followup.pdf.GOALS_PER_PART", 3)

    reader, text = read(render_followup_report_pdf(norr_2023))

    flat = squeeze(text)
    regions = list(norr_2023.regions.order_by("name"))
    levels = {(a.goal_id, a.region_id): a for a in norr_2023.assessments.all()}
    for goal in Goal.objects.for_plan(norr_2023.plan):
        row = squeeze(goal.number + goal.text) + "".join(
            levels[(goal.pk, region.pk)].level or "–" for region in regions
        )
        assert row in flat, goal.number
    assert f"Sida {len(reader.pages)} av {len(reader.pages)}" in text
