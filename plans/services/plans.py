from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    Count,
    Max,
    OuterRef,
    PositiveIntegerField,
    ProtectedError,
    RestrictedError,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.concurrency import check_history_version
from documents.history import batch_date, change_batch
from documents.spreadsheets import (
    Problem,
    Sheet,
    SpreadsheetError,
    read_rows,
    sheet_names,
    write_rows,
)
from registry.models import Body, HealthcareRegion, Region

from ..columns import apply_cells, cell_problems, extra_columns
from ..formats import (
    ABBREVIATION_COLUMNS,
    CHAPTER_COLUMNS,
    CHAPTER_SHEET,
    TABLE_SHEET,
    AreaRow,
    ChapterText,
    bodies_named_in,
    chapter_rows,
    parse_chapter_rows,
    parse_plan_rows,
    parse_timeframe,
    plan_columns,
    plan_rows,
)
from ..local_plans import parent_goal_ids
from ..models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan


@dataclass(frozen=True)
class PlanImportResult:
    plan: Plan
    areas: int
    goals: int
    activities: int
    chapters: int = 0

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
    owner: str | HealthcareRegion | Region,
    first_year: int,
    last_year: int,
    parent_slug: str | None = None,
    status: str = Plan.Status.DRAFT,
    approved_by: str = "",
    approved_on: date | None = None,
    introduction: str = "",
    dry_run: bool = False,
    user=None,
) -> PlanImportResult:
    """Create a plan from a spreadsheet, completely or not at all.

    1. Check the plan's own details (slug free, owner and parent known, fields valid). The
       owner is a region or healthcare region, or its code or name.
    2. Read the file, group its rows into areas, goals and activities, and validate every
       object in Python (fields, lengths, the model's clean()): the file's grouping already
       guarantees what the unique constraints ask, so no row costs a query. An XLSX file's
       "Kapitel" sheet, when it has one, gives the plan's chapters, validated likewise; with
       it the tables may be empty (an export of a plan that has only chapters).
    3. Unless it is a dry run, write the tree in bulk, with history (all of it one change of
       `user`): a 10,000-row plan is a handful of inserts, not tens of thousands. The
       columns other apps add (plans.columns) are checked once the rows are built, what
       `user` may not write in them refused, and written once they exist. A command run by
       the operator passes no user and may write everything; the browser's create page goes
       through plan_import_with_details, which must name the person.
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
    owner_object = owner if isinstance(owner, HealthcareRegion | Region) else find_owner(owner)
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
    has_chapters = CHAPTER_SHEET in sheet_names(content)
    try:
        rows = read_rows(content, filename, plan_columns(), empty_ok=has_chapters)
        areas = parse_plan_rows(rows)
    except SpreadsheetError as exc:
        problems.extend(exc.problems)
    chapters: list[ChapterText] = []
    if has_chapters:
        try:
            chapters = parse_chapter_rows(
                read_rows(content, filename, CHAPTER_COLUMNS, sheet=CHAPTER_SHEET, empty_ok=True)
            )
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
    tree.chapters = _build_chapters(plan, chapters)
    if problems := cell_problems(plan, rows, set(tree.rows), user=user):  # other apps' columns
        raise SpreadsheetError(problems)
    if not dry_run:
        with change_batch(user):
            plan._history_user = user
            plan.save()
            tree.write(user=user)
            apply_cells(plan, rows, {row: a.pk for row, a in tree.rows.items()}, user)
    return PlanImportResult(
        plan, len(tree.areas), len(tree.goals), len(tree.activities), len(tree.chapters)
    )


def plan_import_with_details(
    *, details: "PlanDetails", content: bytes, filename: str, user, dry_run: bool = False
) -> PlanImportResult:
    """plan_import for what a person wrote about the new plan in the browser."""
    return plan_import(
        content=content,
        filename=filename,
        slug=details.slug,
        title=details.title,
        kind=details.kind,
        owner=details.owner,
        first_year=details.first_year,
        last_year=details.last_year,
        parent_slug=details.parent.slug if details.parent else None,
        introduction=details.introduction,
        user=user,
        dry_run=dry_run,
    )


@dataclass
class _Tree:
    """A plan's areas, goals, parts and activities, built and validated, not yet written."""

    areas: list[Area]
    goals: list[Goal]
    parts: list[GoalPart]
    activities: list[Activity]
    bodies: list[tuple[Activity, list[Body], list[Body]]]  # who, responsible
    chapters: list[Chapter] = field(default_factory=list)
    rows: dict[int, Activity] = field(default_factory=dict)  # the file's row -> its activity

    def write(self, *, user=None) -> None:
        """Insert everything in bulk with history. Each level is inserted after the one above
        it, whose ids the database returns; Django then fills in the foreign keys."""
        for objects in (self.chapters, self.areas, self.goals, self.parts, self.activities):
            if objects:
                bulk_create_with_history(
                    objects,
                    type(objects[0]),
                    batch_size=500,
                    default_user=user,
                    default_date=batch_date(),
                )
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
    parent_goals, problems = parent_goal_ids(plan, areas)  # one query, if any goal names one
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
                parent_goal_id=parent_goals.get(goal_row.parent_number),
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
                tree.rows[activity_row.row] = activity
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


