"""Work that runs in the background worker (`manage.py db_worker`), off the request."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Rendering
from .pdf import render_pdf

logger = logging.getLogger(__name__)

# A failure that may pass (the database or the mail server away for a moment) is tried again
# after 30 s and then after 2 minutes; a report that cannot be laid out fails the same way
# each time, and is then shown as failed with its error.
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2))


@task()
def render_document(rendering_id: int) -> None:
    """Lay out a queued rendering's HTML as PDF and keep the PDF; drop older versions."""
    with transaction.atomic():
        rendering = Rendering.objects.select_for_update().filter(pk=rendering_id).first()
        if rendering is None or rendering.state == Rendering.State.READY:
            return
        rendering.state = Rendering.State.RUNNING
        rendering.attempts += 1
        rendering.save(update_fields=["state", "attempts"])
    try:
        content = render_pdf(rendering.html)
    except Exception as exc:
        logger.exception("Rendering %s failed", rendering.pk)
        _failed(rendering, exc)
        return
    rendering.state = Rendering.State.READY
    rendering.content = content
    rendering.html = ""
    rendering.error = ""
    rendering.finished_at = timezone.now()
    rendering.save()
    Rendering.objects.filter(key=rendering.key, requested_at__lt=rendering.requested_at).delete()


def _failed(rendering: Rendering, exc: Exception) -> None:
    retry = rendering.attempts <= len(RETRY_DELAYS)
    rendering.state = Rendering.State.QUEUED if retry else Rendering.State.FAILED
    rendering.error = f"{type(exc).__name__}: {exc}"[:500]
    rendering.finished_at = None if retry else timezone.now()
    rendering.save(update_fields=["state", "error", "finished_at"])
    if retry:
        delay = RETRY_DELAYS[rendering.attempts - 1]
        render_document.using(run_after=timezone.now() + delay).enqueue(rendering.pk)


@task()
def send_email(
    subject: str, body: str, recipients: list[str], attempt: int = 1, html_body: str = ""
) -> None:
    """Send one e-mail (plain text, and HTML beside it when given); a mail server that does not
    answer is tried again later."""
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=None,
            recipient_list=recipients,
            html_message=html_body or None,
        )
    except OSError:
        if attempt > len(RETRY_DELAYS):
            raise
        logger.warning("Mail to %s failed, attempt %s; trying again", recipients, attempt)
        retry = send_email.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        extra = {"html_body": html_body} if html_body else {}
        retry.enqueue(subject, body, recipients, attempt + 1, **extra)
