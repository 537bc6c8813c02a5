"""The demo: the real plans of RCC Norr and RCC Mellansverige, and one user per role."""

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agreements.imports import agreement_import_file, links_import_file
from documents.history import change_batch
from followup.models import FollowUpRound, RoundEvent
from followup.services import (
    followup_import,
    published_report_store,
    round_create,
    round_transition,
)
from meetings.models import PresenceGoal, SteeringGroup
from meetings.services import meeting_import_file
from plans.formats import parse_chapters
from plans.models import Goal, Plan
from plans.services import parse_period, plan_add_chapters, plan_import, plan_set_abbreviations
from registry.models import Body, HealthcareRegion, Membership, Region

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_PASSWORD = "demo"
NORR_PLAN = "norr-cancerplan-2022-2024"


@dataclass(frozen=True)
class DemoUser:
    username: str
    description: str
    role: str | None = None  # None: superuser
    scope: str = (
        ""  # healthcare region code for coordinators and readers, region code for reporters
    )


DEMO_USERS = [
    DemoUser("admin", "superanvändare"),
    DemoUser("samordnare-norr", "samordnare vid RCC Norr", Membership.Role.COORDINATOR, "norr"),
    DemoUser(
        "samordnare-mellansverige",
        "samordnare vid RCC Mellansverige",
        Membership.Role.COORDINATOR,
        "mellansverige",
    ),
    DemoUser("rjh", "rapportör för Region Jämtland Härjedalen", Membership.Role.REPORTER, "RJH"),
    DemoUser("rn", "rapportör för Region Norrbotten", Membership.Role.REPORTER, "RN"),
    DemoUser("rv", "rapportör för Region Västerbotten", Membership.Role.REPORTER, "RV"),
    DemoUser("rvn", "rapportör för Region Västernorrland", Membership.Role.REPORTER, "RVN"),
    *(
        DemoUser(
            f"planerare-{code.lower()}", f"planerare för {name}", Membership.Role.PLANNER, code
        )
        for code, name in [
            ("RJH", "Region Jämtland Härjedalen"),
            ("RN", "Region Norrbotten"),
            ("RV", "Region Västerbotten"),
            ("RVN", "Region Västernorrland"),
            ("RG", "Region Gävleborg"),
        ]
    ),
    DemoUser("styrgrupp", "läsare i RCC Norrs styrgrupp", Membership.Role.READER, "norr"),
    DemoUser(
        "styrgrupp-mellansverige",
        "läsare i RCC Mellansveriges styrgrupp",
        Membership.Role.READER,
        "mellansverige",
    ),
]


@transaction.atomic
def demo_load(*, with_users: bool) -> list[str]:
    """Load the registry, the demo plans and (optionally) the demo users; skip what exists.

    1. Registry: healthcare regions, regions and bodies (loaddata updates them in place).
    2. Plans listed in fixtures/demo.toml, imported through the plan spreadsheet service.
    3. Follow-up rounds listed there: past ones imported and published (which stores the
       report as published; its PDF is made by the worker), current ones opened.
    4. Steering-group meetings transcribed in fixtures/meetings/, with their planned meetings.
       RCC Norr's steering group, without meetings, answers the Norr cancer plan's goal 6.5.
    5. Demo users with their roles, all with the password "demo".
    """
    log = []
    call_command("loaddata", FIXTURES / "registry.json", FIXTURES / "bodies.json", verbosity=0)
    log.append(
        f"Register: {HealthcareRegion.objects.count()} sjukvårdsregioner, "
        f"{Region.objects.count()} regioner."
    )
    manifest = tomllib.loads((FIXTURES / "demo.toml").read_text(encoding="utf-8"))
    for entry in manifest["plan"]:
        log.append(_load_plan(entry))
    for entry in manifest.get("round", []):
        log.append(_load_round(entry))
    for path in sorted((FIXTURES / "meetings").glob("*.toml")):
        log.append(str(meeting_import_file(path=path)))
    log.append(_load_norr_presence_goal())
    agreements = FIXTURES / "agreements"
    for path in sorted(agreements.glob("overenskommelsen-*.toml")):
        log.append(agreement_import_file(path=path))
    for path in sorted(agreements.glob("*-links.toml")):
        log.append(links_import_file(path=path))
    if with_users:
        log.extend(_load_users())
    return log


