"""Invitation tokens and mails. The link carries a random token; the database keeps only its
SHA-256, so a copy of the database opens no accounts."""

import hashlib
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from documents.tasks import send_email

from .models import Invitation


def new_token() -> tuple[str, str]:
    """A fresh token and its hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("healthcare_region", "region", "person")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_mail_send(*, invitation: Invitation, token: str) -> None:
    """Queue the invitation mail (plain text and HTML) for the background worker."""
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL.rstrip("/") + reverse("registry:invitation-accept", args=[token]),
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
    }
    subject = render_to_string("registry/mail/invitation_subject.txt", context).strip()
    body = render_to_string("registry/mail/invitation.txt", context)
    html = render_to_string("registry/mail/invitation.html", context)
    send_email.enqueue(subject, body, [invitation.email], html_body=html)