def _build_chapters(plan: Plan, chapters: list[ChapterText]) -> list[Chapter]:
    """The chapters of a Kapitel sheet as the plan's, validated, or SpreadsheetError."""
    rows = [
        Chapter(
            plan=plan,
            number=chapter.number,
            heading=chapter.heading,
            text=chapter.text,
            placement=Chapter.Placement.AFTER if chapter.after_tables else Chapter.Placement.BEFORE,
            order=order,
        )
        for order, chapter in enumerate(chapters, start=1)
    ]
    problems = [
        replace(problem, sheet=CHAPTER_SHEET)
        for row, chapter in zip(rows, chapters, strict=True)
        for problem in _validate(row, row=chapter.row)
    ]
    if problems:
        raise SpreadsheetError(problems)
    return rows


def _validate(obj, *, row: int | None = None, full: bool = False) -> list[Problem]:
    """Problems with an object, with the spreadsheet's row number.

    Objects of the tree are checked field by field and with their clean() (no queries: their
    parents, and the cancer plan goal a goal concretises, were just read or made); the plan
    itself fully (its slug's uniqueness is a query), raising at once.
    """
    try:
        if full:
            obj.full_clean()
        else:
            obj.clean_fields(exclude=["plan", "area", "goal", "parent_goal"])
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


def row_versions(plan: Plan) -> dict[tuple[type, int], int]:
    """The latest history id of each of the plan's areas, goals and activities, by (model, id):
    the version an export writes in each row's Radversion. Three queries."""
    rows = {
        Area: Area.objects.filter(plan=plan),
        Goal: Goal.objects.filter(area__plan=plan),
        Activity: Activity.objects.filter(goal__area__plan=plan),
    }
    versions = {}
    for model, current in rows.items():
        latest = model.history.filter(id__in=current.values("id")).values("id")
        for id, version in latest.annotate(version=Max("history_id")).values_list("id", "version"):
            versions[model, id] = version
    return versions


def plan_export(*, plan: Plan, fmt: str) -> bytes:
    """The plan's tables, one row per activity; an XLSX file has them on a sheet "Tabeller"
    and its chapters on a second sheet, "Kapitel"."""
    plan = Plan.objects.with_tree().get(pk=plan.pk)
    headers = [column.header for column in plan_columns()]
    extra = {column.alias: column.export(plan) for column in extra_columns()}
    rows = plan_rows(plan, row_versions(plan), extra)
    if fmt != "xlsx":
        return write_rows(rows, headers, fmt)
    chapters = Sheet(
        title=CHAPTER_SHEET,
        headers=[column.header for column in CHAPTER_COLUMNS],
        rows=chapter_rows(plan.chapters.order_by("order")),
    )
    return write_rows(rows, headers, fmt, title=TABLE_SHEET, more_sheets=[chapters])


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
    with change_batch():
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
    start = plan.chapters.aggregate(last=Max("order"))["last"] or 0
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
    with change_batch(user):
        bulk_create_with_history(rows, Chapter, default_user=user, default_date=batch_date())
    return len(rows)


