from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from documents.renderings import pdf_download
from documents.responses import SPREADSHEET_FORMATS, download_response
from registry.models import HealthcareRegion

from .. import services
from ..filters import PlanFilter
from ..forms import PlanApproveForm, PlanCopyForm
from ..models import Plan
from ..pdf import render_plan_html
from ..permissions import changes_plan, get_plan_for_owner, get_plan_for_user
from ..tables import PlanTable


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
            sections.append((region, PlanTable(region_plans)))
    return render(request, "plans/plan_list.html", {"filter": plan_filter, "sections": sections})


@login_required
def plan_detail(request, slug):
    plan = get_plan_for_user(request.user, slug)
    areas = plan.areas.outline()
    chapters = list(plan.chapters.all())
    context = {
        "plan": plan,
        "areas": areas,
        "changes_plan": changes_plan(request.user, plan),
        "chapters_before": [c for c in chapters if c.placement == c.Placement.BEFORE],
        "chapters_after": [c for c in chapters if c.placement == c.Placement.AFTER],
    }
    return render(request, "plans/plan_detail.html", context)


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
