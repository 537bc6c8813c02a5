"""National-scale data for the benchmarks: 21 regions, 300 goals in 10 areas, every
assessment with a level and a 40-word comment. Import it once Django is set up."""

from datetime import date

from followup.models import Assessment, FollowUpRound, RccComment, RegionReport
from plans.models import Area, Goal, Plan
from registry.models import HealthcareRegion, Region

SENTENCE = (
    "Arbetet med strukturerad bedömning pågår i regionen och har kommit olika långt inom "
    "vårdprocesserna; kontaktsjuksköterskor och processledare följer upp målen kvartalsvis "
    "tillsammans med LPO Cancer och rapporterar till RCC:s styrgrupp."
)
WORDS = SENTENCE.split()


def text(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i) % len(WORDS)] for i in range(n)).capitalize() + "."


def build_national_round(
    *, slug: str, title: str, state: str, opens_on: date, deadline: date
) -> FollowUpRound:
    """A cancer plan of RCC Norr's with a round of every region, filled in, in bulk."""
    plan = Plan.objects.create(
        slug=slug,
        title=title,
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
        opens_on=opens_on,
        deadline=deadline,
        state=state,
        introduction="\n\n".join(text(80, i) for i in range(3)),
        summary="\n\n".join(text(120, i) for i in range(6)),
    )
    round.regions.set(regions)
    RegionReport.objects.bulk_create(RegionReport(round=round, region=r) for r in regions)
    levels = ["U", "P", "E", "P/U", "", "U", "P"]
    Assessment.objects.bulk_create(
        (
            Assessment(
                round=round,
                region=region,
                goal=goal,
                level=levels[(i + j) % len(levels)],
                comment=text(40, i + j),
            )
            for i, goal in enumerate(goals)
            for j, region in enumerate(regions)
        ),
        batch_size=2000,
    )
    RccComment.objects.bulk_create(
        RccComment(round=round, goal=goal, text=text(50, i)) for i, goal in enumerate(goals)
    )
    return round