@transaction.atomic
def plan_copy(*, plan: Plan, title: str, slug: str, first_year: int, last_year: int, user) -> Plan:
    """A new draft plan with every chapter, area, goal, goal part, activity and abbreviation of
    the plan (and the activities' links to bodies), recording which plan it was copied from.

    Each level is written in bulk with its history, so the number of queries does not grow
    with the plan; the copies get their own ids.
    """
    with change_batch(user):  # one change of the history, however many rows
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
            return bulk_create_with_history(
                objects, model, default_user=user, default_date=batch_date()
            )

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
        activities = list(
            Activity.objects.filter(goal__area__plan=plan).order_by("goal_id", "order")
        )
        old = [activity.pk for activity in activities]
        created = create(Activity, copied(activities, goal_id=goal_ids))
        activity_ids = dict(zip(old, (a.pk for a in created), strict=True))
        for relation in (Activity.who_bodies, Activity.responsible_bodies):
            through = relation.through
            links = through.objects.filter(activity_id__in=old).values_list(
                "activity_id", "body_id"
            )
            through.objects.bulk_create(
                through(activity_id=activity_ids[activity], body_id=body)
                for activity, body in links
            )
        return copy


def plan_lock(plan: Plan) -> Plan:
    """The plan as stored now, its row locked to the end of the transaction: every write of a
    plan or its rows takes it first, so that two of them take turns."""
    return Plan.objects.select_for_update(of=("self",)).with_owner().get(pk=plan.pk)


def _locked_unless_gone(plan: Plan) -> Plan:
    """The plan locked, or a ValidationError coded "gone" when someone deleted it meanwhile."""
    try:
        return plan_lock(plan)
    except Plan.DoesNotExist:
        raise ValidationError(
            _("Planen har tagits bort av någon annan under tiden."), code="gone"
        ) from None


@transaction.atomic
def plan_approve(*, plan: Plan, approved_by: str, approved_on: date, user) -> Plan:
    """A draft becomes approved, saying by whom and on what date (kept in the history)."""
    plan = plan_lock(plan)
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
    plan = plan_lock(plan)
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


@dataclass(frozen=True)
class PlanDetails:
    """What a person writes about a plan itself, creating it or editing its details."""

    title: str
    slug: str
    kind: str
    owner: HealthcareRegion | Region
    first_year: int
    last_year: int
    parent: Plan | None = None
    introduction: str = ""
    approved_by: str = ""
    approved_on: date | None = None

    def values(self) -> dict:
        """The details as Plan field values."""
        owner_is_region = isinstance(self.owner, Region)
        return {
            "title": self.title,
            "slug": self.slug,
            "kind": self.kind,
            "owner_region": self.owner if owner_is_region else None,
            "owner_healthcare_region": None if owner_is_region else self.owner,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "parent": self.parent,
            "introduction": self.introduction,
            "approved_by": self.approved_by,
            "approved_on": self.approved_on,
        }


# The Plan fields the details form edits: a change to another one (the status, say) made while
# a person edits the details is no conflict.
PLAN_DETAIL_FIELDS = [
    "title",
    "slug",
    "kind",
    "owner_healthcare_region",
    "owner_region",
    "first_year",
    "last_year",
    "parent",
    "introduction",
    "approved_by",
    "approved_on",
]


@transaction.atomic
def plan_create(*, details: PlanDetails, user) -> Plan:
    """A new, empty draft plan."""
    plan = Plan(**details.values(), status=Plan.Status.DRAFT)
    plan.full_clean()
    plan._history_user = user
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, details: PlanDetails, version: int, user) -> Plan:
    """Change the plan's details, unless someone else changed them since `version`.

    1. Lock the plan and compare the details form's fields with those of `version`
       (EditConflict, saying who changed what and when, if another person changed one).
    2. A cancer plan that other plans build on stays a cancer plan.
    3. Validate and save, with history; nothing is saved (and no record written) when nothing
       changed.
    """
    plan = _locked_unless_gone(plan)
    check_history_version(plan, loaded=version, fields=PLAN_DETAIL_FIELDS)
    values = details.values()
    check_kind_change(plan, values["kind"])
    changed = [name for name, value in values.items() if getattr(plan, name) != value]
    if not changed:
        return plan
    for name in changed:
        setattr(plan, name, values[name])
    plan.full_clean()
    plan._history_user = user
    plan.save()
    return plan


