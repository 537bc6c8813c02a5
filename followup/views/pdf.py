"""The follow-up report and a region's report as PDF, and their HTML previews.

The PDFs are laid out by the background worker (see documents.renderings): the first request
for a report's present data queues it and shows its progress; later ones get the stored PDF.
A published round's report is the version stored when it was published (PublishedReport),
whatever has changed since; every earlier version keeps a URL of its own. So is a region's
report of a published round: the one stored with that version (PublishedRegionReport), its
PDF laid out when first asked for.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from documents.models import Rendering
from documents.renderings import pdf_download, rendering_response
from documents.responses import download_response

from .. import services
from ..models import FollowUpRound, PublishedRegionReport, PublishedReport, RegionReport
from ..pdf import (
    published_preview,
    render_followup_html,
    render_followup_preview,
    render_region_html,
)
from ..permissions import get_report_for_user, get_round_for_user


def _published(round: FollowUpRound) -> PublishedReport | None:
    """The version a published round's report is served as: its latest."""
    if round.state != FollowUpRound.State.PUBLISHED:
        return None
    return round.published_reports.first()


@login_required
def round_pdf(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    if report := _published(round):
        return _published_pdf(request, round, report)
    return pdf_download(
        request,
        html=render_followup_html(round),
        filename=f"uppfoljning-{round.year}-{round.plan.slug}.pdf",
        title=_("Uppföljningsrapporten %(year)s") % {"year": round.year},
        back_url=round.get_absolute_url(),
    )


@login_required
def published_report_pdf(request, pk, number):
    round, _access = get_round_for_user(request.user, pk)
    report = get_object_or_404(round.published_reports, number=number)
    return _published_pdf(request, round, report)


def _published_pdf(request, round: FollowUpRound, report: PublishedReport):
    """A published version's PDF; until the worker has made it, the page that follows it."""
    report.round = round
    title = _("Uppföljningsrapporten %(year)s, version %(number)s") % {
        "year": round.year,
        "number": report.number,
    }
    return _stored_pdf(
        request,
        report,
        rendering=services.published_report_rendering,
        keep=services.published_report_keep_pdf,
        title=title,
        back_url=round.get_absolute_url(),
    )


def _stored_pdf(request, stored, *, rendering, keep, title: str, back_url: str):
    """The PDF of a stored report (a published version, or a region's report of one); until it
    is laid out, the page that follows its rendering."""
    if not stored.pdf:
        made = rendering(report=stored, user=request.user)
        if made.state != Rendering.State.READY:
            return rendering_response(request, made, title=title, back_url=back_url)
        # Made, but not yet moved here (followup.receivers.keep_published_pdf): move it now.
        content = Rendering.objects.values_list("content", flat=True).get(pk=made.pk)
        stored = keep(report=stored, content=bytes(content))
    if "vanta" in request.GET:  # the progress page, asking: it is ready
        ready = Rendering(state=Rendering.State.READY, filename=stored.filename)
        return rendering_response(request, ready, title=title, back_url=back_url)
    with stored.pdf.open("rb") as file:
        return download_response(file.read(), stored.filename)


@login_required
def round_pdf_preview(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    pdf_url = reverse("followup:round-pdf", args=[pk])
    notice = _preview_notice(pdf_url)
    if report := _published(round):
        return HttpResponse(published_preview(report.read_html(), pdf_url=pdf_url, notice=notice))
    return HttpResponse(render_followup_preview(round, pdf_url=pdf_url, notice=notice))


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


def _published_region(report: RegionReport) -> PublishedRegionReport | None:
    """The region's report as stored with its published round's latest version; none while the
    round is not published, or if that version stored no region reports (one stored before
    they were: the report is then rendered from today's data). One query."""
    round = report.round
    if round.state != FollowUpRound.State.PUBLISHED:
        return None
    latest = round.published_reports.order_by("-number").values("pk")[:1]
    stored = (
        PublishedRegionReport.objects.select_related("version")
        .filter(version=Subquery(latest), region_id=report.region_id)
        .first()
    )
    if stored is not None:
        stored.version.round = round
        stored.region = report.region
    return stored


@login_required
def region_report_pdf(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    round = report.round
    title = _("%(region)ss rapport %(year)s") % {"region": report.region, "year": round.year}
    if stored := _published_region(report):
        return _stored_pdf(
            request,
            stored,
            rendering=services.published_region_report_rendering,
            keep=services.published_region_report_keep_pdf,
            title=title,
            back_url=report.get_absolute_url(),
        )
    return pdf_download(
        request,
        html=render_region_html(report),
        filename=f"uppfoljning-{round.year}-{round.plan.slug}-{report.region.code}.pdf",
        title=title,
        back_url=report.get_absolute_url(),
    )


@login_required
def region_report_pdf_preview(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    pdf_url = reverse("followup:region-report-pdf", args=[pk, code])
    if stored := _published_region(report):
        html = published_preview(
            stored.read_html(), pdf_url=pdf_url, notice=_preview_notice(pdf_url)
        )
        return HttpResponse(html)
    return HttpResponse(render_region_html(report, pdf_url=pdf_url))
