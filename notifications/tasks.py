"""Sending a recorded notification, in the background worker."""

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from documents.tasks import RETRY_DELAYS

from .models import Notification

logger = logging.getLogger(__name__)


@task()
def send_notification(notification_id: int, attempt: int = 1) -> None:
    """Mail a notification (plain text and HTML) unless it was sent already: a job run twice
    sends it once. A mail server that does not answer is tried again later."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        message = EmailMultiAlternatives(
            subject=notification.subject, body=notification.text, to=[notification.email]
        )
        message.attach_alternative(notification.html, "text/html")
        try:
            message.send()
        except OSError:
            if attempt > len(RETRY_DELAYS):
                raise
            logger.warning(
                "Notification %s failed, attempt %s; trying again", notification_id, attempt
            )
            retry = send_notification.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
            retry.enqueue(notification_id, attempt + 1)
            return
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