def check_kind_change(plan: Plan, kind: str) -> None:
    """A cancer plan that other plans build on stays a cancer plan (the plan as stored): raise
    a ValidationError on the kind field otherwise. Editing the details and restoring an earlier
    version of them both keep to it."""
    if (
        plan.kind == Plan.Kind.CANCER_PLAN
        and kind != Plan.Kind.CANCER_PLAN
        and plan.children.exists()
    ):
        raise ValidationError(
            {
                "kind": _(
                    "Andra planer bygger på den här cancerplanen; den kan inte bli en annan "
                    "sorts plan."
                )
            },
            code="has_children",
        )


@dataclass(frozen=True)
class PlanContents:
    """How much a plan holds: what deleting it takes with it."""

    chapters: int
    areas: int
    goals: int
    parts: int
    activities: int
    abbreviations: int


def plan_contents(plan: Plan) -> PlanContents:
    """The plan's counts of chapters, areas, goals, goal parts, activities and abbreviations,
    in one query."""

    def count(queryset, path: str):
        counted = queryset.filter(**{path: OuterRef("pk")}).order_by().values(path)
        counted = counted.annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=PositiveIntegerField()), 0)

    # Named n_…: a Plan already has fields "chapters", "areas" … (its reverse relations).
    counts = Plan.objects.filter(pk=plan.pk).values(
        n_chapters=count(Chapter.objects, "plan"),
        n_areas=count(Area.objects, "plan"),
        n_goals=count(Goal.objects, "area__plan"),
        n_parts=count(GoalPart.objects, "goal__area__plan"),
        n_activities=count(Activity.objects, "goal__area__plan"),
        n_abbreviations=count(Abbreviation.objects, "plan"),
    )
    return PlanContents(**{name.removeprefix("n_"): n for name, n in counts.get().items()})


def plan_delete_blockers(plan: Plan) -> list[str]:
    """Why the plan cannot be deleted, as a person reads it; empty when it can.

    Only a draft can be deleted, and only while nothing else holds on to it: plans that build
    on it, or (through apps above this one, which plans does not know) its follow-up rounds.
    """
    if plan.status != Plan.Status.DRAFT:
        return [
            _("Planen är %(status)s. Bara ett utkast kan tas bort.")
            % {"status": plan.get_status_display().lower()}
        ]
    return [
        _protected_message(relation.related_model)
        for relation in Plan._meta.related_objects
        if relation.on_delete in (models.PROTECT, models.RESTRICT)
        and relation.related_model._default_manager.filter(**{relation.field.name: plan}).exists()
    ]


def _protected_message(model) -> str:
    if model is Plan:
        return _("Andra planer bygger på planen, så den kan inte tas bort.")
    return _("Planen har %(things)s och kan inte tas bort.") % {
        "things": model._meta.verbose_name_plural
    }


@transaction.atomic
def plan_delete(*, plan: Plan, user) -> PlanContents:
    """Delete a draft plan with everything in it, as one change of the history.

    1. Lock the plan and check it is still a draft.
    2. Delete it inside a change batch: the history record of every row that goes with it
       (chapters, areas, goals, parts, activities, abbreviations) shares one date and user, so
       the plan can be restored from them as one change.
    3. Something that protects the plan (a plan built on it, a follow-up round) refuses the
       deletion with a message; nothing is deleted.
    """
    plan = _locked_unless_gone(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(plan_delete_blockers(plan), code="not_draft")
    contents = plan_contents(plan)
    try:
        with transaction.atomic(), change_batch(user):
            plan._history_user = user
            plan.delete()
    except (ProtectedError, RestrictedError) as exc:
        objects = getattr(exc, "protected_objects", None) or exc.restricted_objects
        holders = sorted({type(obj) for obj in objects}, key=lambda model: model._meta.label)
        raise ValidationError(
            [_protected_message(model) for model in holders], code="protected"
        ) from None
    return contents
