"""The plan's edit view: every row of the plan in place, each changed on its own.

With htmx, a form replaces only the row it edits and saving swaps only the part of the page
that changed (the row, its goal's table body, its area); without JavaScript the same URLs are
whole pages and each POST redirects back to the edit view at the row. Every URL names the kind
of row and its id; the row is fetched among the plan's own rows (another plan's id is a 404),
the plan through plans.permissions (only its owners edit).
"""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, conflict_response, history_version, rebased

from .. import services
from ..forms_rows import AbbreviationForm, ActivityForm, AreaForm, ChapterForm, GoalForm, RowForm
from ..models import Abbreviation, Activity, Area, Chapter, Goal, Plan
from ..permissions import get_plan_for_owner


@dataclass(frozen=True)
class RowKind:
    """One kind of row of the edit view, as its URLs name it."""

    slug: str  # in the URL: "aktivitet"
    model: type[Model]
    form: type[RowForm]
    added: str  # the messages after a change
    deleted: str

    def rows(self, plan: Plan) -> QuerySet:
        """The plan's rows of this kind, with what the templates and services read."""
        if self.model is Activity:
            return Activity.objects.filter(goal__area__plan=plan).select_related("goal__area")
        if self.model is Goal:
            return Goal.objects.filter(area__plan=plan).select_related("area")
        return self.model.objects.filter(plan=plan)

    def parent_of_new(self, plan: Plan, under: str | None) -> Model:
        """Where a new row goes: the goal or area named by ?under=, or the plan itself."""
        if self.model is Activity:
            return get_object_or_404(KINDS["mal"].rows(plan), pk=_id(under))
        if self.model is Goal:
            return get_object_or_404(KINDS["omrade"].rows(plan), pk=_id(under))
        return plan


KINDS = {
    kind.slug: kind
    for kind in [
        RowKind(
            "omrade",
            Area,
            AreaForm,
            gettext_lazy("Området är tillagt."),
            gettext_lazy("Området är borttaget."),
        ),
        RowKind(
            "mal",
            Goal,
            GoalForm,
            gettext_lazy("Målet är tillagt."),
            gettext_lazy("Målet är borttaget."),
        ),
        RowKind(
            "aktivitet",
            Activity,
            ActivityForm,
            gettext_lazy("Aktiviteten är tillagd."),
            gettext_lazy("Aktiviteten är borttagen."),
        ),
        RowKind(
            "kapitel",
            Chapter,
            ChapterForm,
            gettext_lazy("Kapitlet är tillagt."),
            gettext_lazy("Kapitlet är borttaget."),
        ),
        RowKind(
            "forkortning",
            Abbreviation,
            AbbreviationForm,
            gettext_lazy("Förkortningen är tillagd."),
            gettext_lazy("Förkortningen är borttagen."),
        ),
    ]
}
PARENT_FIELD = {Goal: "area", Activity: "goal"}


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _kind(slug: str) -> RowKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _row(plan: Plan, kind: RowKind, pk: int) -> Model:
    return get_object_or_404(kind.rows(plan), pk=pk)


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def row_anchor(row: Model) -> str:
    """The id of the row's place in the edit view (what a redirect without JavaScript opens)."""
    return f"{_kind_of(row).slug}-{row.pk}"


def _kind_of(row: Model) -> RowKind:
    return next(kind for kind in KINDS.values() if isinstance(row, kind.model))


def _edit_url(plan: Plan, row: Model | None = None) -> str:
    url = reverse("plans:plan-edit", args=[plan.slug])
    return f"{url}#{row_anchor(row)}" if row is not None else url


# The part of the page each kind re-renders: an activity its row, a goal its table body (the
# goal and its activities), an area its section, a chapter its section, an abbreviation its row.
UNIT_TEMPLATE = {
    Area: "plans/edit/_area.html",
    Goal: "plans/edit/_goal.html",
    Activity: "plans/edit/_activity.html",
    Chapter: "plans/edit/_chapter.html",
    Abbreviation: "plans/edit/_abbreviation.html",
}
# What a move re-renders: the row's parent, whose rows changed places.
CONTAINER_TEMPLATE = {
    Area: "plans/edit/_areas.html",
    Goal: "plans/edit/_area.html",
    Activity: "plans/edit/_goal.html",
    Chapter: "plans/edit/_chapters.html",
    Abbreviation: "plans/edit/_abbreviations.html",
}


