"""Render times and peak memory of the PDF reports, each against WeasyPrint's floor.

The floor is the same content (every text the report shows: cover, introduction, summary,
overview, tables) as one bare HTML table with no styling: what WeasyPrint needs just to lay out
that much text. Run with `.venv/bin/python bench/reports.py [--runs N] [--cases CASE ...]`
(norr, mellansverige, national; all by default). It builds its own SQLite database in a
temporary folder (the demo data plus, for the national case, a generated national-scale round of
21 regions and 300 goals with full comments) and touches nothing else. Each figure is measured in
a fresh process, so that the peak memory (ru_maxrss) is that one render's.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "--db" in sys.argv:
    DATABASE = sys.argv[sys.argv.index("--db") + 1]
else:
    DATABASE = str(Path(tempfile.mkdtemp(prefix="cancerplan-bench-")) / "bench.sqlite3")
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerplan.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

import national  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils.text import Truncator  # noqa: E402
from weasyprint import HTML  # noqa: E402

from followup.models import FollowUpRound  # noqa: E402
from followup.pdf import followup_report, render_followup_report_pdf  # noqa: E402
from plans.models import Plan  # noqa: E402
from plans.pdf import render_plan_pdf  # noqa: E402


def build_national_round() -> FollowUpRound:
    return national.build_national_round(
        slug="nationell-bench",
        title="Nationell cancerplan (benchmark)",
        state=FollowUpRound.State.CLOSED,
        opens_on=date(2026, 3, 1),
        deadline=date(2026, 4, 30),
    )


def bare_table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<html><body><table>{cells}</table></body></html>"


def followup_floor_html(round: FollowUpRound) -> str:
    """Everything the follow-up report shows, as rows of one bare table."""
    report = followup_report(round)
    summary = report.summary
    codes = [region.code for region in report.regions]
    rows = [[round.title], [round.plan.title], [report.rcc_name], [", ".join(codes)]]
    rows += [[paragraph] for paragraph in round.introduction.split("\n\n")]
    rows += [[paragraph] for paragraph in round.summary.split("\n\n")]
    rows += [[code, *summary.counts[code].values()] for code in codes]
    rows += [[goal.number, goal.text] for goal in summary.achieved_everywhere]
    for items in (
        summary.achieved_all_but_one,
        summary.not_started_in_half,
        summary.missing_levels,
    ):
        rows += [[i.goal.number, i.goal.text, *(r.code for r in i.regions)] for i in items]
    for block in report.areas:
        rows.append([str(block.area)])
        rows += [
            [row.goal.number, Truncator(row.goal.text).words(14), *map(str, row.levels)]
            for row in block.rows
        ]
    for block in report.areas:
        rows.append([str(block.area)])
        for row in block.rows:
            comments = " ".join(f"{who}: {text}" for who, text in row.comments)
            rows.append([row.goal.number + " " + row.goal.text, *map(str, row.levels), comments])
    return bare_table(rows)


def plan_floor_html(plan: Plan) -> str:
    """Everything the plan report shows, as rows of one bare table."""
    rows = [[plan.title], [plan.period], [str(plan.owner)], [plan.introduction]]
    rows += [[entry.abbreviation, entry.meaning] for entry in plan.abbreviations.all()]
    for area in plan.areas.all():
        rows.append([f"Tabell {area.number}. {area.title}"])
        for goal in area.goals.all():
            for a in goal.activities.all():
                rows.append(
                    [
                        a.what,
                        goal.text,
                        a.how,
                        a.who,
                        a.when,
                        a.follow_up,
                        a.responsible,
                        a.timeframe,
                    ]
                )
    return bare_table(rows)


CASES = {
    "norr": "Norr 2023 follow-up report",
    "mellansverige": "Mellansverige action plan 2025",
    "national": "National scale: 21 regions × 300 goals",
}


def content_of(case: str):
    """The report's render function and its floor's HTML."""
    if case == "mellansverige":
        plan = Plan.objects.get(slug="mellansverige-handlingsplan-2025")
        tree = Plan.objects.with_tree().prefetch_related("abbreviations").get(pk=plan.pk)
        return (lambda: render_plan_pdf(plan)), plan_floor_html(tree)
    slug = "nationell-bench" if case == "national" else "norr-cancerplan-2022-2024"
    round = FollowUpRound.objects.filter(plan__slug=slug).order_by("year").first()
    return (lambda: render_followup_report_pdf(round)), followup_floor_html(round)


def measure(case: str, floor: bool, runs: int) -> dict:
    """In this process: the median render time and the peak memory of one case."""
    render, floor_html = content_of(case)
    if floor:
        render = lambda: HTML(string=floor_html).write_pdf()  # noqa: E731
    else:
        render_plan_pdf(Plan.objects.first())  # fonts load once per process, as in a server
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(render())
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": statistics.median(times), "kb": size / 1024, "peak_mb": peak}


def in_child(case: str, floor: bool, runs: int) -> dict:
    command = [sys.executable, __file__, "--db", DATABASE, "--case", case, "--runs", str(runs)]
    output = subprocess.run(
        command + (["--floor"] if floor else []), check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median counts)")
    parser.add_argument(
        "--cases", nargs="+", choices=CASES, default=list(CASES), help="the reports to measure"
    )
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.case:
        print(json.dumps(measure(options.case, options.floor, options.runs)))
        return

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--no-users", verbosity=0, stdout=quiet)
    if "national" in options.cases:
        build_national_round()
    print(f"WeasyPrint render times, median of {options.runs} runs; each in a fresh process\n")
    columns = ("report s", "floor s", "ratio", "size kB", "peak MB", "floor MB")
    print(f"{'report':42} " + " ".join(f"{c:>9}" for c in columns))
    for case, name in CASES.items():
        if case not in options.cases:
            continue
        runs = 1 if case == "national" else options.runs
        report = in_child(case, False, runs)
        floor = in_child(case, True, runs)
        figures = (
            report["seconds"],
            floor["seconds"],
            report["seconds"] / floor["seconds"],
            report["kb"],
            report["peak_mb"],
            floor["peak_mb"],
        )
        print(f"{name:42} " + " ".join(f"{f:9.2f}" for f in figures), flush=True)


if __name__ == "__main__":
    main()
