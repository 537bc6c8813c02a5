"""A plan's history page and the restores it offers; deleted plans and their restore.

Owners only (get_plan_for_owner), since the page restores. A history record is always fetched
through the plan (history_record_for_plan), so another plan's record id finds nothing (404).
Restores show what they will do first (GET) and do it on POST.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.concurrency import history_version
from documents.templatetags.swedish_dates import short_datetime

from .. import services
from ..history import (
    HistoryFilterForm,
    Naming,
    deleted_plans_for,
    deleted_together,
    history_record_for_plan,
    plan_changes,
    restored_values,
    version_preview,
    with_rows,
)
from ..models import Plan
from ..permissions import get_deleted_plan_for_owner, get_plan_for_owner


def history_url(plan: Plan) -> str:
    return reverse("plans:plan-history", args=[plan.slug])


@login_required
def plan_history(request, slug):
    plan = get_plan_for_owner(request.user, slug)
    form = HistoryFilterForm(request.GET or None, plan=plan)
    filters = form.history_filter()
    history = plan_changes(plan, filters=filters, page=request.GET.get("sida"))
    context = {"plan": plan, "form": form, "filters": filters, "history": history}
    return render(request, "plans/plan_history.html", context, status=400 if form.errors else 200)


def _posted_version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _named(plan, record) -> tuple[Naming, str]:
    """The naming of the plan's rows that knows this record, and the record's row's name."""
    naming = Naming(plan)
    naming.learn([record])
    return naming, naming.of(record)


def _refusal(exc: ValidationError) -> tuple[str, int]:
    """A refused restore as its message and status: 409 when the row changed meanwhile."""
    return " ".join(exc.messages), 409 if getattr(exc, "code", None) == "conflict" else 400


def _restored_version(request, plan, record, name: str):
    """Restore the version, say so and go back to the history; ValidationError if refused."""
    version = _posted_version(request)
    restored = services.row_restore_version(
        plan=plan, record=record, user=request.user, version=version
    )
    done = _("%(name)s är återställd till versionen från %(date)s.")
    messages.success(request, done % {"name": name, "date": short_datetime(record.history_date)})
    return redirect(history_url(restored if isinstance(restored, Plan) else plan))


@login_required
def plan_history_restore_version(request, slug, kind, history_id):
    """An earlier version of a row of the plan, back: what changes (GET), then done (POST)."""
    plan = get_plan_for_owner(request.user, slug)
    record = history_record_for_plan(plan, kind, history_id)
    if record is None:
        raise Http404
    obj = record.instance_type.objects.filter(pk=record.id).first()
    if obj is None:
        messages.error(request, _("Raden är borttagen sedan dess. Återställ den först."))
        return redirect(history_url(plan))
    naming, name = _named(plan, record)
    error, status = None, 200
    if request.method == "POST":
        try:
            return _restored_version(request, plan, record, name)
        except ValidationError as exc:
            error, status = _refusal(exc)
            obj.refresh_from_db()
    changes = version_preview(obj, restored_values(obj, record, plan=plan), naming=naming)
    context = {"plan": plan, "record": record, "name": name, "changes": changes}
    context |= {"version": history_version(obj), "error": error}
    return render(request, "plans/plan_history_restore.html", context, status=status)


@login_required
def plan_history_restore_deleted(request, slug, kind, history_id):
    """Deleted rows of the plan, back with what was deleted with them."""
    plan = get_plan_for_owner(request.user, slug)
    record = history_record_for_plan(plan, kind, history_id, history_type="-")
    if record is None or record.instance_type is Plan:
        raise Http404
    naming, name = _named(plan, record)
    deleted = deleted_together(record)
    rows = with_rows(deleted.folded(), plan)
    error, status = None, 200
    try:
        services.check_row_restorable(plan=plan, record=record, naming=naming)
        if request.method == "POST":
            services.row_restore_deleted(plan=plan, record=record, user=request.user)
            done = _("%(name)s är återställd %(rows)s.") if rows else _("%(name)s är återställd.")
            messages.success(request, done % {"name": name, "rows": rows})
            return redirect(history_url(plan))
    except ValidationError as exc:
        error, status = " ".join(exc.messages), 400 if request.method == "POST" else 200
    context = {"plan": plan, "record": record, "name": name, "with_rows": rows}
    context |= {"deleted": deleted, "error": error}
    return render(request, "plans/plan_history_restore_deleted.html", context, status=status)


@login_required
def deleted_plans(request):
    records = list(deleted_plans_for(request.user))
    return render(request, "plans/deleted_plans.html", {"records": records})


@login_required
def deleted_plan_restore(request, history_id):
    """A deleted plan back, as a draft, with everything deleted with it."""
    record = get_deleted_plan_for_owner(request.user, history_id)
    deleted = deleted_together(record)
    error, status = None, 200
    if request.method == "POST":
        try:
            plan = services.plan_restore_deleted(record=record, user=request.user)
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            messages.success(
                request, _("%(title)s är återställd som utkast.") % {"title": plan.title}
            )
            return redirect(plan)
    context = {
        "record": record,
        "with_rows": with_rows(deleted.folded(), record.instance),
        "error": error,
    }
    return render(request, "plans/deleted_plan_restore.html", context, status=status)