def _unit_context(plan: Plan, row: Model) -> dict:
    """What the row's part of the page shows, read again after a change, and whether it is
    first or last among its parent's rows (its move buttons)."""
    siblings = list(services.row_siblings(row).values_list("pk", flat=True))
    context = {"first": siblings[0] == row.pk, "last": siblings[-1] == row.pk}
    if isinstance(row, Area):
        return {**context, "area": Area.objects.filter(pk=row.pk).outline()[0]}
    if isinstance(row, Goal):
        return {**context, "goal": Goal.objects.filter(pk=row.pk).outline()[0]}
    name = {Activity: "activity", Chapter: "chapter", Abbreviation: "abbreviation"}[type(row)]
    return {**context, name: row}


def _container_context(plan: Plan, row: Model) -> dict:
    if isinstance(row, Area | Chapter | Abbreviation):
        return {
            Area: lambda: {"areas": plan.areas.outline()},
            Chapter: lambda: {"chapters": list(plan.chapters.all())},
            Abbreviation: lambda: {"abbreviations": list(plan.abbreviations.all())},
        }[type(row)]()
    return _unit_context(plan, row.goal if isinstance(row, Activity) else row.area)


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
    row = _row(plan, _kind(kind), pk)
    if not _htmx(request):
        return redirect(_edit_url(plan, row))
    return _fragment(request, plan, UNIT_TEMPLATE[type(row)], _unit_context(plan, row))


# Titles of the forms, by kind: changing a row, adding one.
FORM_TITLES = {
    "omrade": (gettext_lazy("Ändra området"), gettext_lazy("Nytt område")),
    "mal": (gettext_lazy("Ändra målet"), gettext_lazy("Nytt mål")),
    "aktivitet": (gettext_lazy("Ändra aktiviteten"), gettext_lazy("Ny aktivitet")),
    "kapitel": (gettext_lazy("Ändra kapitlet"), gettext_lazy("Nytt kapitel")),
    "forkortning": (gettext_lazy("Ändra förkortningen"), gettext_lazy("Ny förkortning")),
}
# The rows whose form takes the place of a table row, and how many columns it spans.
ROW_SHAPED = {"aktivitet": 8, "mal": 8, "forkortning": 3}


def _unit_id(row: Model) -> str:
    return row_anchor(row)


def _container_id(kind: RowKind, parent: Model) -> str:
    """What a new row joins: its goal's table body, its area, or a list of the plan."""
    if kind.model is Activity:
        return f"mal-{parent.pk}"
    if kind.model is Goal:
        return f"omrade-{parent.pk}"
    return {Area: "omraden", Chapter: "kapitel", Abbreviation: "forkortningar"}[kind.model]


def _form_places(plan, kind: RowKind, *, row=None, parent=None) -> dict:
    """Where a row's form sits in the edit view and what saving or cancelling shows again."""
    change, new = FORM_TITLES[kind.slug]
    if row is not None:
        head = kind.model in (Area, Goal)  # the form takes the place of its heading only
        slot = f"{_unit_id(row)}-rubrik" if head else _unit_id(row)
        detail = reverse("plans:row-detail", args=[plan.slug, kind.slug, row.pk])
        return {
            "title": change,
            "slot": slot,
            "row_shaped": kind.slug in ROW_SHAPED,
            "colspan": ROW_SHAPED.get(kind.slug),
            "action": reverse("plans:row-edit", args=[plan.slug, kind.slug, row.pk]),
            "target": _unit_id(row),
            "cancel_url": detail,
            "cancel_target": _unit_id(row),
        }
    under = parent.pk if kind.model in PARENT_FIELD else None
    add = reverse("plans:row-add", args=[plan.slug, kind.slug])
    query = f"?under={under}" if under else ""
    slot = f"ny-{kind.slug}-{under}" if under else f"ny-{kind.slug}"
    return {
        "title": new,
        "slot": slot,
        "row_shaped": False,
        "under": under,
        "action": add,
        "target": _container_id(kind, parent),
        "cancel_url": f"{add}{query}{'&' if query else '?'}avbryt=1",
        "cancel_target": slot,
    }


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
    kind = _kind(kind)
    row = _row(plan, kind, pk)
    if request.method != "POST":
        form = kind.form(instance=row, plan=plan, initial={"version": history_version(row)})
        return _form_response(request, plan, kind, form, row=row)
    parent = _parent_id(row)  # before the form writes the posted values onto the row
    form = kind.form(request.POST, instance=row, plan=plan)
    if not form.is_valid():
        return _form_response(request, plan, kind, form, row=row, status=400)
    try:
        saved = services.row_update(
            plan=plan,
            row=row,
            changes={name: form.cleaned_data[name] for name in form.row_fields},
            version=form.cleaned_data["version"] or 0,
            user=request.user,
            parts=form.cleaned_data.get("parts"),
        )
    except EditConflict as conflict:
        form = kind.form(
            rebased(request.POST, version=conflict.stored), instance=_row(plan, kind, pk), plan=plan
        )
        form.is_valid()
        form.add_error(None, conflict)
        return _form_response(request, plan, kind, form, row=row, conflict=conflict)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_response(request, plan, kind, form, row=row, status=400)
    return _saved(request, plan, saved, moved=_parent_id(saved) != parent, text=_("Sparat."))


