from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.spreadsheets import Problem, SpreadsheetError, read_rows, write_rows
from registry.models import Body, HealthcareRegion, Region

from ..formats import (
    ABBREVIATION_COLUMNS,
    PLAN_COLUMNS,
    AreaRow,
    ChapterText,
    bodies_named_in,
    parse_plan_rows,
    parse_timeframe,
    plan_rows,
)
from ..models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan


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

    1. Check the plan's own details (slug free, owner and parent known, fields valid).
    2. Read the file, group its rows into areas, goals and activities, and validate every
       object in Python (fields, lengths, the model's clean()): the file's grouping already
       guarantees what the unique constraints ask, so no row costs a query.
    3. Unless it is a dry run, write the tree in bulk, with history: a 10,000-row plan is a
       handful of inserts, not tens of thousands.
    Every problem found in steps 1 and 2 is reported together; any failure rolls back.
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
    _validate(plan, full=True)
    tree = _build_tree(plan, areas)
    if not dry_run:
        plan.save()
        tree.write()
    return PlanImportResult(plan, len(tree.areas), len(tree.goals), len(tree.activities))


@dataclass
class _Tree:
    """A plan's areas, goals, parts and activities, built and validated, not yet written."""

    areas: list[Area]
    goals: list[Goal]
    parts: list[GoalPart]
    activities: list[Activity]
    bodies: list[tuple[Activity, list[Body], list[Body]]]  # who, responsible

    def write(self) -> None:
        """Insert everything in bulk with history. Each level is inserted after the one above
        it, whose ids the database returns; Django then fills in the foreign keys."""
        for objects in (self.areas, self.goals, self.parts, self.activities):
            if objects:
                bulk_create_with_history(objects, type(objects[0]), batch_size=500)
        who = Activity.who_bodies.through
        responsible = Activity.responsible_bodies.through
        who.objects.bulk_create(
            who(activity_id=activity.pk, body_id=body.pk)
            for activity, bodies, _responsible in self.bodies
            for body in bodies
        )
        responsible.objects.bulk_create(
            responsible(activity_id=activity.pk, body_id=body.pk)
            for activity, _who, bodies in self.bodies
            for body in bodies
        )


def _build_tree(plan: Plan, areas: list[AreaRow]) -> _Tree:
    """The plan's objects from the parsed rows, validated, or SpreadsheetError with them all."""
    bodies = list(Body.objects.usable_in(plan.healthcare_region))
    tree = _Tree([], [], [], [], [])
    problems: list[Problem] = []
    for area_order, area_row in enumerate(areas, start=1):
        area = Area(
            plan=plan,
            number=area_row.number,
            title=area_row.title,
            overall_goal=area_row.overall_goal,
            order=area_order,
        )
        problems += _validate(area, row=area_row.row)
        tree.areas.append(area)
        for goal_order, goal_row in enumerate(area_row.goals.values(), start=1):
            number = goal_row.number or (f"{area.number}.{goal_order}" if area.number else "")
            goal = Goal(
                area=area,
                number=number,
                text=goal_row.text,
                current_state=goal_row.current_state,
                order=goal_order,
            )
            problems += _validate(goal, row=goal_row.row)
            tree.goals.append(goal)
            for part_order, name in enumerate(goal_row.parts, start=1):
                part = GoalPart(goal=goal, name=name, order=part_order)
                problems += _validate(part, row=goal_row.row)
                tree.parts.append(part)
            for activity_order, activity_row in enumerate(goal_row.activities, start=1):
                first_year, last_year = parse_timeframe(activity_row.texts["timeframe"])
                activity = Activity(
                    goal=goal,
                    what=activity_row.what,
                    from_agreement=activity_row.from_agreement,
                    first_year=first_year,
                    last_year=last_year,
                    order=activity_order,
                    **activity_row.texts,
                )
                problems += _validate(activity, row=activity_row.row)
                tree.activities.append(activity)
                tree.bodies.append(
                    (
                        activity,
                        bodies_named_in(activity.who, bodies),
                        bodies_named_in(activity.responsible, bodies),
                    )
                )
    if problems:
        raise SpreadsheetError(problems)
    return tree


def _validate(obj, *, row: int | None = None, full: bool = False) -> list[Problem]:
    """Problems with an object, with the spreadsheet's row number.

    Objects of the tree are checked field by field and with their clean() (no queries); the
    plan itself fully (its slug's uniqueness is a query), raising at once.
    """
    try:
        if full:
            obj.full_clean()
        else:
            obj.clean_fields(exclude=["plan", "area", "goal"])
            obj.clean()
    except ValidationError as exc:
        problems = [
            Problem(message, row=row, column=_field_label(obj, name))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        if full:
            raise SpreadsheetError(problems) from None
        return problems
    return []


def _save(obj, row: int | None = None):
    """full_clean() and save(), turning validation errors into problems with a row number."""
    _validate(obj, row=row, full=True)
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


@transaction.atomic
def plan_add_chapters(*, plan: Plan, chapters: list[ChapterText], user=None) -> int:
    """Add chapters after the plan's own, in bulk and with history; each is validated first."""
    start = plan.chapters.count()
    rows = [
        Chapter(
            plan=plan,
            number=chapter.number,
            heading=chapter.heading,
            text=chapter.text,
            placement=Chapter.Placement.AFTER if chapter.after_tables else Chapter.Placement.BEFORE,
            order=start + index,
        )
        for index, chapter in enumerate(chapters, start=1)
    ]
    problems = [problem for row in rows for problem in _validate(row)]
    if problems:
        raise SpreadsheetError(problems)
    bulk_create_with_history(rows, Chapter, default_user=user)
    return len(rows)


@transaction.atomic
def plan_copy(*, plan: Plan, title: str, slug: str, first_year: int, last_year: int, user) -> Plan:
    """A new draft plan with every chapter, area, goal, goal part, activity and abbreviation of
    the plan (and the activities' links to bodies), recording which plan it was copied from.

    Each level is written in bulk with its history, so the number of queries does not grow
    with the plan; the copies get their own ids.
    """
    copy = Plan(
        title=title,
        slug=slug,
        kind=plan.kind,
        owner_healthcare_region_id=plan.owner_healthcare_region_id,
        owner_region_id=plan.owner_region_id,
        first_year=first_year,
        last_year=last_year,
        introduction=plan.introduction,
        parent_id=plan.parent_id,
        status=Plan.Status.DRAFT,
        copied_from=plan,
    )
    copy.full_clean()
    copy._history_user = user
    copy.save()

    def copied(objects, **parents):
        """Unsaved copies: the same fields, no primary key, the parents' new ids."""
        for obj in objects:
            obj.pk = None
            obj._state.adding = True
            for name, ids in parents.items():
                setattr(obj, name, ids[getattr(obj, name)])
        return objects

    def create(model, objects) -> list:
        return bulk_create_with_history(objects, model, default_user=user)

    plan_id = {plan.pk: copy.pk}
    create(Chapter, copied(list(plan.chapters.order_by("order")), plan_id=plan_id))
    create(Abbreviation, copied(list(plan.abbreviations.order_by("order")), plan_id=plan_id))
    areas = list(plan.areas.order_by("order"))
    old = [area.pk for area in areas]
    area_ids = dict(
        zip(old, (a.pk for a in create(Area, copied(areas, plan_id=plan_id))), strict=True)
    )
    goals = list(Goal.objects.filter(area__plan=plan).order_by("area__order", "order"))
    old = [goal.pk for goal in goals]
    goal_ids = dict(
        zip(old, (g.pk for g in create(Goal, copied(goals, area_id=area_ids))), strict=True)
    )
    parts = GoalPart.objects.filter(goal__area__plan=plan).order_by("goal_id", "order")
    create(GoalPart, copied(list(parts), goal_id=goal_ids))
    activities = list(Activity.objects.filter(goal__area__plan=plan).order_by("goal_id", "order"))
    old = [activity.pk for activity in activities]
    created = create(Activity, copied(activities, goal_id=goal_ids))
    activity_ids = dict(zip(old, (a.pk for a in created), strict=True))
    for relation in (Activity.who_bodies, Activity.responsible_bodies):
        through = relation.through
        links = through.objects.filter(activity_id__in=old).values_list("activity_id", "body_id")
        through.objects.bulk_create(
            through(activity_id=activity_ids[activity], body_id=body) for activity, body in links
        )
    return copy


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).with_owner().get(pk=plan.pk)


@transaction.atomic
def plan_approve(*, plan: Plan, approved_by: str, approved_on: date, user) -> Plan:
    """A draft becomes approved, saying by whom and on what date (kept in the history)."""
    plan = _locked(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(
            _("Planen är %(status)s; bara ett utkast kan godkännas.")
            % {"status": plan.get_status_display().lower()},
            code="not_draft",
        )
    plan.status, plan.approved_by, plan.approved_on = Plan.Status.APPROVED, approved_by, approved_on
    plan._history_user = user
    plan.full_clean()
    plan.save(update_fields=["status", "approved_by", "approved_on"])
    return plan


# action -> (the states it may start from, the state it leads to)
PLAN_TRANSITIONS = {
    "reopen": ((Plan.Status.APPROVED,), Plan.Status.DRAFT),
    "archive": ((Plan.Status.APPROVED,), Plan.Status.ARCHIVED),
    "restore": ((Plan.Status.ARCHIVED,), Plan.Status.APPROVED),
}


@transaction.atomic
def plan_transition(*, plan: Plan, action: str, user) -> Plan:
    """Reopen an approved plan as a draft, archive it, or take it out of the archive; the
    history records who did it and when."""
    plan = _locked(plan)
    sources, target = PLAN_TRANSITIONS[action]
    if plan.status not in sources:
        raise ValidationError(
            _("Planen är %(status)s och kan inte ändras så.")
            % {"status": plan.get_status_display().lower()},
            code="invalid_transition",
        )
    plan.status = target
    plan._history_user = user
    plan.save(update_fields=["status"])
    return plan
