from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.fields import LimitedTextField
from registry.models import Body, HealthcareRegion, Region

# The longest texts of a plan, well above the seeds' (a goal 501, a cell 600, an introduction
# 451 characters) and below what a printed table cell can hold.
GOAL_TEXT = 2_000
CELL_TEXT = 4_000
TIMEFRAME_TEXT = 200
LONG_TEXT = 20_000


class PlanQuerySet(models.QuerySet):
    def with_owner(self):
        return self.select_related(
            "owner_healthcare_region", "owner_region__healthcare_region", "parent", "copied_from"
        )

    def visible_to(self, user):
        # plans.permissions decides; it imports this module, hence the late import.
        from .permissions import plan_filter

        return self.filter(plan_filter(user))

    def with_tree(self):
        """Everything the export and the PDF show, in a fixed number of queries.

        Each level is ordered by its own "order" only: the models' default orderings go through
        the parent ("goal", "area", "plan"), which joins every parent table into each query.
        Grouped under their parents, the rows come out in the same order.
        """
        goals = (
            Goal.objects.order_by("order")
            .select_related("parent_goal__area")
            .prefetch_related(
                Prefetch("parts", GoalPart.objects.order_by("order")),
                Prefetch("activities", Activity.objects.order_by("order")),
            )
        )
        areas = Area.objects.order_by("order").prefetch_related(Prefetch("goals", goals))
        return self.with_owner().prefetch_related(Prefetch("areas", areas))


