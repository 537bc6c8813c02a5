"""The follow-up report of a round, and a region's own report, as PDF."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from documents.pdf import render_pdf
from plans.models import Area, Goal
from registry.models import Region

from .levels import Level
from .models import FollowUpRound, RegionReport, RoundEvent
from .selectors import round_data
from .summary import RoundSummary, level_counts, round_summary

WIDE_FROM_REGIONS = 7
# A report with more cells (goals × regions) than this is laid out in parts of so many goals,
# to bound its memory (see documents.pdf.render_pdf).
LARGE_FROM_CELLS = 3000
GOALS_PER_PART = 8
PREVIEW_AREA_TABLES = 2


@dataclass
class ReportRow:
    goal: Goal
    levels: list[Level]  # one per region, in region order
    comments: list[tuple[str, str]]  # (who, text): each region's, then the RCC's
    previous: Level | None = None  # the region report's level last round


@dataclass
class ReportArea:
    area: Area
    rows: list[ReportRow]


@dataclass
class FollowUpReport:
    round: FollowUpRound
    regions: list[Region]
    areas: list[ReportArea]
    summary: RoundSummary | None  # the whole round's; none in a region's own report
    previous: FollowUpRound | None
    published_on: object

    @property
    def rcc_name(self) -> str:
        return self.round.plan.healthcare_region.rcc_name

    @property
    def goals_per_part(self) -> int | None:
        cells = len(self.regions) * sum(len(area.rows) for area in self.areas)
        return GOALS_PER_PART if cells > LARGE_FROM_CELLS else None

    @property
    def wide(self) -> bool:
        """More regions than fit beside goal and comments on a portrait page."""
        return len(self.regions) > WIDE_FROM_REGIONS


def followup_report(round: FollowUpRound, region: Region | None = None) -> FollowUpReport:
    """Everything the report shows, in a fixed number of queries whatever the plan's size.

    With a region it is that region's own report: its comments as written, beside its levels
    of the previous round; else every region's report comment, then the RCC's.
    """
    round = FollowUpRound.objects.with_plan().get(pk=round.pk)
    data = round_data(round, region=region)
    published = round.events.filter(action=RoundEvent.Action.PUBLISHED).first()
    rcc_name = round.plan.healthcare_region.rcc_name
    areas: dict[int, ReportArea] = {}
    for goal in data.goals:
        levels, comments = [], []
        for each in data.regions:
            levels.append(data.level(goal, each))
            assessment = data.assessment(goal, each)
            text = ""
            if assessment:
                text = assessment.comment if region else assessment.report_comment
            if text:
                comments.append((each.code, text))
        if goal.pk in data.rcc_comments and not region:
            comments.append((rcc_name, data.rcc_comments[goal.pk].text))
        row = ReportRow(goal, levels, comments)
        if region and data.previous:
            row.previous = data.previous_level(goal, region)
        areas.setdefault(goal.area_id, ReportArea(goal.area, [])).rows.append(row)
    return FollowUpReport(
        round=round,
        regions=data.regions,
        areas=list(areas.values()),
        summary=None if region else round_summary(data),
        previous=data.previous,
        published_on=published.at if published else None,
    )


def render_followup_html(round: FollowUpRound, *, pdf_url: str = "") -> str:
    """The report's HTML; with a pdf_url it is the browser preview, linking to the PDF.

    A large report's preview has only its first area tables: the browser shows what fits in
    a preview (documents.pdf.preview_html) and the PDF has the rest.
    """
    report = followup_report(round)
    area_tables = report.areas
    if pdf_url and report.goals_per_part:
        area_tables = area_tables[:PREVIEW_AREA_TABLES]
    return render_to_string(
        "followup/pdf/followup_report.html",
        {
            "report": report,
            "area_tables": area_tables,
            "round": report.round,
            "preview": bool(pdf_url),
            "pdf_url": pdf_url,
            "today": timezone.now(),
        },
    )


def render_followup_report_pdf(round: FollowUpRound) -> bytes:
    return render_pdf(render_followup_html(round))


def render_region_html(report: RegionReport, *, pdf_url: str = "") -> str:
    data = followup_report(report.round, region=report.region)
    now = level_counts([row.levels[0] for area in data.areas for row in area.rows])
    before = None
    if data.previous is not None:
        before = level_counts([row.previous for area in data.areas for row in area.rows])
    return render_to_string(
        "followup/pdf/region_report.html",
        {
            "report": data,
            "round": data.round,
            "region": report.region,
            "region_report": report,
            "chart": count_chart(now, before, data.round.year, data.previous),
            "preview": bool(pdf_url),
            "pdf_url": pdf_url,
            "today": timezone.now(),
        },
    )


def render_region_report_pdf(report: RegionReport) -> bytes:
    return render_pdf(render_region_html(report))


# (count key, label, css class of the level's colour)
CHART_LABELS = [
    ("U", "U", "u"),
    ("P", "P", "p"),
    ("E", "E", "e"),
    ("mixed", "Delad", "mixed"),
    ("", "Ingen", "blank"),
]


def count_chart(now: dict, before: dict | None, year: int, previous) -> dict:
    """Bars for the counts of U/P/E/composite/blank this year against last year."""
    largest = max([*now.values(), *(before or {}).values(), 1])
    bars = []
    for key, label, css_class in CHART_LABELS:
        bars.append(
            {
                "label": label,
                "css_class": css_class,
                "now": now[key],
                "before": before[key] if before else None,
                "now_width": round(100 * now[key] / largest),
                "before_width": round(100 * before[key] / largest) if before else 0,
            }
        )
    return {"bars": bars, "year": year, "previous_year": previous.year if previous else None}
