from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.spreadsheets import Problem, SpreadsheetError, read_rows, write_rows
from registry.models import Body, HealthcareRegion, Region

from .formats import (
    ABBREVIATION_COLUMNS,
    PLAN_COLUMNS,
    AreaRow,
    bodies_named_in,
    parse_plan_rows,
    parse_timeframe,
    plan_rows,
)
from .models import Abbreviation, Activity, Area, Goal, GoalPart, Plan


@dataclass(frozen=True)
class PlanImportResult:
    plan: Plan
    areas: int
    goals: int
    activities: int

    def __str__(self):
        return _("%(areas)s områden, %(goals)s mål, %(activities)s aktiviteter") % {
            "areas": self.areas,
            "goals": self.goals,
            "activities": self.activities,
        }


def find_owner(text: str) -> HealthcareRegion | Region | None:
    """A region or healthcare region by its code or full name (or its RCC's name)."""
    text = text.strip()
    region = Region.objects.filter(code__iexact=text).first()
    region = region or Region.objects.filter(name__iexact=text).first()
    if region:
        return region
    return (
        HealthcareRegion.objects.filter(code__iexact=text).first()
        or HealthcareRegion.objects.filter(name__iexact=text).first()
        or HealthcareRegion.objects.filter(rcc_name__iexact=text).first()
    )


def parse_period(text: str) -> tuple[int, int]:
    """ "2022-2024", "2022–2024" or "2025" as (first year, last year)."""
    parts = text.replace("–", "-").split("-")
    try:
        years = [int(part) for part in parts]
    except ValueError:
        years = []
    if len(years) == 1:
        years *= 2
    if len(years) != 2 or not (2000 <= years[0] <= years[1] <= 2100):
        raise ValueError(
            _("Perioden «%(text)s» ska skrivas som 2022-2024 eller 2025.") % {"text": text}
        )
    return years[0], years[1]


@transaction.atomic
def plan_import(
    *,
    content: bytes,
    filename: str,
    slug: str,
    title: str,
    kind: str,
    owner: str,
    first_year: int,
    last_year: int,
    parent_slug: str | None = None,
    status: str = Plan.Status.DRAFT,
    approved_by: str = "",
    approved_on: date | None = None,
    introduction: str = "",
    dry_run: bool = False,
) -> PlanImportResult:
    """Create a plan from a spreadsheet, completely or not at all.

    1. Check the plan's own details (slug free, owner and parent known).
    2. Read the file and group its rows into areas, goals and activities.
    3. Write the tree with model validation and ordinary saves, so history is kept.
    Every problem found in steps 1 and 2 is reported together; any failure rolls back.
    A dry run does all of it and then rolls back.
    """
    problems: list[Problem] = []
    if Plan.objects.filter(slug=slug).exists():
        problems.append(
            Problem(
                _("Det finns redan en plan med kortnamnet «%(slug)s». Välj ett annat kortnamn.")
                % {"slug": slug}
            )
        )
    owner_object = find_owner(owner)
    if owner_object is None:
        problems.append(
            Problem(
                _("Okänd ägare «%(owner)s». Ange en regions eller sjukvårdsregions kod eller namn.")
                % {"owner": owner}
            )
        )
    parent = None
    if parent_slug:
        parent = Plan.objects.filter(slug=parent_slug).first()
        if parent is None:
            problems.append(Problem(_("Okänd överordnad plan «%(slug)s».") % {"slug": parent_slug}))
    try:
        areas = parse_plan_rows(read_rows(content, filename, PLAN_COLUMNS))
    except SpreadsheetError as exc:
        problems.extend(exc.problems)
    if problems:
        raise SpreadsheetError(problems)

    plan = Plan(
        slug=slug,
        title=title,
        kind=kind,
        owner_region=owner_object if isinstance(owner_object, Region) else None,
        owner_healthcare_region=(
            owner_object if isinstance(owner_object, HealthcareRegion) else None
        ),
        first_year=first_year,
        last_year=last_year,
        parent=parent,
        status=status,
        approved_by=approved_by,
        approved_on=approved_on,
        introduction=introduction,
    )
    _save(plan)
    result = _create_tree(plan, areas)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _create_tree(plan: Plan, areas: list[AreaRow]) -> PlanImportResult:
    bodies = list(Body.objects.usable_in(plan.healthcare_region))
    goal_count = activity_count = 0
    for area_order, area_row in enumerate(areas, start=1):
        area = _save(
            Area(
                plan=plan,
                number=area_row.number,
                title=area_row.title,
                overall_goal=area_row.overall_goal,
                order=area_order,
            ),
            row=area_row.row,
        )
        for goal_order, goal_row in enumerate(area_row.goals.values(), start=1):
            number = goal_row.number or (f"{area.number}.{goal_order}" if area.number else "")
            goal = _save(
                Goal(
                    area=area,
                    number=number,
                    text=goal_row.text,
                    current_state=goal_row.current_state,
                    order=goal_order,
                ),
                row=goal_row.row,
            )
            goal_count += 1
            for part_order, name in enumerate(goal_row.parts, start=1):
                _save(GoalPart(goal=goal, name=name, order=part_order), row=goal_row.row)
            for activity_order, activity_row in enumerate(goal_row.activities, start=1):
                first_year, last_year = parse_timeframe(activity_row.texts["timeframe"])
                activity = _save(
                    Activity(
                        goal=goal,
                        what=activity_row.what,
                        from_agreement=activity_row.from_agreement,
                        first_year=first_year,
                        last_year=last_year,
                        order=activity_order,
                        **activity_row.texts,
                    ),
                    row=activity_row.row,
                )
                activity.who_bodies.set(bodies_named_in(activity.who, bodies))
                activity.responsible_bodies.set(bodies_named_in(activity.responsible, bodies))
                activity_count += 1
    return PlanImportResult(plan, len(areas), goal_count, activity_count)


def _save(obj, row: int | None = None):
    """full_clean() and save(), turning validation errors into problems with a row number."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise SpreadsheetError(
            [
                Problem(message, row=row, column=_field_label(obj, name))
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from None
    obj.save()
    return obj


def _field_label(obj, name: str) -> str | None:
    if name == "__all__":
        return None
    return str(obj._meta.get_field(name).verbose_name)


def plan_export(*, plan: Plan, fmt: str) -> bytes:
    plan = Plan.objects.with_tree().get(pk=plan.pk)
    return write_rows(plan_rows(plan), [column.header for column in PLAN_COLUMNS], fmt)


@transaction.atomic
def plan_set_abbreviations(*, plan: Plan, content: bytes, filename: str) -> int:
    """Replace the plan's abbreviation list with the rows of a Förkortning/Betydelse file."""
    rows = read_rows(content, filename, ABBREVIATION_COLUMNS)
    problems = [
        Problem(_("Förkortning och betydelse behövs båda."), row=row.number)
        for row in rows
        if not row["abbreviation"] or not row["meaning"]
    ]
    if problems:
        raise SpreadsheetError(problems)
    plan.abbreviations.all().delete()
    for order, row in enumerate(rows, start=1):
        _save(
            Abbreviation(
                plan=plan, abbreviation=row["abbreviation"], meaning=row["meaning"], order=order
            ),
            row=row.number,
        )
    return len(rows)
