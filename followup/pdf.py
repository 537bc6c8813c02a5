"""The follow-up report of a round, and a region's own report, as PDF."""

import re
from dataclasses import dataclass
from functools import cache

from django.template import engines
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

    # A row's cells are made once per level and joined here, not looped over in the template:
    # a national report has 6,300 of them, and its preview shows them all in the overview.
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
    version: int | None = None  # the published version this report is stored as

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


def followup_report(
    round: FollowUpRound, region: Region | None = None, *, version: int | None = None
) -> FollowUpReport:
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
        version=version,
    )


def _published_on(round: FollowUpRound):
    """When the round was last published; none while it is not (a reopened round's report is
    a draft again). Asked for in every state, so that the report's queries stay the same."""
    published = round.events.filter(action=RoundEvent.Action.PUBLISHED).first()
    return published.at if published and round.state == FollowUpRound.State.PUBLISHED else None


def preview_report(round: FollowUpRound) -> FollowUpReport:
    """The report as its browser preview needs it: every level, for the summary and overview,
    and no comments yet; add_comments adds those of the areas whose tables it shows.

    The levels are read as rows (selectors.round_levels): a national round's 6,300 assessments
    as models cost more than the preview's whole HTML. Seven queries: round with plan, goals,
    regions, levels, previous round, its levels, the publication event.
    """
    round = FollowUpRound.objects.with_plan().get(pk=round.pk)
    goals = list(Goal.objects.for_plan(round.plan))
    data = round_levels(round, goals=goals)
    region_ids = [each.pk for each in data.regions]
    areas: dict[int, ReportArea] = {}
    for goal in goals:
        goal_id = goal.pk
        levels = [data.levels.get((goal_id, region_id), BLANK) for region_id in region_ids]
        areas.setdefault(goal.area_id, ReportArea(goal.area, [])).rows.append(
            ReportRow(goal, levels, [])
        )
    return FollowUpReport(
        round=round,
        regions=data.regions,
        areas=list(areas.values()),
        summary=round_summary(data),
        previous=data.previous,
        published_on=_published_on(round),
    )


def add_comments(report: FollowUpReport, areas: list[ReportArea]) -> None:
    """Give the rows of these areas of a preview_report their comments, as followup_report
    has them: every region's report comment, then the RCC's. Two queries."""
    goal_ids = [row.goal.pk for area in areas for row in area.rows]
    round = report.round
    assessments = (
        round.assessments.filter(goal__in=goal_ids)
        .order_by()
        .values_list("goal_id", "region_id", "condensed_comment", "comment")
    )
    # As Assessment.report_comment: the condensed comment where the RCC wrote one.
    texts = {
        (goal_id, region_id): condensed or comment
        for goal_id, region_id, condensed, comment in assessments
    }
    rcc_texts = dict(
        RccComment.objects.filter(round=round, goal__in=goal_ids)
        .order_by()
        .values_list("goal_id", "text")
    )
    columns = [(each.pk, each.code) for each in report.regions]
    for area in areas:
        for row in area.rows:
            goal_id = row.goal.pk
            row.comments = [
                (code, text)
                for region_id, code in columns
                if (text := texts.get((goal_id, region_id)))
            ]
            if goal_id in rcc_texts:
                row.comments.append((report.rcc_name, rcc_texts[goal_id]))


def _followup_html(report: FollowUpReport, area_tables: list[ReportArea], pdf_url: str) -> str:
    template = engines["jinja2"].get_template("followup/pdf/followup_report.jinja")
    context = {
        "report": report,
        "area_tables": area_tables,
        "round": report.round,
        "preview": bool(pdf_url),
        "pdf_url": pdf_url,
        "today": timezone.now(),
    }
    return template.render(context)


def render_followup_html(round: FollowUpRound, *, version: int | None = None) -> str:
    """The report's HTML, for its PDF; with a version, as that published version is stored."""
    report = followup_report(round, version=version)
    return _followup_html(report, report.areas, "")


def published_preview(html: str, *, pdf_url: str, notice: str) -> str:
    """The browser preview of a stored report's HTML (a PublishedReport's): the same HTML
    with what the preview adds, the screen stylesheets (today's, so the links stay valid
    whatever was deployed since), the site's name in the title and the bar linking to the
    PDF; of a large report the chapters that fit (documents.pdf.preview_html)."""
    styles = render_to_string("followup/pdf/_preview_styles.html")
    bar = render_to_string("followup/pdf/_preview_bar.html", {"preview": True, "pdf_url": pdf_url})
    html = html.replace("</title>", " – Cancerplan</title>", 1)
    html = html.replace("</head>", f"{styles}</head>", 1)
    html = _BODY.sub(lambda body: body.group(0) + bar, html, count=1)
    return preview_html(html, notice=notice)


_BODY = re.compile(r"<body\b[^>]*>")


def render_followup_preview(round: FollowUpRound, *, pdf_url: str, notice: str) -> str:
    """The report's browser preview, linking to the PDF: a small report whole; of a large one
    the chapters that fit (documents.pdf.preview_html), then the notice (HTML).

    A large report's preview has at most its first PREVIEW_AREA_TABLES area tables, and only
    what it can show is built: their tables, with their comments, one area more at a time
    until the preview is cut before the last part laid out. The parts up to that one are
    then those of a report with more area tables, and so is the cut. Nine queries when that
    is in the first area table, two more for each further one.
    """
    report = preview_report(round)
    if not report.goals_per_part:
        add_comments(report, report.areas)
        return preview_html(_followup_html(report, report.areas, pdf_url), notice=notice)
    for count in range(1, PREVIEW_AREA_TABLES + 1):
        add_comments(report, report.areas[count - 1 : count])
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