class Plan(models.Model):
    class Kind(models.TextChoices):
        CANCER_PLAN = "cancerplan", _("Sjukvårdsregional cancerplan")
        ACTION_PLAN = "handlingsplan", _("Handlingsplan för RCC")
        LOCAL_PLAN = "lokal", _("Regionens lokala handlingsplan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Godkänd")
        ARCHIVED = "archived", _("Arkiverad")

    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    owner_healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("ägare (sjukvårdsregion)"),
    )
    owner_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("ägare (region)"),
    )
    first_year = models.PositiveSmallIntegerField(_("första år"))
    last_year = models.PositiveSmallIntegerField(_("sista år"))
    approved_by = models.CharField(_("godkänd av"), max_length=200, blank=True)
    approved_on = models.DateField(_("godkänd den"), null=True, blank=True)
    introduction = LimitedTextField(_("inledning"), max_length=LONG_TEXT, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad plan"),
        help_text=_("Den cancerplan som handlingsplanen eller den lokala planen bygger på."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopierad från"),
    )

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        constraints = [
            # Exactly one owner: a healthcare region (cancer plan, action plan) or a region.
            models.CheckConstraint(
                condition=(
                    Q(owner_healthcare_region__isnull=False, owner_region__isnull=True)
                    | Q(owner_healthcare_region__isnull=True, owner_region__isnull=False)
                ),
                name="plan_has_one_owner",
                violation_error_message=_(
                    "En plan ägs antingen av en sjukvårdsregion eller av en region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="plan_period_in_order",
                violation_error_message=_("Sista år kan inte vara före första år."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2000, last_year__lte=2100),
                name="plan_years_plausible",
                violation_error_message=_("Planens år ska ligga mellan 2000 och 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="plan_not_its_own_parent",
                violation_error_message=_("En plan kan inte bygga på sig själv."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan-detail", args=[self.slug])

    def clean(self):
        if self.kind == self.Kind.LOCAL_PLAN and self.owner_healthcare_region_id:
            raise ValidationError(_("En lokal handlingsplan ägs av en region."), code="owner")
        if self.kind != self.Kind.LOCAL_PLAN and self.owner_region_id:
            raise ValidationError(
                _("En cancerplan eller handlingsplan ägs av en sjukvårdsregion."), code="owner"
            )
        if self.parent_id and self.parent.kind != self.Kind.CANCER_PLAN:
            raise ValidationError(
                {"parent": _("Den överordnade planen ska vara en cancerplan.")}, code="parent"
            )

    @property
    def owner(self) -> HealthcareRegion | Region:
        return self.owner_region or self.owner_healthcare_region

    @property
    def healthcare_region(self) -> HealthcareRegion:
        """The healthcare region whose RCC the plan belongs to."""
        if self.owner_region_id:
            return self.owner_region.healthcare_region
        return self.owner_healthcare_region

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


class Abbreviation(models.Model):
    """One line of the plan's own list of abbreviations (Förkortningar), in printed order."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="abbreviations", verbose_name=_("plan")
    )
    abbreviation = models.CharField(_("förkortning"), max_length=40)
    meaning = models.CharField(_("betydelse"), max_length=300)
    order = models.PositiveIntegerField(_("ordning"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("förkortning")
        verbose_name_plural = _("förkortningar")
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="abbreviation_unique_order"),
            models.UniqueConstraint(
                fields=["plan", "abbreviation"], name="abbreviation_unique_per_plan"
            ),
        ]

    def __str__(self):
        return f"{self.abbreviation} = {self.meaning}"


class Chapter(models.Model):
    """The narrative around a plan's tables (Förutsättningar, Grundläggande uppdrag …): a
    heading, an optional number and text in the Markdown subset of documents.markdown."""

    class Placement(models.TextChoices):
        BEFORE = "before", _("Före tabellerna")
        AFTER = "after", _("Efter tabellerna")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("plan")
    )
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    heading = models.CharField(_("rubrik"), max_length=300)
    text = LimitedTextField(_("text"), max_length=LONG_TEXT, blank=True)
    placement = models.CharField(
        _("placering"), max_length=10, choices=Placement.choices, default=Placement.BEFORE
    )
    order = models.PositiveIntegerField(_("ordning"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("kapitel")
        verbose_name_plural = _("kapitel")
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="chapter_unique_order"),
            models.CheckConstraint(
                condition=Q(placement__in=["before", "after"]),
                name="chapter_placement_known",
                violation_error_message=_("Ett kapitel står före eller efter tabellerna."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()

    @property
    def anchor(self) -> str:
        return f"kapitel-{self.order}"


class AreaQuerySet(models.QuerySet):
    def outline(self) -> list["Area"]:
        """These areas in order with what the plan page shows of them, in four queries.

        Each area gets goal_list, activity_count and agreement_count; each goal part_names
        and activity_list (GoalQuerySet.outline). Plain lists, not Plan.objects.with_tree():
        a prefetch makes a related manager and a queryset for every goal and relation and
        binds an IN list of every goal's id, which at 300 goals costs more than the queries.
        """
        areas = list(self.order_by("order"))
        goals_of = defaultdict(list)
        for goal in Goal.objects.filter(area__in=self).outline():
            goals_of[goal.area_id].append(goal)
        for area in areas:
            area.goal_list = goals_of[area.pk]
            area_activities = [a for goal in area.goal_list for a in goal.activity_list]
            area.activity_count = len(area_activities)
            area.agreement_count = sum(a.from_agreement for a in area_activities)
        return areas


class Area(models.Model):
    """A målområde: one numbered table of an action plan."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("plan")
    )
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("område"), max_length=300)
    overall_goal = LimitedTextField(_("övergripande mål"), max_length=GOAL_TEXT, blank=True)
    order = models.PositiveIntegerField(_("ordning"))

    history = HistoricalRecords()
    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="area_unique_order"),
            models.UniqueConstraint(fields=["plan", "title"], name="area_unique_title"),
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=~Q(number=""),
                name="area_unique_number",
                violation_error_message=_("Två områden i planen kan inte ha samma nummer."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    # Both read the prefetched goals and activities of Plan.objects.with_tree().
    @property
    def has_activities(self) -> bool:
        return any(goal.activities.all() for goal in self.goals.all())

    @property
    def has_agreement_rows(self) -> bool:
        return any(
            activity.from_agreement
            for goal in self.goals.all()
            for activity in goal.activities.all()
        )


class GoalQuerySet(models.QuerySet):
    def outline(self) -> list["Goal"]:
        """These goals in order, each with part_names and activity_list and the cancer plan goal
        it concretises (parent_goal, with its area), in three queries (see AreaQuerySet.outline).
        """
        goals = list(self.select_related("parent_goal__area").order_by("order"))
        part_names = GoalPart.objects.filter(goal__in=self).names_by_goal()
        activities = defaultdict(list)
        for activity in Activity.objects.filter(goal__in=self).order_by("order"):
            activities[activity.goal_id].append(activity)
        for goal in goals:
            goal.part_names = part_names[goal.pk]
            goal.activity_list = activities[goal.pk]
        return goals

    def for_plan(self, plan: "Plan"):
        """The plan's goals in plan order, with their area. Not with their parts: those who
        need them read GoalPart.objects.names_by_goal(), as rows (see AreaQuerySet.outline)."""
        return self.filter(area__plan=plan).select_related("area").order_by("area__order", "order")


class Goal(models.Model):
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="goals", verbose_name=_("område")
    )
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    text = LimitedTextField(_("mål"), max_length=GOAL_TEXT)
    order = models.PositiveIntegerField(_("ordning"))
    parent_goal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_goals",
        verbose_name=_("mål i överordnad plan"),
        help_text=_("Det mål i cancerplanen som detta mål konkretiserar."),
    )
    current_state = LimitedTextField(
        _("nuläge"),
        max_length=CELL_TEXT,
        blank=True,
        help_text=_("Nuläget när den lokala planen skrevs."),
    )

    history = HistoricalRecords()
    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["area", "order"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(fields=["area", "order"], name="goal_unique_order"),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="goal_text_not_empty",
                violation_error_message=_("Målet behöver en text."),
            ),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.number} {text}" if self.number else text


class GoalPartQuerySet(models.QuerySet):
    def names_by_goal(self) -> defaultdict[int, list[str]]:
        """Goal id -> the names of its parts in order, in one query."""
        names = defaultdict(list)
        for goal_id, name in self.order_by("goal_id", "order").values_list("goal_id", "name"):
            names[goal_id].append(name)
        return names


class GoalPart(models.Model):
    """A named part of a goal that is judged separately, e.g. SVF inclusion and lead times."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="parts", verbose_name=_("mål")
    )
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"))

    history = HistoricalRecords()
    objects = GoalPartQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "order"]
        verbose_name = _("måldel")
        verbose_name_plural = _("måldelar")
        constraints = [
            models.UniqueConstraint(fields=["goal", "order"], name="goalpart_unique_order"),
            models.UniqueConstraint(fields=["goal", "name"], name="goalpart_unique_name"),
        ]

    def __str__(self):
        return self.name


class Activity(models.Model):
    """One row of an action-plan table. The text columns are kept exactly as written."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("mål")
    )
    what = LimitedTextField(_("Vad ska göras?"), max_length=CELL_TEXT)
    how = LimitedTextField(_("Hur?"), max_length=CELL_TEXT, blank=True)
    who = LimitedTextField(_("Vem?"), max_length=CELL_TEXT, blank=True)
    when = LimitedTextField(_("När?"), max_length=CELL_TEXT, blank=True)
    follow_up = LimitedTextField(_("Uppföljning"), max_length=CELL_TEXT, blank=True)
    responsible = LimitedTextField(_("Ansvarig"), max_length=CELL_TEXT, blank=True)
    timeframe = LimitedTextField(_("Tidsram"), max_length=TIMEFRAME_TEXT, blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("från år"), null=True, blank=True, help_text=_("Tolkat ur tidsramen.")
    )
    last_year = models.PositiveSmallIntegerField(
        _("till år"), null=True, blank=True, help_text=_("Tolkat ur tidsramen.")
    )
    from_agreement = models.BooleanField(
        _("från överenskommelsen"),
        default=False,
        help_text=_("Stjärnmarkerad rad: kommer från överenskommelsen mellan staten och SKR."),
    )
    who_bodies = models.ManyToManyField(
        Body, blank=True, related_name="activities_doing", verbose_name=_("organ som utför")
    )
    responsible_bodies = models.ManyToManyField(
        Body, blank=True, related_name="activities_responsible", verbose_name=_("ansvariga organ")
    )
    order = models.PositiveIntegerField(_("ordning"))

    # The body links are derived from the who/responsible text, whose history is kept.
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "order"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["goal", "order"], name="activity_unique_order"),
            models.CheckConstraint(
                condition=~Q(what=""),
                name="activity_what_not_empty",
                violation_error_message=_("Aktiviteten behöver en text under «Vad ska göras?»."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True, last_year__isnull=True)
                | Q(last_year__gte=F("first_year")),
                name="activity_years_in_order",
                violation_error_message=_("Tidsramens sista år kan inte vara före dess första år."),
            ),
        ]

    def __str__(self):
        return self.what if len(self.what) <= 80 else self.what[:79] + "…"