def _load_norr_presence_goal() -> str:
    """RCC Norr's steering group and the Norr cancer plan's goal 6.5 ("minst 90 % närvaro på
    möten i RCC Norrs styrgrupp") linked to its presence. The demo has no minutes of the
    group, so it has no meetings: the 2023 follow-up says that none are registered."""
    norr = HealthcareRegion.objects.get(code="norr")
    goal = Goal.objects.get(area__plan__slug=NORR_PLAN, number="6.5")
    body = Body.objects.filter(
        abbreviation="SG", healthcare_region=norr, steering_group__isnull=True
    ).first()
    with change_batch(None):
        group, _ = SteeringGroup.objects.get_or_create(
            healthcare_region=norr, name="RCC Norrs styrgrupp", defaults={"body": body}
        )
        PresenceGoal.objects.get_or_create(goal=goal, defaults={"group": group})
    return f"{group}: mål 6.5 följs upp med gruppens närvaro."


def _load_plan(entry: dict) -> str:
    if plan := Plan.objects.filter(slug=entry["slug"]).first():
        # A demo loaded before the plan had chapters gets them; nothing else changes.
        if entry.get("chapters") and not plan.chapters.exists():
            added = _load_chapters(plan, entry["chapters"])
            return f"{entry['slug']}: finns redan; {added} kapitel tillagda."
        return f"{entry['slug']}: finns redan, oförändrad."
    first_year, last_year = parse_period(entry["period"])
    path = FIXTURES / entry["file"]
    result = plan_import(
        content=path.read_bytes(),
        filename=path.name,
        slug=entry["slug"],
        title=entry["title"],
        kind=entry["kind"],
        owner=entry["owner"],
        first_year=first_year,
        last_year=last_year,
        status=entry.get("status", Plan.Status.APPROVED),
        approved_by=entry.get("approved_by", ""),
        approved_on=entry.get("approved_on"),
        introduction=entry.get("introduction", "").strip(),
    )
    if abbreviations := entry.get("abbreviations"):
        path = FIXTURES / abbreviations
        plan_set_abbreviations(plan=result.plan, content=path.read_bytes(), filename=path.name)
    if chapters := entry.get("chapters"):
        _load_chapters(result.plan, chapters)
    return f"{entry['slug']}: {result}."


def _load_chapters(plan: Plan, filename: str) -> int:
    text = (FIXTURES / filename).read_text(encoding="utf-8")
    return plan_add_chapters(plan=plan, chapters=parse_chapters(text))


def _load_round(entry: dict) -> str:
    label = f"{entry['plan']} {entry['year']}"
    plan = Plan.objects.get(slug=entry["plan"])
    if round := FollowUpRound.objects.filter(plan=plan, year=entry["year"]).first():
        if round.state == FollowUpRound.State.PUBLISHED and not round.published_reports.exists():
            # A demo loaded before published reports were stored gets its report stored now.
            published = round.events.filter(action=RoundEvent.Action.PUBLISHED).first()
            at = published.at if published else timezone.now()
            published_report_store(round=round, user=None, published_at=at)
            return f"Uppföljning {label}: finns redan; rapporten sparad som publicerad."
        return f"Uppföljning {label}: finns redan, oförändrad."
    introduction = entry.get("introduction", "")
    if introduction.endswith(".txt"):
        introduction = (FIXTURES / introduction).read_text(encoding="utf-8")
    if "file" in entry:
        path = FIXTURES / entry["file"]
        result = followup_import(
            content=path.read_bytes(),
            filename=path.name,
            plan_slug=plan.slug,
            year=entry["year"],
            user=None,
            opens_on=entry["opens_on"],
            deadline=entry["deadline"],
            introduction=introduction.strip(),
            summary=(FIXTURES / entry["summary"]).read_text(encoding="utf-8").strip(),
        )
        if entry.get("publish"):
            round_transition(round=result.round, action=RoundEvent.Action.PUBLISHED, user=None)
        return f"Uppföljning {label}: {result.goals} mål, {result.changed} bedömningar."
    today = timezone.localdate()
    round = round_create(
        plan=plan,
        year=entry["year"],
        opens_on=today,
        deadline=today + timedelta(days=entry["open_for_days"]),
        user=None,
        introduction=introduction.strip(),
    )
    round_transition(round=round, action=RoundEvent.Action.OPENED, user=None)
    return f"Uppföljning {label}: öppen till {round.deadline:%Y-%m-%d}."


def _load_users() -> list[str]:
    User = get_user_model()
    lines = []
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "email": f"{demo.username}@example.se",
                "is_staff": demo.role is None,
                "is_superuser": demo.role is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if demo.role in (Membership.Role.REPORTER, Membership.Role.PLANNER):
            Membership.objects.get_or_create(
                user=user, role=demo.role, region=Region.objects.get(code=demo.scope)
            )
        elif demo.role:
            Membership.objects.get_or_create(
                user=user,
                role=demo.role,
                healthcare_region=HealthcareRegion.objects.get(code=demo.scope),
            )
        lines.append(f"  {demo.username:<26} {DEMO_PASSWORD:<6} {demo.description}")
    return ["Demoinloggningar (användarnamn, lösenord, roll):", *lines]
