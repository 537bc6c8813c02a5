"""How long updating a 10,000-row plan from its edited export takes: the preview and the apply.

The plan is bench/plan_import.py's (20 areas × 50 goals × 10 activities). Its export is edited
as a person would in Excel, at scale: 1,000 cells changed, 100 rows removed, 100 rows added.
The preview (plans.updates.plan_update_read) reads the file against the plan and writes
nothing; the apply (plans.services.plan_update_apply) reads it again under the plan's lock
and writes all of it with history. The baseline, measured in the same run, is reading the
same file into rows. Run with `.venv/bin/python bench/plan_update.py [--runs N]`, optionally
with DATABASE_URL set to a PostgreSQL database; without it the bench builds its own SQLite
database in a temporary folder. Every apply is rolled back; the issue asks each under 10 s.
"""

import argparse
import csv
import io
import statistics

import harness  # noqa: F401  (sets Django up; first)
from harness import migrate_with_registry, timed
from plan_import import plan_file

from documents.spreadsheets import read_rows
from plans.formats import PLAN_COLUMNS
from plans.models import Plan
from plans.services import plan_export, plan_import, plan_update_apply
from plans.updates import plan_update_read

EXPECTED = "100 nya, 1000 ändrade, 100 borttagna"


def edited(export: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    how, key, version = header.index("Hur?"), header.index("Rad-ID"), header.index("Radversion")
    for row in body[:1000]:
        row[how] = "Genom nätverksmöten, utbildning och uppföljning"
    kept = body[:-100]
    added = []
    for n, row in enumerate(kept[:100]):
        new = list(row)
        new[header.index("Vad ska göras?")] = f"Ny aktivitet {n}"
        new[key] = new[version] = ""
        added.append(new)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *kept, *added])
    return out.getvalue().encode("cp1252")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    migrate_with_registry("bodies.json")
    plan = plan_import(
        content=plan_file(),
        filename="plan.csv",
        slug="bench-update",
        title="Bench",
        kind=Plan.Kind.ACTION_PLAN,
        owner="mellansverige",
        first_year=2025,
        last_year=2026,
    ).plan
    content = edited(plan_export(plan=plan, fmt="csv"))

    def preview():
        update = plan_update_read(plan=plan, content=content, filename="plan.csv", user=None)
        assert (update.summary, update.problems) == (EXPECTED, []), update.summary

    def apply():
        update = plan_update_apply(plan=plan, content=content, filename="plan.csv", user=None)
        assert update.summary == EXPECTED

    def read():
        assert len(read_rows(content, "plan.csv", PLAN_COLUMNS)) == 10_000

    figures = {"preview": [], "apply": [], "baseline": []}
    for _ in range(runs):
        figures["preview"].append(timed(preview))
        figures["apply"].append(timed(apply))
        figures["baseline"].append(timed(read))
    floor = statistics.median(figures["baseline"])
    print(f"Updating a plan of 10,000 rows from its edited export ({EXPECTED}), median of {runs}:")
    for name, values in figures.items():
        median = statistics.median(values)
        print(f"  {name:9} {median:6.2f} s   {median / floor:5.1f} × baseline")


if __name__ == "__main__":
    main()
