from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from documents.renderings import pdf_download
from documents.responses import SPREADSHEET_FORMATS, download_response
from registry.models import HealthcareRegion

from .filters import PlanFilter
from .models import Plan
from .pdf import render_plan_html
from .permissions import get_plan_for_user
from .services import plan_export
from .tables import PlanTable


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
    return download_response(plan_export(plan=plan, fmt=fmt), f"{plan.slug}.{fmt}")


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
