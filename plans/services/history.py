"""Restores from a plan's history: an earlier version of a row, rows deleted together, a
deleted plan. Each restore is one change batch, so it is itself one change in the history, and
its records say what they restore (history_change_reason)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from documents.concurrency import history_version
from documents.history import batch_date, change_batch

from ..history import (
    PARENT,
    PARENT_MODEL,
    Deleted,
    Naming,
    deleted_together,
    in_plan,
    is_last_record,
    restored_deleted_reason,
    restored_values,
    restored_version_reason,
)
from ..models import Activity, Plan
from ..permissions import changes_plan
from .plans import _locked_unless_gone, check_kind_change
from .rows import activities_link_bodies

CHANGED_SINCE = gettext_lazy(
    "Någon har ändrat raden sedan du öppnade sidan. Se efter vad som ändrats och försök igen."
)


@transaction.atomic
def row_restore_version(*, plan: Plan, record, user, version: int):
    """Put a row's fields back as they were in an earlier version (see restored_values).

    1. Lock the plan (plan_lock), so that restores and edits of the plan take turns.
    2. Refuse if the row is deleted, or has changed since `version` (its
       documents.concurrency.history_version when the person was shown what would change).
    3. A cancer plan that other plans build on stays a cancer plan (as plan_update keeps it).
    4. Validate and save with history; the activities' links to bodies follow the texts.
    """
    plan = _locked_unless_gone(plan)
    model = record.instance_type
    obj = plan if model is Plan else model.objects.filter(pk=record.id).first()
    if obj is None:
        raise ValidationError(
            _("Raden är borttagen sedan dess. Återställ den först."), code="deleted"
        )
    if history_version(obj) != version:
        raise ValidationError(CHANGED_SINCE, code="conflict")
    values = restored_values(obj, record, plan=plan)
    if not values:
        raise ValidationError(_("Raden är redan som i den versionen."), code="unchanged")
    if model is Plan:
        check_kind_change(plan, values.get("kind", plan.kind))
    for attname, value in values.items():
        setattr(obj, attname, value)
    obj.full_clean()
    if model is Plan and not changes_plan(user, obj):
        raise ValidationError(
            _("I den versionen ägs planen av någon annan; du kan inte återställa den."),
            code="owner",
        )
    obj._history_user = user
    obj._change_reason = restored_version_reason(record)
    with change_batch(user):
        obj.save()
    if model is Activity:
        activities_link_bodies([obj], plan=plan)
    return obj


def check_row_restorable(*, plan: Plan, record, naming: Naming | None = None) -> None:
    """Raise a coded ValidationError unless the deleted row can come back from this deletion
    record: the record is the row's last (an earlier deletion of a row restored, edited and
    deleted again would undo the edits; a row restored since is back), and what the row
    belonged to exists (naming what to restore first)."""
    model = record.instance_type
    if not is_last_record(record):
        if model._base_manager.filter(pk=record.id).exists():
            raise ValidationError(_("Raden är redan återställd."), code="exists")
        raise ValidationError(
            _(
                "Raden har återställts och tagits bort igen sedan dess. Återställ den från den "
                "senaste borttagningen i historiken."
            ),
            code="not_last",
        )
    if not in_plan(PARENT_MODEL[model], getattr(record, f"{PARENT[model]}_id"), plan):
        if naming is None:
            naming = Naming(plan)
            naming.learn([record])
        raise ValidationError(
            _("Det som raden hörde till är också borttaget. Återställ först %(parent)s.")
            % {"parent": naming.parent_of(record)},
            code="parent_deleted",
        )


@transaction.atomic
def row_restore_deleted(*, plan: Plan, record, user) -> Deleted:
    """Bring back a deleted row of the plan with every row deleted with it under it.

    1. Lock the plan (plan_lock): one restore of a plan at a time.
    2. Refuse unless the row can come back from this record (check_row_restorable).
    3. Find the rows deleted with it (deleted_together): its goals, parts, activities and the
       follow-up rows that pointed to them.
    4. Re-create them with their old ids, parents first, in bulk with history; the row takes
       its old place if it is free, else the last.
    5. Link the activities to bodies again (the links are not in the history).
    """
    plan = _locked_unless_gone(plan)
    check_row_restorable(plan=plan, record=record)
    model = record.instance_type
    parent = f"{PARENT[model]}_id"
    deleted = deleted_together(record)
    siblings = model.objects.filter(**{parent: getattr(record, parent)})
    taken = set(siblings.values_list("order", flat=True))

    def place(row):
        if row.order in taken:
            row.order = max(taken) + 1

    created = _recreate(deleted, user=user, prepare=place)
    activities_link_bodies(created.get(Activity, []), plan=plan)
    return deleted


@transaction.atomic
def plan_restore_deleted(*, record, user) -> Plan:
    """Bring back a deleted plan, as a draft, with everything deleted with it.

    There is no plan to lock (plan_lock): the deletion record is locked instead, so that two
    restores of it take turns and the second is told that the plan is back. Only the plan's
    last record, its last deletion, is restored.
    """
    Plan.history.select_for_update().filter(history_id=record.history_id).first()
    if not is_last_record(record):
        if Plan.objects.filter(pk=record.id).exists():
            raise ValidationError(_("Planen är redan återställd."), code="exists")
        raise ValidationError(
            _(
                "Planen har återställts och tagits bort igen sedan dess. Återställ den från den "
                "senaste borttagningen."
            ),
            code="not_last",
        )
    holder = Plan.objects.filter(slug=record.slug).first()
    if holder is not None:
        raise ValidationError(
            _(
                "Kortnamnet «%(slug)s» används nu av planen «%(title)s». Ge den planen ett annat "
                "kortnamn först."
            )
            % {"slug": record.slug, "title": holder.title},
            code="slug_taken",
        )
    deleted = deleted_together(record)

    def as_draft(plan):
        plan.status = Plan.Status.DRAFT

    created = _recreate(deleted, user=user, prepare=as_draft)
    plan = Plan.objects.with_owner().get(pk=record.id)
    activities_link_bodies(created.get(Activity, []), plan=plan)
    return plan


def _recreate(deleted: Deleted, *, user, prepare) -> dict[type, list]:
    """The deleted rows again, model by model, parents first, with their old ids.

    A foreign key to a row that no longer exists is cleared where it may be empty (a goal of
    a parent plan, the plan a plan was copied from); a row whose required parent is gone stays
    deleted. The root row is prepared (its place, its status) and validated as a new row would
    be, so that a duplicate name is told in words.
    """
    root = deleted.root
    created: dict[type, list] = {}
    reason = restored_deleted_reason(root)
    with change_batch(user):
        try:
            with transaction.atomic():
                for model, records in deleted.rows.items():
                    rows = [r.instance for r in sorted(records, key=lambda r: r.id)]
                    rows = _with_existing_parents(model, rows, created)
                    if not rows:
                        continue
                    if model is root.instance_type:
                        prepare(rows[0])
                        _validate(rows[0])
                    created[model] = bulk_create_with_history(
                        rows,
                        model,
                        default_user=user,
                        default_change_reason=reason,
                        default_date=batch_date(),
                    )
        except IntegrityError as exc:
            raise ValidationError(
                _(
                    "Raderna kunde inte återställas: någon har ändrat planen samtidigt. "
                    "Försök igen."
                ),
                code="integrity",
            ) from exc
    return created


def _with_existing_parents(model, rows: list, created: dict[type, list]) -> list:
    for f in model._meta.concrete_fields:
        if not f.many_to_one:
            continue
        wanted = {getattr(row, f.attname) for row in rows} - {None}
        restored = {row.pk for row in created.get(f.related_model, [])}
        if not wanted - restored:
            continue
        existing = set(
            f.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        kept = []
        for row in rows:
            if getattr(row, f.attname) in existing or getattr(row, f.attname) is None:
                kept.append(row)
            elif f.null:
                setattr(row, f.attname, None)
                kept.append(row)
        rows = kept
    return rows


def _validate(row) -> None:
    try:
        row.full_clean(validate_unique=True)
    except ValidationError as exc:
        raise ValidationError(
            _("Raden kan inte återställas: %(problems)s") % {"problems": " ".join(exc.messages)},
            code="invalid",
        ) from exc
