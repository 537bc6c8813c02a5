"""Recording and queueing notifications, and a person's choices of them."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from documents.history import change_batch

from . import messages
from .messages import Message, site_url
from .models import Kind, Notification, Preference
from .rules import is_required, kinds_for, people_have_accounts
from .selectors import decisions_falling_due
from .tasks import send_notification

# A decision due "at the next meeting" is reminded of when that meeting is this near.
DECISION_MEETING_DAYS = 7


@dataclass(frozen=True)
class Recipient:
    email: str
    user: object = None  # the account, where the person has one


def users_as_recipients(users) -> list[Recipient]:
    return [Recipient(email=user.email, user=user) for user in users]


@transaction.atomic
def notification_send(
    *, kind: Kind, event: str, recipients: list[Recipient], message: Message
) -> list[Notification]:
    """Record a notification of the event for each recipient who has not had it, and queue it.

    1. Recipients without an address are skipped; a kind that is not required skips the
       accounts that turned it off (one query).
    2. Each notification is written with its queued task, in this transaction (the queue is in
       the database): a rolled-back change mails nobody, and a recipient who had this event's
       notification (the unique constraints) gets nothing more, however often this runs.
    """
    recipients = [r for r in recipients if r.email]
    if not is_required(kind):
        off = set(
            Preference.objects.filter(
                kind=kind, enabled=False, user__in=[r.user for r in recipients if r.user]
            ).values_list("user_id", flat=True)
        )
        recipients = [r for r in recipients if r.user is None or r.user.pk not in off]
    html = render_to_string(
        "notifications/email/message.html",
        {
            "message": message,
            "paragraphs": message.text.strip().split("\n\n"),
            "preferences_url": site_url(reverse("notifications:preferences")),
        },
    )
    created = []
    seen = set()
    for recipient in recipients:
        key = recipient.user.pk if recipient.user else recipient.email.lower()
        if key in seen:
            continue
        seen.add(key)
        lookup = {"user": recipient.user} if recipient.user else {"user": None, "email": key}
        notification, new = Notification.objects.get_or_create(
            kind=kind,
            event=event,
            **lookup,
            defaults={
                "email": recipient.email,
                "subject": message.subject,
                "text": message.text,
                "html": html,
            },
        )
        if new:
            send_notification.enqueue(notification.pk)
            created.append(notification)
    return created


@transaction.atomic
def preferences_save(*, user, enabled: dict[str, bool]) -> list[Preference]:
    """Store the user's choices for the kinds that concern them; a required kind, or one that
    does not concern them, is left as it is whatever was posted."""
    with change_batch(user):
        choosable = [
            kind
            for kind in kinds_for(user, is_person=is_linked_person(user))
            if not is_required(kind)
        ]
        saved = []
        for kind in choosable:
            if kind in enabled:
                preference, _ = Preference.objects.update_or_create(
                    user=user, kind=kind, defaults={"enabled": bool(enabled[kind])}
                )
                saved.append(preference)
        return saved


def is_linked_person(user) -> bool:
    """Whether a Person of the registry is this user's (once Person.user exists)."""
    if not people_have_accounts() or not user.is_authenticated:
        return False
    from registry.models import Person

    return Person.objects.filter(user=user).exists()


def decisions_due(today: date):
    """Open decisions with a responsible person that fall due: a date today or passed, or the
    group's next meeting within DECISION_MEETING_DAYS days (or held, the decision still open)."""
    related = ["responsible_person", "item__meeting__group__healthcare_region"]
    if people_have_accounts():
        related.append("responsible_person__user")
    return (
        decisions_falling_due(today, due_days=0, meeting_days=DECISION_MEETING_DAYS)
        .filter(responsible_person__isnull=False)
        .select_related(*related)
        .order_by("pk")
    )


@transaction.atomic
def decision_reminders_send(*, today: date | None = None) -> list[Notification]:
    """Remind each responsible person of their decisions that fall due (decisions_due), once
    per decision and due date (or next meeting)."""
    today = today or timezone.localdate()
    sent = []
    for decision in decisions_due(today):
        person = decision.responsible_person
        user = getattr(person, "user", None)
        recipient = Recipient(
            email=(user.email if user and user.email else person.email), user=user
        )
        when = decision.due_on.isoformat() if decision.due_on else "next-meeting"
        sent += notification_send(
            kind=Kind.DECISION_DUE,
            event=f"decision-due:{decision.pk}:{when}",
            recipients=[recipient],
            message=messages.decision_due(decision, today),
        )
    return sent


def active_users(**filters):
    """Active accounts with an address, by their memberships (registry.Membership)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, **filters)
        .exclude(email="")
        .distinct()
        .order_by("email")
    )
