"""The national agreement (Överenskommelsen) of a year: its areas, its initiatives (insatser)
nested as the national report nests them, each with that year's national follow-up text, its
appendices, and the plan activities linked to the initiatives they carry out."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.fields import LimitedTextField
from plans.models import Activity

TEXT_MAX = 30_000  # an initiative's national text: the longest in the 2024 report is ~6,000
INTRODUCTION_MAX = 20_000


class AgreementQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-year")


class Agreement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SIGNED = "signed", _("Gällande")

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    title = models.CharField(
        _("titel"), max_length=300, blank=True, help_text=_("Om källan anger en titel.")
    )
    parties = models.CharField(_("parter"), max_length=200, default="staten och SKR")
    amount_kronor = models.PositiveBigIntegerField(_("belopp i kronor"), null=True, blank=True)
    introduction = LimitedTextField(_("inledning"), max_length=INTRODUCTION_MAX, blank=True)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    source = models.CharField(
        _("källa"), max_length=300, blank=True, help_text=_("Dokumentet texterna kommer från.")
    )

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="agreement_year_plausible",
                violation_error_message=_("Året ska vara mellan 2000 och 2100."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "signed"]),
                name="agreement_state_valid",
                violation_error_message=_("Okänd status för överenskommelsen."),
            ),
        ]

    def __str__(self):
        name = f"Överenskommelsen {self.year}"
        return f"{name}: {self.title}" if self.title else name

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", args=[self.year])


def appendix_path(instance: "Appendix", filename: str) -> str:
    return f"agreements/{instance.agreement.year}/{filename}"


class Appendix(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="appendices", verbose_name=_("år")
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=300)
    file = models.FileField(_("fil"), upload_to=appendix_path, max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "order"],
                name="appendix_unique_order_per_agreement",
                violation_error_message=_("Överenskommelsen har redan en bilaga på den platsen."),
            ),
        ]

    def __str__(self):
        return self.title


class Area(models.Model):
    """One of the agreement's four areas, which follow the national cancer strategy."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="areas", verbose_name=_("år")
    )
    ref = models.CharField(_("referens"), max_length=20)
    order = models.PositiveSmallIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=300)
    text = LimitedTextField(
        _("nationell uppföljning"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("Områdets egen text, där rapporten har en utan insatser under."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "ref"],
                name="agreementarea_unique_ref",
                violation_error_message=_(
                    "Överenskommelsen har redan ett område med den referensen."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "order"],
                name="agreementarea_unique_order",
                violation_error_message=_("Överenskommelsen har redan ett område på den platsen."),
            ),
        ]

    def __str__(self):
        return self.title


class InitiativeQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(agreement__year=year)


class Initiative(models.Model):
    """An initiative (insats) of an agreement, perhaps under another. `lineage` is the same for
    an initiative that continues from one year's agreement to the next; an initiative that
    the next year splits (three of 2025's points continue 2024's 2.1) passes
    it to all of them."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("år")
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("område")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ingår i"),
    )
    ref = models.CharField(
        _("referens"),
        max_length=20,
        help_text=_("Kolumnen Insats i planens kalkylblad, t.ex. 2.3."),
    )
    order = models.PositiveIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=500)
    text = LimitedTextField(_("nationell uppföljning"), max_length=TEXT_MAX, blank=True)
    lineage = models.UUIDField(_("identitet över åren"), default=uuid.uuid4, editable=False)
    activities = models.ManyToManyField(
        Activity,
        through="ActivityLink",
        related_name="initiatives",
        verbose_name=_("aktiviteter"),
    )

    history = HistoricalRecords()
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "ref"],
                name="initiative_unique_ref",
                violation_error_message=_(
                    "Överenskommelsen har redan en insats med den referensen."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "order"],
                name="initiative_unique_order",
                violation_error_message=_("Överenskommelsen har redan en insats på den platsen."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="initiative_not_its_own_parent",
                violation_error_message=_("En insats kan inte ingå i sig själv."),
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def get_absolute_url(self):
        return reverse("agreements:initiative-detail", args=[self.agreement.year, self.ref])


class ActivityLink(models.Model):
    """That a plan's activity carries out an initiative."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="initiative_links",
        verbose_name=_("aktivitet"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="activity_links",
        verbose_name=_("insats"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "activity"]
        verbose_name = _("koppling till insats")
        verbose_name_plural = _("kopplingar till insatser")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "initiative"],
                name="activitylink_unique",
                violation_error_message=_("Aktiviteten är redan kopplad till insatsen."),
            ),
        ]

    def __str__(self):
        return f"{self.activity_id} → {self.initiative}"
