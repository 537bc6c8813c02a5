"""The plan's edit view: every row of the plan in place, each changed on its own.

With htmx, a form replaces only the row it edits and saving swaps only the part of the page
that changed (plans.editing says which); without JavaScript the same URLs are whole pages and
each POST redirects back to the edit view at the row. Every URL names the kind of row and its
id; the row is fetched among the plan's own rows (another plan's id is a 404), the plan through
plans.permissions (only its owners edit).
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, conflict_response, history_version, rebased

from .. import services
from ..editing import RowKind, kind_named, kind_of
from ..forms_rows import RowForm
from ..models import Plan
from ..permissions import get_plan_for_owner


def _row(plan: Plan, kind: RowKind, pk: int) -> Model:
    return get_object_or_404(kind.rows(plan), pk=pk)


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _edit_url(plan: Plan, row: Model | None = None) -> str:
    url = reverse("plans:plan-edit", args=[plan.slug])
    return f"{url}#{kind_of(row).unit_id(row)}" if row is not None else url


def _fragment(request, plan, template: str, context: dict, *, status_text: str = ""):
    """A part of the edit view for htmx to swap in; what happened goes to its live region."""
    response = render(request, template, {"plan": plan, **context})
    if status_text:
        response["HX-Trigger"] = json.dumps({"plan-edited": status_text})
    return response


@login_required
def plan_edit(request, slug):
    plan = get_plan_for_owner(request.user, slug)
    context = {
        "plan": plan,
        "areas": plan.areas.outline(),
        "chapters": list(plan.chapters.all()),
        "abbreviations": list(plan.abbreviations.all()),
    }
    return render(request, "plans/edit/plan_edit.html", context)


@login_required
def row_detail(request, slug, kind, pk):
    """The row read-only: its part of the edit view (what "Avbryt" shows again)."""
    plan = get_plan_for_owner(request.user, slug)
    kind = kind_named(kind)
    row = _row(plan, kind, pk)
    if not _htmx(request):
        return redirect(_edit_url(plan, row))
    context = {**kind.unit_context(row), "focus": row}  # back on the row's "Ändra"
    return _fragment(request, plan, kind.unit_template, context)


def _form_places(plan, kind: RowKind, *, row=None, parent=None) -> dict:
    """Where a row's form sits in the edit view and what saving or cancelling shows again."""
    if row is not None:
        unit = kind.unit_id(row)
        return {
            "title": kind.change_title,
            "slot": f"{unit}-rubrik" if kind.form_replaces_heading else unit,
            "colspan": kind.colspan,
            "action": reverse("plans:row-edit", args=[plan.slug, kind.slug, row.pk]),
            "target": unit,
            "cancel_url": reverse("plans:row-detail", args=[plan.slug, kind.slug, row.pk]),
            "cancel_target": unit,
        }
    under = None if kind.parent == "plan" else parent.pk
    add = reverse("plans:row-add", args=[plan.slug, kind.slug])
    query = f"?under={under}&" if under else "?"
    slot = f"ny-{kind.slug}-{under}" if under else f"ny-{kind.slug}"
    return {
        "title": kind.new_title,
        "slot": slot,
        "colspan": None,
        "under": under,
        "action": add,
        "target": kind.container_id(parent),
        "cancel_url": f"{add}{query}avbryt=1",
        "cancel_target": slot,
    }


def _form(kind: RowKind, plan: Plan, data=None, *, row, slot: str, **kwargs) -> RowForm:
    """The row's form; its fields' ids carry its place, so that two open forms never share
    one."""
    return kind.form(data, instance=row, plan=plan, auto_id=f"{slot}-%s", **kwargs)


def _form_response(request, plan, kind, form, *, row=None, parent=None, status=200, conflict=None):
    htmx = _htmx(request)
    if htmx:
        _autofocus(form)
    context = {
        "plan": plan,
        "kind": kind,
        "form": form,
        "edit": _form_places(plan, kind, row=row, parent=parent),
        "conflict": conflict,
        "page": not htmx,
    }
    template = "plans/edit/_form_fragment.html" if htmx else "plans/edit/row_form.html"
    if conflict is not None:
        response = conflict_response(request, template, context, conflict)
    else:
        response = render(request, template, context, status=status)
    if htmx and response.status_code != 200:
        # Saving would have shown the row's part of the page again; a refusal shows the
        # form again in its own place.
        response["HX-Retarget"] = f"#{context['edit']['slot']}"
        response["HX-Reswap"] = "outerHTML"
    return response


def _autofocus(form) -> None:
    """Focus goes to the form that took a row's place: its first field, or first error."""
    visible = [name for name, field in form.fields.items() if not field.widget.is_hidden]
    errors = [name for name in visible if name in form.errors]
    first = (errors or visible)[0]
    form.fields[first].widget.attrs["autofocus"] = True


