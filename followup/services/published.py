"""Published reports: stored when a round is published, laid out as PDF off the request, kept.

A published version never changes: its HTML is what the report showed at publication, and its
PDF is laid out from exactly that HTML by the background worker, through the same renderings
as every other PDF (documents.renderings); when the rendering is ready its PDF moves here
(followup.receivers.keep_published_pdf) and the rendering goes.
"""

from datetime import datetime
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from documents.models import Rendering
from documents.pdf import render_pdf
from documents.renderings import rendering_for

from ..models import FollowUpRound, PublishedReport
from ..pdf import render_followup_html


def published_report_store(
    *, round: FollowUpRound, user, published_at: datetime
) -> PublishedReport:
    """Store the round's report as its next published version and queue its PDF.

    1. Number it after the round's last version (the caller holds the round's lock:
       round_transition).
    2. Render the report's HTML from today's data, as that version, and store it as a file.
    3. Ask the worker for its PDF (a rendering of exactly that HTML); with the immediate task
       backend of the tests the PDF is made at once.
    """
    last = round.published_reports.aggregate(last=Max("number"))["last"] or 0
    number = last + 1
    html = render_followup_html(round, version=number)
    report = PublishedReport(
        round=round, number=number, published_by=user, published_at=published_at
    )
    report.html.save(f"version-{number}.html", ContentFile(html.encode()), save=False)
    report.save()
    _queue_pdf(report, html, user)
    return report


def _queue_pdf(report: PublishedReport, html: str, user) -> Rendering:
    return rendering_for(
        key=report.rendering_key,
        html=html,
        filename=report.filename,
        user=user or AnonymousUser(),
    )


def published_report_rendering(*, report: PublishedReport, user) -> Rendering:
    """The rendering that makes a version's PDF, asked for again if it failed or went."""
    return _queue_pdf(report, report.read_html(), user)


@transaction.atomic
def published_report_keep_pdf(*, report: PublishedReport, content: bytes) -> PublishedReport:
    """Keep the version's PDF as a file, unless it has one already; its rendering goes."""
    report = (
        PublishedReport.objects.select_for_update().select_related("round__plan").get(pk=report.pk)
    )
    if not report.pdf:
        report.pdf.save(f"version-{report.number}.pdf", ContentFile(content), save=False)
        report.save(update_fields=["pdf"])
    # After the commit: whoever asked for the rendering may still be reading it.
    transaction.on_commit(partial(drop_rendering, report.rendering_key))
    return report


def published_report_pdf(*, report: PublishedReport) -> bytes:
    """The version's PDF; laid out here from its stored HTML if the worker has not made it yet
    (the command line's render_report, which may take its time), and then kept."""
    if not report.pdf:
        report = published_report_keep_pdf(report=report, content=render_pdf(report.read_html()))
    with report.pdf.open("rb") as file:
        return file.read()


def drop_rendering(key: str) -> None:
    Rendering.objects.filter(key=key).delete()
