"""How long opening a national-scale round takes, against a bare bulk insert of its rows.

Opening creates a blank assessment, with its history, for every goal and region: 300 goals ×
21 regions = 6,300 rows. The baseline inserts the same rows with one bulk_create and no history,
in the same run. Run with `.venv/bin/python bench/open_round.py [--runs N]` (optionally with
DATABASE_URL set to a PostgreSQL database); without DATABASE_URL it builds its own SQLite
database in a temporary folder. Everything it writes is rolled back.
"""

import argparse
import statistics
from datetime import date

import harness  # noqa: F401  (sets Django up; first)
from django.db import transaction
from harness import migrate_with_registry, timed

from followup.models import Assessment, FollowUpRound, RoundEvent
from followup.services import round_create, round_transition
from plans.models import Area, Goal, Plan
from registry.models import HealthcareRegion, Region


def national_round() -> FollowUpRound:
    plan = Plan.objects.create(
        slug="nationell-oppning",
        title="Nationell cancerplan (benchmark)",
        kind=Plan.Kind.CANCER_PLAN,
        owner_healthcare_region=HealthcareRegion.objects.get(code="norr"),
        first_year=2025,
        last_year=2027,
        status=Plan.Status.APPROVED,
    )
    for a in range(1, 11):
        area = Area.objects.create(plan=plan, number=str(a), title=f"Område {a}", order=a)
        Goal.objects.bulk_create(
            Goal(area=area, number=f"{a}.{g}", text=f"Mål {a}.{g}", order=g) for g in range(1, 31)
        )
    return round_create(
        plan=plan,
        year=2025,
        opens_on=date(2026, 3, 1),
        deadline=date(2026, 4, 30),
        user=None,
        regions=list(Region.objects.all()),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    migrate_with_registry()
    with transaction.atomic():  # the benchmark's plan goes again afterwards
        measure(national_round(), runs)
        transaction.set_rollback(True)


def measure(round: FollowUpRound, runs: int) -> None:
    goals = list(Goal.objects.filter(area__plan=round.plan).values_list("pk", flat=True))
    regions = list(round.regions.values_list("pk", flat=True))

    def open_round():
        round_transition(round=round, action=RoundEvent.Action.OPENED, user=None)

    def bare_insert():
        Assessment.objects.bulk_create(
            Assessment(round=round, region_id=r, goal_id=g) for r in regions for g in goals
        )

    opening, baseline = [], []
    for _ in range(runs):
        opening.append(timed(open_round))
        baseline.append(timed(bare_insert))
    rows = len(goals) * len(regions)
    median, floor = statistics.median(opening), statistics.median(baseline)
    print(f"Opening a round of {len(goals)} goals × {len(regions)} regions ({rows} assessments)")
    print(f"  open:     median {median:.3f} s (min {min(opening):.3f}, max {max(opening):.3f})")
    print(f"  baseline: median {floor:.3f} s (bulk_create of the same rows, no history)")
    print(f"  ratio:    {median / floor:.2f}")


if __name__ == "__main__":
    main()
