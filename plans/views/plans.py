from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, conflict_response, history_version, rebased
from documents.renderings import pdf_download
from documents.responses import SPREADSHEET_FORMATS, download_response
from documents.spreadsheets import SpreadsheetError
from registry.models import HealthcareRegion

from .. import services
from ..filters import PlanFilter
from ..forms import (
    PlanApproveForm,
    PlanCopyForm,
    PlanCreateForm,
    PlanEditDetailsForm,
    details_data,
)
from ..history import since_approval_for
from ..local_plans import (
    concretises,
    local_goals_by_parent,
    parent_goal_link,
    parent_plan_readable,
)
from ..models import Plan
from ..pdf import render_plan_html
from ..permissions import changes_plan, get_plan_for_owner, get_plan_for_user, may_create_plans
from ..tables import PlanTable
from .updates import preview_plan_from_file


@login_required
def plan_list(request):
    plan_filter = PlanFilter(
        request.GET, queryset=Plan.objects.visible_to(request.user).with_owner()
    )
    plans = list(plan_filter.qs)
    filtering = any(plan_filter.form.cleaned_data.values())
    sections = []
    for region in HealthcareRegion.objects.all():
        region_plans = [plan for plan in plans if plan.healthcare_region == region]
        if region_plans or not filtering:
            sections.append((region, PlanTable(region_plans) if region_plans else None))
    context = {
        "filter": plan_filter,
        "sections": sections,
        "may_create_plans": may_create_plans(request.user),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, slug):
    plan = get_plan_for_user(request.user, slug)
    areas = plan.areas.outline()
    chapters = list(plan.chapters.all())
    _show_links(plan, areas, request.user)
    context = {
        "plan": plan,
        "areas": areas,
        "changes_plan": changes_plan(request.user, plan),
        "chapters_before": [c for c in chapters if c.placement == c.Placement.BEFORE],
        "chapters_after": [c for c in chapters if c.placement == c.Placement.AFTER],
        "since_approval": since_approval_for(request.user, plan),
    }
    return render(request, "plans/plan_detail.html", context)


def _show_links(plan: Plan, areas, user) -> None:
    """Under each goal of a cancer plan, the regions' local goals that concretise it
    (goal.local_goal_list); on a local plan, the cancer plan goal each goal concretises
    (goal.concretises), if the person may read the cancer plan."""
    goals = [goal for area in areas for goal in area.goal_list]
    for goal in goals:
        goal.local_goal_list, goal.concretises = [], None
    if plan.kind == Plan.Kind.CANCER_PLAN:
        local = local_goals_by_parent(plan, user)
        for goal in goals:
            goal.local_goal_list = local.get(goal.pk, [])
    elif any(goal.parent_goal_id for goal in goals) and parent_plan_readable(plan, user):
        for goal in goals:
            if concretises(goal, plan.parent):
                goal.concretises = parent_goal_link(goal.parent_goal, plan.parent)


@login_required
def plan_abbreviations(request, slug):
    plan = get_plan_for_user(request.user, slug)
    abbreviations = plan.abbreviations.all()
    return render(
        request,
        "plans/plan_abbreviations.html",
        {"plan": plan, "abbreviations": abbreviations},
    )


@login_required
def plan_export_download(request, slug, fmt):
    if fmt not in SPREADSHEET_FORMATS:
        raise Http404
    plan = get_plan_for_user(request.user, slug)
    return download_response(services.plan_export(plan=plan, fmt=fmt), f"{plan.slug}.{fmt}")


@login_required
def plan_pdf(request, slug):
    """The plan as PDF, laid out by the background worker (see documents.renderings)."""
    plan = get_plan_for_user(request.user, slug)
    return pdf_download(
        request,
        html=render_plan_html(plan),
        filename=f"{plan.slug}.pdf",
        title=plan.title,
        back_url=plan.get_absolute_url(),
    )


@login_required
def plan_pdf_preview(request, slug):
    plan = get_plan_for_user(request.user, slug)
    return HttpResponse(render_plan_html(plan, pdf_url=reverse("plans:plan-pdf", args=[slug])))


@login_required
def plan_copy(request, slug):
    """A new draft plan from this one, typically next year's ("Handlingsplan 2026" from 2025)."""
    plan = get_plan_for_owner(request.user, slug)
    form = PlanCopyForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        first_year, last_year = form.cleaned_data["period"]
        copy = services.plan_copy(
            plan=plan,
            title=form.cleaned_data["title"],
            slug=form.cleaned_data["slug"],
            first_year=first_year,
            last_year=last_year,
            user=request.user,
        )
        messages.success(
            request,
            _("%(title)s är skapad som utkast, en kopia av %(original)s.")
            % {"title": copy.title, "original": plan.title},
        )
        return redirect(copy)
    status = 400 if form is not None else 200
    form = form or PlanCopyForm.for_next_period(plan)
    return render(request, "plans/plan_copy.html", {"plan": plan, "form": form}, status=status)


