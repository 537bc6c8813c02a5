from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.fields import LimitedTextField
from plans.models import Goal, Plan
from registry.models import Region

from .levels import ALL_LEVELS, Level

# The longest texts people write: a region's or the RCC's comment on a goal, and a round's
# introduction and summary (the seeds' longest are 356 and 7,373 characters).
COMMENT_TEXT = 4_000
LONG_TEXT = 20_000
# A coordinator's message when returning a report, and any note in the event log.
MESSAGE_TEXT = 2_000


# What round_access reads of a round's plan: its owner, or its owner's healthcare region.
PLAN_OWNER = ("plan__owner_healthcare_region", "plan__owner_region__healthcare_region")


class FollowUpRoundQuerySet(models.QuerySet):
    def with_plan(self):
        return self.select_related(*PLAN_OWNER)

    def visible_to(self, user):
        # followup.permissions decides; it imports this module, hence the late import.
        from .permissions import round_filter

        return self.filter(round_filter(user)).distinct()

    def with_progress(self):
        """Rounds with how many regions take part (`report_count`) and have submitted
        (`submitted_count`), counted in subqueries: visible_to() joins the regions."""

        def reports(**filters):
            return Coalesce(
                Subquery(
                    RegionReport.objects.filter(round=OuterRef("pk"), **filters)
                    .order_by()
                    .values("round")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )

        return self.annotate(
            report_count=reports(), submitted_count=reports(state=RegionReport.State.SUBMITTED)
        )


class FollowUpRound(models.Model):
    """One year's follow-up of a plan: every participating region judges every goal."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        OPEN = "open", _("Öppen")
        CLOSED = "closed", _("Stängd")
        PUBLISHED = "published", _("Publicerad")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("uppföljningsår"))
    opens_on = models.DateField(_("öppnar"))
    deadline = models.DateField(_("sista dag"))
    regions = models.ManyToManyField(
        Region, related_name="rounds", verbose_name=_("deltagande regioner")
    )
    introduction = LimitedTextField(_("inledning"), max_length=LONG_TEXT, blank=True)
    summary = LimitedTextField(_("sammanfattning"), max_length=LONG_TEXT, blank=True)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)

    history = HistoricalRecords()
    objects = FollowUpRoundQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="round_unique_plan_year"),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_on")),
                name="round_deadline_after_opening",
                violation_error_message=_("Sista dag kan inte vara före dagen då omgången öppnar."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="round_year_plausible",
                violation_error_message=_("Uppföljningsåret ska ligga mellan 2000 och 2100."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "open", "closed", "published"]),
                name="round_state_known",
                violation_error_message=_("Okänd status för omgången."),
            ),
        ]

    def __str__(self):
        return _("Uppföljning %(year)s av %(plan)s") % {"year": self.year, "plan": self.plan}

    def get_absolute_url(self):
        return reverse("followup:round-detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.plan.kind == Plan.Kind.CANCER_PLAN:
            return _("Uppföljning av lokala handlingsplaner %(year)s") % {"year": self.year}
        return _("Uppföljning %(year)s") % {"year": self.year}

    def previous(self) -> "FollowUpRound | None":
        """The latest earlier round of the same plan."""
        return (
            FollowUpRound.objects.filter(plan_id=self.plan_id, year__lt=self.year)
            .order_by("-year")
            .first()
        )


def published_report_path(report: "PublishedReport", filename: str) -> str:
    return f"uppfoljning/{report.round_id}/publicerad/{filename}"


class PublishedReport(models.Model):
    """One publication of a round's follow-up report, kept exactly as it was published.

    The HTML is stored when the round is published, in the same transaction; the background
    worker lays it out as PDF (documents.renderings), and the PDF is kept here once it is made.
    A round published again after a reopening gets a new version; the earlier ones stay.
    """

    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.CASCADE,
        related_name="published_reports",
        verbose_name=_("omgång"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    published_at = models.DateTimeField(_("publicerad"))
    html = models.FileField(_("HTML"), upload_to=published_report_path, max_length=200)
    pdf = models.FileField(
        _("PDF"),
        upload_to=published_report_path,
        max_length=200,
        blank=True,
        help_text=_("Tom tills bakgrundsprocessen har tagit fram PDF-filen."),
    )

    class Meta:
        ordering = ["round", "-number"]
        verbose_name = _("publicerad rapport")
        verbose_name_plural = _("publicerade rapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                name="published_report_unique_number",
                violation_error_message=_(
                    "Omgången har redan en publicerad version med det numret."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="published_report_number_positive",
                violation_error_message=_("Versionerna numreras från 1."),
            ),
        ]

    # The renderings (documents.Rendering) that lay out published versions are named so.
    RENDERING_KEY_PREFIX = "uppfoljning-publicerad-"

    def __str__(self):
        return f"{self.round} – version {self.number}"

    def get_absolute_url(self):
        return reverse("followup:published-report-pdf", args=[self.round_id, self.number])

    @property
    def rendering_key(self) -> str:
        return f"{self.RENDERING_KEY_PREFIX}{self.pk}"

    @classmethod
    def pk_from_rendering_key(cls, key: str) -> int | None:
        """The version a rendering lays out, or None if it lays out something else."""
        number = key.removeprefix(cls.RENDERING_KEY_PREFIX)
        return int(number) if number != key and number.isdigit() else None

    @property
    def filename(self) -> str:
        round = self.round
        return f"uppfoljning-{round.year}-{round.plan.slug}-version-{self.number}.pdf"

    def read_html(self) -> str:
        with self.html.open("rb") as file:
            return file.read().decode()


def published_region_report_path(report: "PublishedRegionReport", filename: str) -> str:
    return f"uppfoljning/{report.version.round_id}/publicerad/regioner/{filename}"


class PublishedRegionReport(models.Model):
    """A participating region's own report as it was when a version was published.

    Its HTML is stored with the version, in the same transaction; its PDF is laid out from
    exactly that HTML when it is first asked for (a national round has 21 of them), by the
    same renderings, and kept here.
    """

    version = models.ForeignKey(
        PublishedReport,
        on_delete=models.CASCADE,
        related_name="region_reports",
        verbose_name=_("version"),
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    html = models.FileField(_("HTML"), upload_to=published_region_report_path, max_length=200)
    pdf = models.FileField(
        _("PDF"),
        upload_to=published_region_report_path,
        max_length=200,
        blank=True,
        help_text=_("Tom tills PDF-filen har efterfrågats och tagits fram."),
    )

    class Meta:
        ordering = ["version", "region__code"]
        verbose_name = _("publicerad regionrapport")
        verbose_name_plural = _("publicerade regionrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "region"],
                name="published_region_report_unique",
                violation_error_message=_("Versionen har redan regionens rapport."),
            ),
        ]

    RENDERING_KEY_PREFIX = "uppfoljning-publicerad-region-"

    def __str__(self):
        return f"{self.version} – {self.region}"

    @property
    def rendering_key(self) -> str:
        return f"{self.RENDERING_KEY_PREFIX}{self.pk}"

    @classmethod
    def pk_from_rendering_key(cls, key: str) -> int | None:
        """The region's report a rendering lays out, or None if it lays out something else."""
        number = key.removeprefix(cls.RENDERING_KEY_PREFIX)
        return int(number) if number != key and number.isdigit() else None

    @property
    def filename(self) -> str:
        round = self.version.round
        return (
            f"uppfoljning-{round.year}-{round.plan.slug}-{self.region.code}"
            f"-version-{self.version.number}.pdf"
        )

    def read_html(self) -> str:
        with self.html.open("rb") as file:
            return file.read().decode()


class RoundEvent(models.Model):
    """Who changed a round's state, or a report's, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("skapade omgången")
        OPENED = "opened", _("öppnade omgången")
        CLOSED = "closed", _("stängde omgången")
        REOPENED = "reopened", _("öppnade omgången igen")
        PUBLISHED = "published", _("publicerade omgången")
        DEADLINE = "deadline", _("ändrade sista dag")
        SUBMITTED = "submitted", _("skickade in rapporten")
        RETURNED = "returned", _("återsände rapporten för ändringar")
        IMPORTED = "imported", _("läste in bedömningar")

    round = models.ForeignKey(
        FollowUpRound, on_delete=models.CASCADE, related_name="events", verbose_name=_("omgång")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    note = LimitedTextField(_("notering"), max_length=MESSAGE_TEXT, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or 'system'} {self.get_action_display()}"


class RegionReportQuerySet(models.QuerySet):
    def of_reporter(self, user):
        """The reports the user writes for their regions, in rounds that have opened."""
        from .permissions import own_report_filter  # it imports this module

        return self.filter(own_report_filter(user))

    def with_progress(self):
        """Reports with their region, submitter and the number of goals given a level.

        Counted per report in a subquery: joining every report to every assessment of its
        round makes regions × assessments rows (132,000 for a national round).
        """
        assessed = (
            Assessment.objects.filter(round=OuterRef("round"), region=OuterRef("region"))
            .exclude(level="")
            .order_by()
            .values("round")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.select_related("region", "submitted_by").annotate(
            assessed=Coalesce(Subquery(assessed), 0)
        )


class RegionReport(models.Model):
    """One region's answer to a round: a draft until submitted; a coordinator may return it,
    with a message, and it is then editable again until submitted anew."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Återsänd för ändringar")

    # The states in which the region may change the report.
    EDITABLE = (State.DRAFT, State.RETURNED)

    round = models.ForeignKey(
        FollowUpRound, on_delete=models.CASCADE, related_name="reports", verbose_name=_("omgång")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="reports", verbose_name=_("region")
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inskickad av"),
    )
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    # The latest return: kept after the report is submitted again, as the log keeps every one.
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återsänd av"),
    )
    returned_at = models.DateTimeField(_("återsänd"), null=True, blank=True)
    return_message = LimitedTextField(
        _("meddelande vid återsändning"), max_length=MESSAGE_TEXT, blank=True
    )
    # Bumped on every save of the report form, so that a second, stale save is detected.
    version = models.PositiveIntegerField(_("version"), default=0)

    history = HistoricalRecords()
    objects = RegionReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "region__name"]
        verbose_name = _("regionrapport")
        verbose_name_plural = _("regionrapporter")
        constraints = [
            models.UniqueConstraint(fields=["round", "region"], name="report_unique_region"),
            models.CheckConstraint(
                condition=~Q(state="submitted") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
                violation_error_message=_(
                    "En inskickad rapport behöver en tidpunkt för inskickandet."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="report_state_known",
                violation_error_message=_("Okänd status för rapporten."),
            ),
            models.CheckConstraint(
                condition=~Q(state="returned")
                | Q(returned_at__isnull=False) & ~Q(return_message=""),
                name="report_returned_has_message",
                violation_error_message=_(
                    "En återsänd rapport behöver ett meddelande och en tidpunkt."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.region} – {self.round}"

    def get_absolute_url(self):
        return reverse("followup:region-report", args=[self.round_id, self.region.code])

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE


class Assessment(models.Model):
    """A region's judgement of one goal in one round."""

    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("omgång"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("region")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("mål")
    )
    level = models.CharField(
        _("nivå"),
        max_length=8,
        blank=True,
        choices=[(level, level or "–") for level in ALL_LEVELS],
        help_text=_("U, P, E eller tomt; delar skrivs P/U och en osäker nivå P?."),
    )
    comment = LimitedTextField(_("regionens kommentar"), max_length=COMMENT_TEXT, blank=True)
    condensed_comment = LimitedTextField(
        _("kondenserad kommentar"),
        max_length=COMMENT_TEXT,
        blank=True,
        help_text=_("RCC:s förkortade version för rapporten; tom betyder regionens egen text."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "goal__area__order", "goal__order", "region__name"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region", "goal"], name="assessment_unique_round_region_goal"
            ),
            models.CheckConstraint(
                condition=Q(level__in=ALL_LEVELS),
                name="assessment_level_known",
                violation_error_message=_(
                    "Okänd nivå. Skriv U, P, E, en sammansatt nivå som P/U, en osäker nivå "
                    "som P? eller lämna tomt."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.region.code} {self.goal.number}: {self.level or '–'}"

    def get_absolute_url(self):
        return reverse(
            "followup:assessment-detail", args=[self.round_id, self.region.code, self.goal_id]
        )

    @property
    def parsed_level(self) -> Level:
        return Level.parse(self.level)

    @property
    def report_comment(self) -> str:
        """The comment the report shows: the condensed one where the RCC wrote it."""
        return self.condensed_comment or self.comment


class RccComment(models.Model):
    """The RCC's own comment on a goal in a round ("RCC Norr: …")."""

    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.CASCADE,
        related_name="rcc_comments",
        verbose_name=_("omgång"),
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="rcc_comments", verbose_name=_("mål")
    )
    text = LimitedTextField(_("kommentar"), max_length=COMMENT_TEXT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "goal__area__order", "goal__order"]
        verbose_name = _("RCC-kommentar")
        verbose_name_plural = _("RCC-kommentarer")
        constraints = [
            models.UniqueConstraint(fields=["round", "goal"], name="rcc_comment_unique_goal"),
        ]

    def __str__(self):
        return self.text[:80]


class Reminder(models.Model):
    """A reminder mailed to a region's reporters; at most one per region and day."""

    round = models.ForeignKey(
        FollowUpRound, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("omgång")
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    sent_on = models.DateField(_("skickad"))
    recipients = models.TextField(_("mottagare"), blank=True)

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region", "sent_on"], name="reminder_once_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.sent_on}"
