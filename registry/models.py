from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HealthcareRegionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class HealthcareRegion(models.Model):
    """A sjukvårdsregion, with its regional cancer centre (RCC)."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    rcc_name = models.CharField(_("RCC"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = HealthcareRegionManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("sjukvårdsregion")
        verbose_name_plural = _("sjukvårdsregioner")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class RegionQuerySet(models.QuerySet):
    def with_healthcare_region(self):
        return self.select_related("healthcare_region")


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Region(models.Model):
    """One of the 21 regions (county councils)."""

    code = models.CharField(_("kod"), max_length=10, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="regions",
        verbose_name=_("sjukvårdsregion"),
    )

    objects = RegionManager()

    class Meta:
        ordering = ["healthcare_region__order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["registry.healthcareregion"]


class BodyQuerySet(models.QuerySet):
    def usable_in(self, healthcare_region: HealthcareRegion | None):
        """Bodies a plan of this healthcare region may name: its own and the national ones."""
        scope = Q(healthcare_region__isnull=True)
        if healthcare_region is not None:
            scope |= Q(healthcare_region=healthcare_region)
        return self.filter(scope)


class BodyManager(models.Manager.from_queryset(BodyQuerySet)):
    def get_by_natural_key(self, abbreviation, healthcare_region_code=None):
        return self.get(abbreviation=abbreviation, healthcare_region__code=healthcare_region_code)


class Body(models.Model):
    """A body or role that plans name as who or responsible, e.g. SG = RCC styrgrupp."""

    abbreviation = models.CharField(_("förkortning"), max_length=20)
    name = models.CharField(_("namn"), max_length=200)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("sjukvårdsregion"),
        help_text=_("Lämna tomt för ett nationellt organ."),
    )

    objects = BodyManager()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("organ eller roll")
        verbose_name_plural = _("organ och roller")
        constraints = [
            models.UniqueConstraint(
                fields=["abbreviation", "healthcare_region"],
                name="body_unique_abbreviation_per_healthcare_region",
            ),
            models.UniqueConstraint(
                fields=["abbreviation"],
                condition=Q(healthcare_region__isnull=True),
                name="body_unique_national_abbreviation",
                violation_error_message=_(
                    "Det finns redan ett nationellt organ med den förkortningen."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.abbreviation} – {self.name}"

    def natural_key(self):
        code = self.healthcare_region.code if self.healthcare_region_id else None
        return (self.abbreviation, code)

    natural_key.dependencies = ["registry.healthcareregion"]


class Person(models.Model):
    """Someone named in plans and minutes; not necessarily a user of the application."""

    name = models.CharField(_("namn"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("region"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("För den som inte företräder en region, t.ex. ett universitet eller PNR."),
    )
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False) | ~Q(organisation=""),
                name="person_has_region_or_organisation",
                violation_error_message=_("Ange personens region eller organisation."),
            ),
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def reporters_for(self, region: "Region"):
        return self.filter(role=Membership.Role.REPORTER, region=region)

    def reporter_emails(self, region: "Region") -> list[str]:
        """The e-mail addresses of the region's active reporters, for the mails to them."""
        return list(
            self.reporters_for(region)
            .filter(user__is_active=True)
            .exclude(user__email="")
            .order_by("user__email")
            .values_list("user__email", flat=True)
            .distinct()
        )


class Membership(models.Model):
    """A user's role: coordinator or reader at an RCC, or reporter or planner for one region."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Samordnare vid RCC")
        REPORTER = "reporter", _("Rapportör för region")
        PLANNER = "planner", _("Planerare för region")
        READER = "reader", _("Läsare i styrgruppen")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("sjukvårdsregion"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [
            # Reporters and planners belong to one region; coordinators and readers to an RCC.
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=["reporter", "planner"],
                        region__isnull=False,
                        healthcare_region__isnull=True,
                    )
                    | Q(
                        role__in=["coordinator", "reader"],
                        region__isnull=True,
                        healthcare_region__isnull=False,
                    )
                ),
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "En rapportör eller planerare hör till en region; en samordnare eller läsare "
                    "hör till ett RCC."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "healthcare_region"],
                condition=Q(region__isnull=True),
                name="membership_unique_rcc_role",
                violation_error_message=_("Användaren har redan den rollen vid detta RCC."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(healthcare_region__isnull=True),
                name="membership_unique_region_role",
                violation_error_message=_("Användaren har redan den rollen för denna region."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.region or self.healthcare_region}"
