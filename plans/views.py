from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from followup.models import FollowUpRound
from followup.permissions import can_manage_plan_rounds
from registry.models import HealthcareRegion

from .filters import PlanFilter
from .models import Plan
from .pdf import render_plan_html, render_plan_pdf
from .services import plan_export
from .tables import PlanTable

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def get_plan_for_user(user, slug: str, *, tree: bool = False) -> Plan:
    """The plan if this user may read it, else 404 (a draft's existence is not revealed)."""
    plans = Plan.objects.visible_to(user)
    plans = plans.with_tree() if tree else plans.with_owner()
    return get_object_or_404(plans, slug=slug)


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
    plan = get_plan_for_user(request.user, slug, tree=True)
    context = {
        "plan": plan,
        "rounds": FollowUpRound.objects.visible_to(request.user).filter(plan=plan),
        "can_start_round": can_manage_plan_rounds(request.user, plan),
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
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = get_plan_for_user(request.user, slug)
    response = HttpResponse(plan_export(plan=plan, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def plan_pdf(request, slug):
    plan = get_plan_for_user(request.user, slug)
    return pdf_response(render_plan_pdf(plan), f"{plan.slug}.pdf")


@login_required
def plan_pdf_preview(request, slug):
    plan = get_plan_for_user(request.user, slug)
    return HttpResponse(render_plan_html(plan, pdf_url=reverse("plans:plan-pdf", args=[slug])))