def _parent_id(row: Model) -> int | None:
    """The goal of an activity, the area of a goal: what a change may move the row out of."""
    field = PARENT_FIELD.get(type(row))
    return getattr(row, f"{field}_id") if field else None


def _saved(
    request, plan, row, *, text: str, moved=False, container=False, direction: str | None = None
):
    """After a change: its part of the page (htmx) or the edit view at the row.

    A row that moved to another parent changed two parts of the page: the whole view again.
    """
    if not _htmx(request):
        messages.success(request, text)
        return redirect(_edit_url(plan, row))
    if moved:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _edit_url(plan, row)
        return response
    if container:
        template, context = CONTAINER_TEMPLATE[type(row)], _container_context(plan, row)
    else:
        template, context = UNIT_TEMPLATE[type(row)], _unit_context(plan, row)
    context = {**context, "focus": row, "focus_direction": direction}
    return _fragment(request, plan, template, context, status_text=text)


@login_required
def row_add(request, slug, kind):
    plan = get_plan_for_owner(request.user, slug)
    kind = _kind(kind)
    parent = kind.parent_of_new(plan, request.GET.get("under") or request.POST.get("under"))
    row = kind.model(**{PARENT_FIELD.get(kind.model, "plan"): parent})
    if request.method != "POST" and request.GET.get("avbryt"):
        if not _htmx(request):
            return redirect(_edit_url(plan))
        under = parent if kind.model in PARENT_FIELD else None
        context = {"kind": kind.slug, "parent": under, "label": ADD_LABELS[kind.slug]}
        return _fragment(request, plan, "plans/edit/_add.html", context)
    if request.method != "POST":
        return _form_response(
            request, plan, kind, kind.form(instance=row, plan=plan), parent=parent
        )
    form = kind.form(request.POST, instance=row, plan=plan)
    if not form.is_valid():
        return _form_response(request, plan, kind, form, parent=parent, status=400)
    try:
        row = services.row_create(
            plan=plan, row=form.instance, user=request.user, parts=form.cleaned_data.get("parts")
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_response(request, plan, kind, form, parent=parent, status=400)
    if isinstance(row, Activity | Goal):
        return _saved(request, plan, parent, text=str(kind.added))
    return _saved(request, plan, row, text=str(kind.added), container=True)


ADD_LABELS = {
    "omrade": gettext_lazy("Lägg till område"),
    "mal": gettext_lazy("Lägg till mål"),
    "aktivitet": gettext_lazy("Lägg till aktivitet"),
    "kapitel": gettext_lazy("Lägg till kapitel"),
    "forkortning": gettext_lazy("Lägg till förkortning"),
}
MOVE_DONE = {"up": gettext_lazy("Flyttad upp."), "down": gettext_lazy("Flyttad ned.")}
MOVE_NOT_POSSIBLE = {
    "up": gettext_lazy("Raden står redan först."),
    "down": gettext_lazy("Raden står redan sist."),
}


@login_required
@require_POST
def row_move(request, slug, kind, pk):
    plan = get_plan_for_owner(request.user, slug)
    row = _row(plan, _kind(kind), pk)
    direction = request.POST.get("direction")
    if direction not in MOVE_DONE:
        raise Http404
    moved = services.row_move(plan=plan, row=row, direction=direction, user=request.user)
    text = MOVE_DONE[direction] if moved else MOVE_NOT_POSSIBLE[direction]
    return _saved(request, plan, row, text=str(text), container=True, direction=direction)


DELETE_TITLES = {
    "omrade": gettext_lazy("Ta bort området?"),
    "mal": gettext_lazy("Ta bort målet?"),
    "aktivitet": gettext_lazy("Ta bort aktiviteten?"),
    "kapitel": gettext_lazy("Ta bort kapitlet?"),
    "forkortning": gettext_lazy("Ta bort förkortningen?"),
}


@login_required
def row_delete(request, slug, kind, pk):
    """Ask first, naming what goes with the row; then delete it (undone from the history)."""
    plan = get_plan_for_owner(request.user, slug)
    kind = _kind(kind)
    row = _row(plan, kind, pk)
    refusal = None
    try:
        services.check_row_deletable(row)
    except ValidationError as exc:
        refusal = " ".join(exc.messages)
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
        "title": DELETE_TITLES[kind.slug],
        "row_text": str(row),
        "refusal": refusal,
        "goes_with": services.deletion_counts(row) if refusal is None else [],
        "back_url": _edit_url(plan, row),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/edit/row_delete.html", context, status=status)
