from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROUND_OPENED = "round-opened", _("En uppföljningsomgång öppnar")
    DEADLINE = "deadline", _("Sista dag närmar sig eller har passerat")
    REPORT_RETURNED = "report-returned", _("En rapport återsänds för ändringar")
    ROUND_PUBLISHED = "round-published", _("En uppföljning publiceras")
    REPORT_SUBMITTED = "report-submitted", _("En region skickar in sin rapport")
    AGENDA_SENT = "agenda-sent", _("Dagordningen till ett styrgruppsmöte skickas ut")
    DECISION_DUE = "decision-due", _("Ett beslut du ansvarar för ska vara klart")


class Notification(models.Model):
    """One e-mail to one person about one event, and what it said: written with its queued
    task, so that an event reaches a person at most once, however often a job runs.

    `event` names the event ("round-opened:12"); the person is a user, or only an address for
    a steering-group member without an account."""

    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    event = models.CharField(_("händelse"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("användare"),
    )
    email = models.EmailField(_("e-post"))
    subject = models.CharField(_("ämne"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "event", "user"],
                condition=Q(user__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["kind", "event", "email"],
                condition=Q(user__isnull=True),
                name="notification_once_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email} ({self.event})"


class Preference(models.Model):
    """A person's choice about one kind of notification; without a row the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("användare"),
    )
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    enabled = models.BooleanField(_("på"), default=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("aviseringsval")
        verbose_name_plural = _("aviseringsval")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_unique_kind"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: {'på' if self.enabled else 'av'}"
