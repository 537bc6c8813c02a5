"""Render times and memory of the PDF reports, each against WeasyPrint's floor.

The floor is the same content as one bare HTML table with no styling: what WeasyPrint needs just
to lay out that much text. Run with `.venv/bin/python bench/reports.py [--runs N]`; it builds its
own SQLite database in a temporary folder (the demo data plus a generated national-scale round of
21 regions and 300 goals with full comments) and touches nothing else.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="cancerplan-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerplan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402

from followup.models import Assessment, FollowUpRound, RccComment, RegionReport  # noqa: E402
from followup.pdf import followup_report, render_followup_report_pdf  # noqa: E402
from plans.models import Area, Goal, Plan  # noqa: E402
from plans.pdf import render_plan_pdf  # noqa: E402
from registry.models import HealthcareRegion, Region  # noqa: E402

SENTENCE = (
    "Arbetet med strukturerad bedömning pågår i regionen och har kommit olika långt inom "
    "vårdprocesserna; kontaktsjuksköterskor och processledare följer upp målen kvartalsvis "
    "tillsammans med LPO Cancer och rapporterar till RCC:s styrgrupp."
)
WORDS = SENTENCE.split()


def text(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i) % len(WORDS)] for i in range(n)).capitalize() + "."


def build_national_round() -> FollowUpRound:
    """21 regions, 300 goals in 10 areas, every cell with a level and a 40-word comment."""
    plan = Plan.objects.create(
        slug="nationell-bench",
        title="Nationell cancerplan (benchmark)",
        kind=Plan.Kind.CANCER_PLAN,
        owner_healthcare_region=HealthcareRegion.objects.get(code="norr"),
        first_year=2025,
        last_year=2027,
        status=Plan.Status.APPROVED,
    )
    goals = []
    for a in range(1, 11):
        area = Area.objects.create(plan=plan, number=str(a), title=f"Område {a}", order=a)
        goals += Goal.objects.bulk_create(
            Goal(area=area, number=f"{a}.{g}", text=text(25, a * g), order=g) for g in range(1, 31)
        )
    regions = list(Region.objects.all())
    round = FollowUpRound.objects.create(
        plan=plan,
        year=2025,
        opens_on=date(2026, 3, 1),
        deadline=date(2026, 4, 30),
        state=FollowUpRound.State.CLOSED,
        introduction="\n\n".join(text(80, i) for i in range(3)),
        summary="\n\n".join(text(120, i) for i in range(6)),
    )
    round.regions.set(regions)
    RegionReport.objects.bulk_create(RegionReport(round=round, region=r) for r in regions)
    levels = ["U", "P", "E", "P/U", "", "U", "P"]
    Assessment.objects.bulk_create(
        Assessment(
            round=round,
            region=region,
            goal=goal,
            level=levels[(i + j) % len(levels)],
            comment=text(40, i + j),
        )
        for i, goal in enumerate(goals)
        for j, region in enumerate(regions)
    )
    RccComment.objects.bulk_create(
        RccComment(round=round, goal=goal, text=text(50, i)) for i, goal in enumerate(goals)
    )
    return round


def followup_floor_html(round: FollowUpRound) -> str:
    report = followup_report(round)
    rows = []
    for block in report.areas:
        for row in block.rows:
            cells = [row.goal.number + " " + row.goal.text, *(str(level) for level in row.levels)]
            cells.append(" ".join(f"{who}: {comment}" for who, comment in row.comments))
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<p>{escape(p)}</p>" for p in (round.introduction, round.summary))
    return f"<html><body>{head}<table>{''.join(rows)}</table></body></html>"


def plan_floor_html(plan: Plan) -> str:
    rows = []
    for area in plan.areas.all():
        for goal in area.goals.all():
            for a in goal.activities.all():
                cells = [
                    a.what,
                    goal.text,
                    a.how,
                    a.who,
                    a.when,
                    a.follow_up,
                    a.responsible,
                    a.timeframe,
                ]
                rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return f"<html><body><table>{''.join(rows)}</table></body></html>"


def timed(function, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(function())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median counts)")
    runs = parser.parse_args().runs

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--no-users", verbosity=0, stdout=quiet)
    national = build_national_round()
    norr = FollowUpRound.objects.get(plan__slug="norr-cancerplan-2022-2024", year=2023)
    mellansverige = Plan.objects.get(slug="mellansverige-handlingsplan-2025")
    mellansverige_tree = Plan.objects.with_tree().get(pk=mellansverige.pk)

    render_plan_pdf(mellansverige)  # load the fonts once, as a running server has them
    cases = [
        (
            "Norr 2023 follow-up report",
            lambda: render_followup_report_pdf(norr),
            followup_floor_html(norr),
        ),
        (
            "Mellansverige action plan 2025",
            lambda: render_plan_pdf(mellansverige),
            plan_floor_html(mellansverige_tree),
        ),
        (
            "National scale: 21 regions × 300 goals",
            lambda: render_followup_report_pdf(national),
            followup_floor_html(national),
        ),
    ]
    print(f"WeasyPrint render times, median of {runs} runs\n")
    columns = ("report s", "floor s", "ratio", "size kB", "peak MB")
    print(f"{'report':42} " + " ".join(f"{c:>9}" for c in columns))
    for name, render, floor_html in cases:
        seconds, size = timed(render, runs)
        floor, _ = timed(lambda html=floor_html: HTML(string=html).write_pdf(), runs)
        figures = (seconds, floor, seconds / floor, size / 1024, peak_mb())
        print(f"{name:42} " + " ".join(f"{f:9.2f}" for f in figures))
    print(f"\nPeak memory of the whole run: {peak_mb():.0f} MB (ru_maxrss).")


if __name__ == "__main__":
    main()
