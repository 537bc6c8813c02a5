"""Reports laid out off the request: asked for by a view, laid out by the worker, kept.

A view builds the report's HTML (it knows the rights and the data) and answers with
pdf_download: the same HTML gives the same stored PDF, new HTML queues a new one; the answer is
the PDF when it is ready and otherwise a page that follows its progress.
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import Rendering
from .responses import download_response
from .tasks import render_document

# A rendering that failed is queued again when asked for after this long.
RETRY_FAILED_AFTER = timedelta(minutes=1)


def rendering_for(*, key: str, html: str, filename: str, user) -> Rendering:
    """The stored rendering of this HTML, queueing one if there is none (or one that failed)."""
    fingerprint = hashlib.sha256(html.encode()).hexdigest()
    rendering = Rendering.objects.defer("html", "content").filter(key=key, fingerprint=fingerprint)
    found = rendering.first()
    if found is None:
        try:
            with transaction.atomic():
                found = Rendering.objects.create(
                    key=key,
                    fingerprint=fingerprint,
                    filename=filename,
                    html=html,
                    requested_by=user if user.is_authenticated else None,
                )
        except IntegrityError:  # someone asked for the same a moment ago
            return rendering.get()
        render_document.enqueue(found.pk)
    elif found.state == Rendering.State.FAILED and (
        found.finished_at is None or timezone.now() - found.finished_at > RETRY_FAILED_AFTER
    ):
        Rendering.objects.filter(pk=found.pk).update(
            state=Rendering.State.QUEUED, attempts=0, finished_at=None
        )
        render_document.enqueue(found.pk)
    found.refresh_from_db(fields=["state", "error", "finished_at", "attempts"])
    return found


def rendering_response(request, rendering: Rendering, *, title: str, back_url: str) -> HttpResponse:
    """The PDF when it is ready; until then a page that follows it and offers it when done."""
    waiting = "vanta" in request.GET
    if rendering.state == Rendering.State.READY and not waiting:
        content = Rendering.objects.values_list("content", flat=True).get(pk=rendering.pk)
        return download_response(bytes(content), rendering.filename)
    context = {
        "rendering": rendering,
        "title": title,
        "back_url": back_url,
        "file_url": request.path,
        "wait_url": f"{request.path}?vanta=1",
    }
    status = 200 if rendering.state == Rendering.State.READY else 202
    return render(request, "documents/rendering.html", context, status=status)


def pdf_download(request, *, html: str, filename: str, title: str, back_url: str) -> HttpResponse:
    """The view's answer for a PDF of this HTML, named filename (which identifies the document)."""
    rendering = rendering_for(key=filename, html=html, filename=filename, user=request.user)
    return rendering_response(request, rendering, title=title, back_url=back_url)
