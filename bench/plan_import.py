"""How long a 10,000-row plan import takes (20 areas × 50 goals × 10 activities), with a dry run.

The baseline, measured in the same run, is reading the same file into rows: what the import
costs before it validates or writes anything. Run with `.venv/bin/python bench/plan_import.py
[--runs N]`, optionally with DATABASE_URL set to a PostgreSQL database; without it the bench
builds its own SQLite database in a temporary folder. Every import is rolled back.
"""

import argparse
import csv
import io
import statistics

import harness  # noqa: F401  (sets Django up; first)
from harness import migrate_with_registry, timed

from documents.spreadsheets import read_rows
from plans.formats import PLAN_COLUMNS
from plans.models import Activity, Plan
from plans.services import plan_import


def plan_file() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([column.header for column in PLAN_COLUMNS])
    for a in range(1, 21):
        for g in range(1, 51):
            for n in range(1, 11):
                row = {
                    "area_number": str(a),
                    "area": f"Område {a}",
                    "goal": f"Mål {a}.{g}: regionerna ska arbeta strukturerat med målet.",
                    "activity": f"Aktivitet {a}.{g}.{n}",
                    "how": "Genom nätverksmöten och utbildning",
                    "who": "VPK och PL",
                    "responsible": "RCC",
                    "timeframe": "2025–2026",
                }
                writer.writerow([row.get(column.alias, "") for column in PLAN_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    migrate_with_registry("bodies.json")
    content = plan_file()

    def run(dry_run: bool):
        def work():
            result = plan_import(
                content=content,
                filename="plan.csv",
                slug="bench-10000",
                title="Bench",
                kind=Plan.Kind.ACTION_PLAN,
                owner="mellansverige",
                first_year=2025,
                last_year=2026,
                dry_run=dry_run,
            )
            assert result.activities == 10_000
            if not dry_run:
                assert Activity.history.filter(goal__area__plan=result.plan).count() == 10_000

        return work

    def read():
        assert len(read_rows(content, "plan.csv", PLAN_COLUMNS)) == 10_000

    figures = {"import": [], "dry run": [], "baseline": []}
    for _ in range(runs):
        figures["import"].append(timed(run(dry_run=False)))
        figures["dry run"].append(timed(run(dry_run=True)))
        figures["baseline"].append(timed(read))
    floor = statistics.median(figures["baseline"])
    print(f"Importing a plan of 10,000 rows ({len(content) / 1024:.0f} kB), median of {runs}:")
    for name, values in figures.items():
        median = statistics.median(values)
        print(
            f"  {name:9} {median:6.2f} s (min {min(values):.2f}, max {max(values):.2f})"
            f"  ratio {median / floor:.2f}"
        )


if __name__ == "__main__":
    main()
