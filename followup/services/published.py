"""Published reports: stored when a round is published, laid out as PDF off the request, kept.

A published version never changes: its HTML is what the report showed at publication, and its
PDF is laid out from exactly that HTML by the background worker, through the same renderings
as every other PDF (documents.renderings); when the rendering is ready its PDF moves here
(followup.receivers.keep_published_pdf) and the rendering goes. Each participating region's
own report is stored with the version as HTML too (PublishedRegionReport); its PDF is laid out
the same way, but only when someone first asks for it.
"""

from datetime import datetime
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.models import Rendering
from documents.pdf import render_pdf
from documents.renderings import rendering_for

from ..models import FollowUpRound, PublishedRegionReport, PublishedReport, RoundEvent
from ..pdf import render_followup_html, render_region_html


def published_report_store(
    *, round: FollowUpRound, user, published_at: datetime
) -> PublishedReport:
    """Store the round's report as its next published version and queue its PDF.

    1. Number it after the round's last version (the caller holds the round's lock:
       round_transition).
    2. Render the report's HTML from today's data, as that version, and the own report of
       each participating region (PublishedRegionReport; their PDFs are laid out when first
       asked for).
    3. Store them as files and the version's rows. The files are written before the caller's
       transaction commits, and a rollback does not take them back: whatever fails on the way
       deletes the files written so far. (round_transition does nothing after this step.)
    4. Ask the worker for the round's PDF (a rendering of exactly that HTML); with the
       immediate task backend of the tests the PDF is made at once.
    """
    last = round.published_reports.aggregate(last=Max("number"))["last"] or 0
    number = last + 1
    html = render_followup_html(round, version=number)
    region_htmls = []
    for region_report in round.reports.select_related("region").order_by("region__code"):
        region_report.round = round
        region_htmls.append((region_report.region, render_region_html(region_report)))
    written: list[str] = []
    try:
        report = PublishedReport(
            round=round, number=number, published_by=user, published_at=published_at
        )
        _save_file(report.html, f"version-{number}.html", html, written)
        report.save()
        region_reports = []
        for region, region_html in region_htmls:
            stored = PublishedRegionReport(version=report, region=region)
            _save_file(stored.html, f"version-{number}-{region.code}.html", region_html, written)
            region_reports.append(stored)
        PublishedRegionReport.objects.bulk_create(region_reports)
        _queue_pdf(report, html, user)
    except BaseException:
        delete_files(written)
        raise
    return report


def _save_file(field, name: str, html: str, written: list[str]) -> None:
    field.save(name, ContentFile(html.encode()), save=False)
    written.append(field.name)


def published_report_store_missing() -> list[PublishedReport]:
    """Version 1 of every published round that has no stored version (one published before
    reports were stored), as published by whoever published it, then; each round in its own
    transaction, under its lock, so that running it twice, or beside a publication, stores
    nothing twice."""
    pks = FollowUpRound.objects.filter(
        state=FollowUpRound.State.PUBLISHED, published_reports__isnull=True
    ).values_list("pk", flat=True)
    stored = [_store_missing(pk) for pk in pks]
    return [report for report in stored if report is not None]


@transaction.atomic
def _store_missing(pk: int) -> PublishedReport | None:
    round = FollowUpRound.objects.select_for_update().filter(pk=pk).first()
    if round is None or round.state != FollowUpRound.State.PUBLISHED:
        return None
    if round.published_reports.exists():
        return None
    event = round.events.filter(action=RoundEvent.Action.PUBLISHED).first()
    return published_report_store(
        round=round,
        user=event.user if event else None,
        published_at=event.at if event else timezone.now(),
    )


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


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def published_region_report_rendering(*, report: PublishedRegionReport, user) -> Rendering:
    """The rendering that lays out a published region's report as PDF, asked for when the PDF
    is first wanted (and again if it failed or went)."""
    return rendering_for(
        key=report.rendering_key,
        html=report.read_html(),
        filename=report.filename,
        user=user or AnonymousUser(),
    )


@transaction.atomic
def published_region_report_keep_pdf(
    *, report: PublishedRegionReport, content: bytes
) -> PublishedRegionReport:
    """Keep the region's published PDF as a file, unless it has one already; its rendering
    goes."""
    report = (
        PublishedRegionReport.objects.select_for_update(of=("self",))
        .select_related("version__round__plan", "region")
        .get(pk=report.pk)
    )
    if not report.pdf:
        name = f"version-{report.version.number}-{report.region.code}.pdf"
        report.pdf.save(name, ContentFile(content), save=False)
        report.save(update_fields=["pdf"])
    transaction.on_commit(partial(drop_rendering, report.rendering_key))
    return report
