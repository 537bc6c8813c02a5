from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Rendering(models.Model):
    """A document laid out off the request (a report as PDF), kept so it is laid out once.

    It is identified by the document's name (key) and a fingerprint of the HTML it is laid out
    from: when the data changes, so does the HTML, and the next request asks for a new one.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Tas fram")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Misslyckades")

    key = models.CharField(_("dokument"), max_length=200)
    fingerprint = models.CharField(_("fingeravtryck"), max_length=64)
    filename = models.CharField(_("filnamn"), max_length=200)
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.QUEUED
    )
    html = models.TextField(_("HTML"), blank=True, help_text=_("Töms när dokumentet är klart."))
    content = models.BinaryField(_("innehåll"), null=True, blank=True)
    error = models.CharField(_("fel"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beställd av"),
    )
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("framtaget dokument")
        verbose_name_plural = _("framtagna dokument")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "fingerprint"], name="rendering_unique_key_fingerprint"
            ),
            models.CheckConstraint(
                condition=~Q(state="ready") | Q(content__isnull=False),
                name="rendering_ready_has_content",
                violation_error_message=_("Ett klart dokument har ett innehåll."),
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_state_display()})"
