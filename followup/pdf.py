"""The follow-up report of a round, and a region's own report, as PDF."""

from dataclasses import dataclass
from functools import cache

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from documents.pdf import PART_BREAK, preview_html, render_pdf
from plans.models import Area, Goal
from registry.models import Region

from .levels import Level
from .models import FollowUpRound, RccComment, RegionReport, RoundEvent
from .selectors import BLANK, round_data, round_levels
from .summary import RoundSummary, level_counts, round_summary
from .templatetags.followup_tags import level_letters

WIDE_FROM_REGIONS = 7
# A report with more cells (goals × regions) than this is laid out in parts of so many goals,
# to bound its memory (see documents.pdf.render_pdf).
LARGE_FROM_CELLS = 3000
GOALS_PER_PART = 8
PREVIEW_AREA_TABLES = 2


@cache
def _overview_cell(level: Level) -> str:
    return format_html('<td class="cell cell--{}">{}</td>', level.css_class, str(level) or "–")


@cache
def _level_cell(level: Level) -> str:
    return format_html('<td class="col-level">{}</td>', level_letters(str(level)))


@dataclass
class ReportRow:
    goal: Goal
    levels: list[Level]  # one per region, in region order
    comments: list[tuple[str, str]]  # (who, text): each region's, then the RCC's
    previous: Level | None = None  # the region report's level last round

    # A row's cells are joined here, not looped over in the templates: a national report has
    # 6,300 of them, and its preview shows them all in the overview.
    @property
    def overview_cells(self) -> str:
        """The overview's cells of the row's levels, coloured."""
        return mark_safe("".join([_overview_cell(level) for level in self.levels]))

    @property
    def level_cells(self) -> str:
        """The area table's cells of the row's levels, as level badges."""
        return mark_safe("".join([_level_cell(level) for level in self.levels]))


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
        published_on=_published_on(round),
    )


def _published_on(round: FollowUpRound):
    published = round.events.filter(action=RoundEvent.Action.PUBLISHED).first()
    return published.at if published else None


def preview_report(round: FollowUpRound) -> FollowUpReport:
    """The report as its browser preview shows it: every level (for the summary and overview),
    and the comments only of the areas whose tables it can show; the rows of the others have
    none. Those are all areas of a small report, the first PREVIEW_AREA_TABLES of a large one.

    The levels are read as rows (selectors.round_levels) and the comments of those areas only:
    a national round's 6,300 assessments as models cost more than the preview's whole HTML.
    Nine queries at most: round with plan, goals, regions, levels, previous round, its levels,
    the comments, the RCC's comments, the publication event.
    """
    round = FollowUpRound.objects.with_plan().get(pk=round.pk)
    goals = list(Goal.objects.for_plan(round.plan).prefetch_related(None))  # no parts shown
    data = round_levels(round, goals=goals)
    shown = list(dict.fromkeys(goal.area_id for goal in goals))
    if len(data.regions) * len(goals) > LARGE_FROM_CELLS:
        shown = shown[:PREVIEW_AREA_TABLES]
    assessments = (
        round.assessments.filter(goal__area__in=shown)
        .order_by()
        .values_list("goal_id", "region_id", "condensed_comment", "comment")
    )
    # As Assessment.report_comment: the condensed comment where the RCC wrote one.
    texts = {
        (goal_id, region_id): condensed or comment
        for goal_id, region_id, condensed, comment in assessments
    }
    rcc_texts = dict(
        RccComment.objects.filter(round=round, goal__area__in=shown)
        .order_by()
        .values_list("goal_id", "text")
    )
    rcc_name = round.plan.healthcare_region.rcc_name
    shown = set(shown)
    columns = [(each.pk, each.code) for each in data.regions]
    areas: dict[int, ReportArea] = {}
    for goal in goals:
        goal_id = goal.pk
        levels = [data.levels.get((goal_id, region_id), BLANK) for region_id, _code in columns]
        comments = []
        if goal.area_id in shown:
            for region_id, code in columns:
                text = texts.get((goal_id, region_id))
                if text:
                    comments.append((code, text))
            if rcc_texts.get(goal.pk):
                comments.append((rcc_name, rcc_texts[goal.pk]))
        row = ReportRow(goal, levels, comments)
        areas.setdefault(goal.area_id, ReportArea(goal.area, [])).rows.append(row)
    return FollowUpReport(
        round=round,
        regions=data.regions,
        areas=list(areas.values()),
        summary=round_summary(data),
        previous=data.previous,
        published_on=_published_on(round),
    )


def _followup_html(report: FollowUpReport, area_tables: list[ReportArea], pdf_url: str) -> str:
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


def render_followup_html(round: FollowUpRound) -> str:
    """The report's HTML, for its PDF."""
    report = followup_report(round)
    return _followup_html(report, report.areas, "")


def render_followup_preview(round: FollowUpRound, *, pdf_url: str, notice: str) -> str:
    """The report's browser preview, linking to the PDF: a small report whole; of a large one
    the chapters that fit (documents.pdf.preview_html), then the notice (HTML).

    A large report's preview has at most its first PREVIEW_AREA_TABLES area tables, and only
    what it can show is built: their comments (preview_report), and their tables one area
    more at a time until the preview is cut before the last part laid out. The parts before
    that one are then those of a report with more area tables, and so is the cut.
    """
    report = preview_report(round)
    if not report.goals_per_part:
        return preview_html(_followup_html(report, report.areas, pdf_url), notice=notice)
    for count in range(1, PREVIEW_AREA_TABLES + 1):
        html = _followup_html(report, report.areas[:count], pdf_url)
        preview = preview_html(html, notice=notice)
        if preview.count(PART_BREAK) < html.count(PART_BREAK) - 1:
            break
    return preview


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