@login_required
def row_edit(request, slug, kind, pk):
    plan = get_plan_for_owner(request.user, slug)
    kind = kind_named(kind)
    row = _row(plan, kind, pk)
    slot = _form_places(plan, kind, row=row)["slot"]
    if request.method != "POST":
        form = _form(kind, plan, row=row, slot=slot, initial={"version": history_version(row)})
        return _form_response(request, plan, kind, form, row=row)
    parent = _parent_id(row)  # before the form writes the posted values onto the row
    form = _form(kind, plan, request.POST, row=row, slot=slot)
    if not form.is_valid():
        return _form_response(request, plan, kind, form, row=row, status=400)
    changes = {name: form.cleaned_data[name] for name in form.row_fields}
    version = form.cleaned_data["version"]
    try:
        saved = services.row_update(
            plan=plan, row=row, changes=changes, version=version, user=request.user,
            **form.parts_change(),
        )  # fmt: skip
    except EditConflict as conflict:
        form = _rebased_form(request, plan, kind, _row(plan, kind, pk), slot, form, conflict)
        return _form_response(request, plan, kind, form, row=row, conflict=conflict)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_response(request, plan, kind, form, row=row, status=400)
    return _saved(request, plan, saved, moved=_parent_id(saved) != parent, text=_("Sparat."))


def _rebased_form(request, plan, kind, stored, slot, form, conflict) -> RowForm:
    """The person's input again on top of the row as stored now, with what changed."""
    data = rebased(request.POST, version=conflict.stored, **form.rebased_data(stored))
    form = _form(kind, plan, data, row=stored, slot=slot)
    form.is_valid()
    form.add_error(None, conflict)
    return form


def _parent_id(row: Model) -> int | None:
    """The goal of an activity, the area of a goal: what a change may move the row out of."""
    return getattr(row, f"{kind_of(row).parent}_id")


def _saved(
    request, plan, row, *, text: str, moved=False, container=False, direction: str | None = None
):
    """After a change: its part of the page, or its parent's (htmx), or the edit view at the
    row. The row keeps the focus: its "Ändra" button, or after a move the button moved with.

    A row that moved to another parent changed two parts of the page: the whole view again.
    """
    if not _htmx(request):
        messages.success(request, text)
        return redirect(_edit_url(plan, row))
    if moved:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _edit_url(plan, row)
        return response
    kind = kind_of(row)
    if container:
        template, context = kind.container_template, kind.container_context(plan, row)
    else:
        template, context = kind.unit_template, kind.unit_context(row)
    context = {**context, "focus": row, "focus_direction": direction}
    return _fragment(request, plan, template, context, status_text=text)


@login_required
def row_add(request, slug, kind):
    plan = get_plan_for_owner(request.user, slug)
    kind = kind_named(kind)
    parent = kind.parent_of_new(plan, request.GET.get("under") or request.POST.get("under"))
    if request.GET.get("avbryt"):  # the form goes, its button comes back
        if not _htmx(request):
            return redirect(_edit_url(plan))
        under = None if kind.parent == "plan" else parent
        return _fragment(request, plan, "plans/edit/_add.html", {"kind": kind, "parent": under})
    row = kind.model(**{kind.parent: parent})
    slot = _form_places(plan, kind, parent=parent)["slot"]
    form = _form(kind, plan, request.POST or None, row=row, slot=slot)
    if request.method != "POST":
        return _form_response(request, plan, kind, form, parent=parent)
    if not form.is_valid():
        return _form_response(request, plan, kind, form, parent=parent, status=400)
    try:
        row = services.row_create(
            plan=plan, row=form.instance, user=request.user, **form.parts_change()
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_response(request, plan, kind, form, parent=parent, status=400)
    return _saved(request, plan, row, text=str(kind.added), container=True)


MOVE_DONE = {"up": gettext_lazy("Flyttad upp."), "down": gettext_lazy("Flyttad ned.")}
MOVE_NOT_POSSIBLE = {
    "up": gettext_lazy("Raden står redan först."),
    "down": gettext_lazy("Raden står redan sist."),
}


@login_required
@require_POST
def row_move(request, slug, kind, pk):
    plan = get_plan_for_owner(request.user, slug)
    row = _row(plan, kind_named(kind), pk)
    direction = request.POST.get("direction")
    if direction not in MOVE_DONE:
        raise Http404
    moved = services.row_move(plan=plan, row=row, direction=direction, user=request.user)
    text = MOVE_DONE[direction] if moved else MOVE_NOT_POSSIBLE[direction]
    return _saved(request, plan, row, text=str(text), container=True, direction=direction)


def _deletion_refusal(row) -> str | None:
    try:
        services.check_row_deletable(row)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@login_required
def row_delete(request, slug, kind, pk):
    """Ask first, naming what goes with the row; then delete it (undone from the history)."""
    plan = get_plan_for_owner(request.user, slug)
    kind = kind_named(kind)
    row = _row(plan, kind, pk)
    refusal = _deletion_refusal(row)
    if request.method == "POST" and refusal is None:
        try:
            services.row_delete(plan=plan, row=row, user=request.user)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        else:
            messages.success(request, f"{kind.deleted} {_('Det kan ångras från historiken.')}")
            return redirect(_edit_url(plan))
    context = {
        "plan": plan,
        "kind": kind,
        "row": row,
        "title": kind.delete_title,
        "row_text": str(row),
        "refusal": refusal,
        "goes_with": services.deletion_counts(row) if refusal is None else [],
        "back_url": _edit_url(plan, row),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/edit/row_delete.html", context, status=status)
