"""The follow-up report and a region's report as PDF, and their HTML previews.

The PDFs are laid out by the background worker (see documents.renderings): the first request
for a report's present data queues it and shows its progress; later ones get the stored PDF.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from documents.renderings import pdf_download

from ..pdf import render_followup_html, render_followup_preview, render_region_html
from ..permissions import get_report_for_user, get_round_for_user


@login_required
def round_pdf(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    return pdf_download(
        request,
        html=render_followup_html(round),
        filename=f"uppfoljning-{round.year}-{round.plan.slug}.pdf",
        title=_("Uppföljningsrapporten %(year)s") % {"year": round.year},
        back_url=round.get_absolute_url(),
    )


@login_required
def round_pdf_preview(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    pdf_url = reverse("followup:round-pdf", args=[pk])
    return HttpResponse(
        render_followup_preview(round, pdf_url=pdf_url, notice=_preview_notice(pdf_url))
    )


def _preview_notice(pdf_url: str) -> str:
    return format_html(
        '<p class="preview-notice">{} <a href="{}">{}</a></p>',
        _(
            "Rapporten är stor: förhandsvisningen visar dess första kapitel. Hela rapporten finns"
            " som PDF."
        ),
        pdf_url,
        _("Ladda ner PDF"),
    )


@login_required
def region_report_pdf(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    round = report.round
    return pdf_download(
        request,
        html=render_region_html(report),
        filename=f"uppfoljning-{round.year}-{round.plan.slug}-{report.region.code}.pdf",
        title=_("%(region)ss rapport %(year)s") % {"region": report.region, "year": round.year},
        back_url=report.get_absolute_url(),
    )


@login_required
def region_report_pdf_preview(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    pdf_url = reverse("followup:region-report-pdf", args=[pk, code])
    return HttpResponse(render_region_html(report, pdf_url=pdf_url))