@login_required
def plan_approve(request, slug):
    plan = get_plan_for_owner(request.user, slug)
    form = PlanApproveForm(request.POST or None, initial={"approved_by": plan.approved_by})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_approve(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Planen är godkänd."))
        return redirect(plan)
    status = 400 if form.errors else 200
    return render(request, "plans/plan_approve.html", {"plan": plan, "form": form}, status=status)


PLAN_ACTION_DONE = {
    "reopen": gettext_lazy("Planen är ett utkast igen."),
    "archive": gettext_lazy("Planen är arkiverad."),
    "restore": gettext_lazy("Planen är godkänd igen och inte längre arkiverad."),
}


@login_required
@require_POST
def plan_transition(request, slug, action):
    plan = get_plan_for_owner(request.user, slug)
    if action not in services.PLAN_TRANSITIONS:
        raise Http404
    try:
        services.plan_transition(plan=plan, action=action, user=request.user)
    except ValidationError as exc:  # changed a moment ago by someone else
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, PLAN_ACTION_DONE[action])
    return redirect(plan)


@login_required
def plan_create(request):
    """A new draft plan: empty, or from a spreadsheet in the plan format (all or nothing)."""
    if not may_create_plans(request.user):
        raise PermissionDenied
    if request.method != "POST":
        form = PlanCreateForm(user=request.user)
        return render(request, "plans/plan_create.html", {"form": form})
    form = PlanCreateForm(request.POST, request.FILES, user=request.user)
    problems = []
    if form.is_valid() and form.cleaned_data["file"] is not None:
        # A plan from a file is shown first and created when the person confirms it.
        try:
            return preview_plan_from_file(request, form)
        except SpreadsheetError as exc:
            problems = exc.problems
            form.add_error("file", _("Rätta filen och välj den igen."))
    elif form.is_valid():
        try:
            plan, done = _create_plan(form, request.user)
        except SpreadsheetError as exc:
            problems = exc.problems
            form.add_error("file", _("Rätta filen och välj den igen."))
        except ValidationError as exc:  # e.g. the slug taken a moment ago
            form.add_model_errors(exc)
        else:
            messages.success(request, done)
            return redirect(plan)
    context = {"form": form, "problems": problems}
    return render(request, "plans/plan_create.html", context, status=400)


def _create_plan(form: PlanCreateForm, user) -> tuple[Plan, str]:
    """The plan made from a valid form, and what to tell the person about it."""
    details = form.details()
    upload = form.cleaned_data["file"]
    if upload is None:
        plan = services.plan_create(details=details, user=user)
        return plan, _("%(title)s är skapad som ett tomt utkast.") % {"title": plan.title}
    result = services.plan_import_with_details(
        details=details, content=upload.read(), filename=upload.name, user=user
    )
    done = _("%(title)s är skapad som utkast ur %(file)s: %(counts)s och %(chapters)s kapitel.") % {
        "title": result.plan.title,
        "file": upload.name,
        "counts": result,
        "chapters": result.chapters,
    }
    return result.plan, done


DETAILS_TEMPLATE = "plans/plan_edit_details.html"


@login_required
def plan_edit_details(request, slug):
    """Title, slug, kind, owner, period, parent, introduction and approval of a plan, saved
    only over the version the person loaded (409 with the other person's change if not)."""
    plan = get_plan_for_owner(request.user, slug)
    if request.method != "POST":
        form = PlanEditDetailsForm.for_plan(plan, user=request.user, version=history_version(plan))
        return render(request, DETAILS_TEMPLATE, {"plan": plan, "form": form})
    form = PlanEditDetailsForm(request.POST, user=request.user, plan=plan)
    if form.is_valid():
        old_slug, version = plan.slug, form.cleaned_data["version"]
        try:
            plan = services.plan_update(
                plan=plan, details=form.details(), version=version, user=request.user
            )
        except EditConflict as conflict:
            return _details_conflict(request, plan, form, conflict)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "gone":
                messages.error(request, " ".join(exc.messages))
                return redirect("plans:plan-list")
            form.add_model_errors(exc)
        else:
            done = _("Planens uppgifter är sparade.")
            if plan.slug != old_slug:
                done += " " + _("Planens adress är nu %(url)s.") % {"url": plan.get_absolute_url()}
            messages.success(request, done)
            return redirect(plan)
    return render(request, DETAILS_TEMPLATE, {"plan": plan, "form": form}, status=400)


def _details_conflict(request, plan: Plan, form: PlanEditDetailsForm, conflict: EditConflict):
    """The form again (409) on top of what is stored now: the fields the person changed as they
    wrote them, the others as the other person left them, and what that person changed."""
    base = plan.history.filter(history_id=form.cleaned_data["version"]).first()
    plan.refresh_from_db()
    stored = details_data(plan)
    data = rebased(
        request.POST,
        version=conflict.stored,
        **{name: stored[name] for name in form.untouched(base)},
    )
    form = PlanEditDetailsForm(data, user=request.user, plan=plan)
    context = {"plan": plan, "form": form}
    return conflict_response(request, DETAILS_TEMPLATE, context, conflict)


@login_required
def plan_delete(request, slug):
    """A draft plan deleted with everything in it, after a page that says what goes with it."""
    plan = get_plan_for_owner(request.user, slug)
    if request.method != "POST":
        context = {
            "plan": plan,
            "contents": services.plan_contents(plan),
            "blockers": services.plan_delete_blockers(plan),
        }
        return render(request, "plans/plan_delete.html", context)
    try:
        services.plan_delete(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:plan-list" if getattr(exc, "code", None) == "gone" else plan)
    messages.success(
        request,
        _("%(title)s är borttagen. Den kan återställas under «Borttagna planer».")
        % {"title": plan.title},
    )
    return redirect("plans:plan-list")
