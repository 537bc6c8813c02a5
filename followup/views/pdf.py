"""The follow-up report and a region's report as PDF, and their HTML previews."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse

from documents.responses import download_response

from ..pdf import (
    render_followup_html,
    render_followup_report_pdf,
    render_region_html,
    render_region_report_pdf,
)
from ..permissions import (
    get_report_for_user,
    get_round_for_user,
)


@login_required
def round_pdf(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    filename = f"uppfoljning-{round.year}-{round.plan.slug}.pdf"
    return download_response(render_followup_report_pdf(round), filename)


@login_required
def round_pdf_preview(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    pdf_url = reverse("followup:round-pdf", args=[pk])
    return HttpResponse(render_followup_html(round, pdf_url=pdf_url))


@login_required
def region_report_pdf(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    filename = f"uppfoljning-{report.round.year}-{report.round.plan.slug}-{report.region.code}.pdf"
    return download_response(render_region_report_pdf(report), filename)


@login_required
def region_report_pdf_preview(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    pdf_url = reverse("followup:region-report-pdf", args=[pk, code])
    return HttpResponse(render_region_html(report, pdf_url=pdf_url))
