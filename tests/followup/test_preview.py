"""The follow-up report's browser preview: built from less than the whole report, the same."""

import pytest

from documents import pdf as documents_pdf
from followup import pdf
from followup.models import Assessment

NOTICE = '<p class="preview-notice">Hela rapporten finns som PDF.</p>'


def cut_from_the_whole_report(round) -> str:
    """The preview as the whole report gives it: its HTML with the first area tables, cut."""
    report = pdf.followup_report(round)
    area_tables = report.areas[: pdf.PREVIEW_AREA_TABLES] if report.goals_per_part else report.areas
    html = pdf._followup_html(report, area_tables, "/rapport.pdf")
    return documents_pdf.preview_html(html, notice=NOTICE)


@pytest.fixture
def round(open_round):
    """The 2024 round with the 2023 levels and comments, a condensed one, a previous round."""
    assessment = Assessment.objects.filter(round=open_round).exclude(comment="").first()
    Assessment.objects.filter(pk=assessment.pk).update(condensed_comment="Kort version")
    return open_round


@pytest.mark.django_db
def test_it_is_the_whole_report_when_that_is_small(round):
    preview = pdf.render_followup_preview(round, pdf_url="/rapport.pdf", notice=NOTICE)

    assert preview == cut_from_the_whole_report(round)
    assert "Kort version" in preview and NOTICE not in preview


@pytest.mark.django_db
def test_a_large_reports_preview_is_cut_where_the_whole_reports_would_be(round, monkeypatch):
    monkeypatch.setattr(pdf, "LARGE_FROM_CELLS", 10)
    monkeypatch.setattr(pdf, "GOALS_PER_PART", 3)
    monkeypatch.setattr(documents_pdf, "PREVIEW_MAX_CHARS", 10**9)
    parts = cut_from_the_whole_report(round).split(documents_pdf.PART_BREAK)
    ends = [sum(len(part) for part in parts[: n + 1]) for n in range(len(parts))]
    assert len(parts) > 6  # cover and summary, overview, the first two areas in parts

    # From a cut in the summary to none at all: within the overview, the area tables, and
    # at each part's end.
    limits = range(0, ends[-1] + 2000, ends[-1] // 40)
    for limit in [*limits, *(end + d for end in ends for d in (-1, 0, 1))]:
        monkeypatch.setattr(documents_pdf, "PREVIEW_MAX_CHARS", limit)
        preview = pdf.render_followup_preview(round, pdf_url="/rapport.pdf", notice=NOTICE)
        assert preview == cut_from_the_whole_report(round), limit


@pytest.mark.django_db
def test_a_large_reports_preview_reads_the_comments_of_the_area_tables_it_shows(
    round, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pdf, "LARGE_FROM_CELLS", 10)
    monkeypatch.setattr(pdf, "GOALS_PER_PART", 3)
    monkeypatch.setattr(documents_pdf, "PREVIEW_MAX_CHARS", 10**9)
    parts = cut_from_the_whole_report(round).split(documents_pdf.PART_BREAK)

    # round with plan, goals, regions, previous round, the levels of both rounds, the
    # publication event; the first area's comments and RCC comments
    monkeypatch.setattr(documents_pdf, "PREVIEW_MAX_CHARS", len("".join(parts[:3])))
    with django_assert_num_queries(8):
        preview = pdf.render_followup_preview(round, pdf_url="/rapport.pdf", notice=NOTICE)
    assert NOTICE in preview
    # and the second area's, when the first fits whole
    monkeypatch.setattr(documents_pdf, "PREVIEW_MAX_CHARS", 10**9)
    with django_assert_num_queries(10):
        preview = pdf.render_followup_preview(round, pdf_url="/rapport.pdf", notice=NOTICE)
    assert NOTICE not in preview


@pytest.mark.django_db
def test_the_preview_reports_comments_are_the_whole_reports(round):
    report = pdf.preview_report(round)
    assert not any(row.comments for area in report.areas for row in area.rows)

    pdf.add_comments(report, report.areas)

    whole = pdf.followup_report(round)
    assert [row.comments for area in report.areas for row in area.rows] == [
        row.comments for area in whole.areas for row in area.rows
    ]
    assert [row.levels for area in report.areas for row in area.rows] == [
        row.levels for area in whole.areas for row in area.rows
    ]
    assert report.summary == whole.summary
