from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("användarkonto"),
        help_text=_("Personens konto i Cancerplan, om hen har ett."),
    )

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
    def in_rcc(self, healthcare_region: "HealthcareRegion"):
        """The RCC's own roles and those of its regions."""
        return self.filter(
            Q(healthcare_region=healthcare_region) | Q(region__healthcare_region=healthcare_region)
        )

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
    history = HistoricalRecords()

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

    @property
    def rcc_id(self) -> int:
        """The RCC the role belongs to: its own, or its region's."""
        return self.healthcare_region_id or self.region.healthcare_region_id

    @property
    def scope(self):
        return self.region or self.healthcare_region


class RoleChangeQuerySet(models.QuerySet):
    def for_rcc(self, healthcare_region: HealthcareRegion):
        return (
            self.filter(healthcare_region=healthcare_region)
            .select_related("user", "invitation", "region", "by")
            .order_by("-at", "-pk")
        )


class RoleChange(models.Model):
    """One change of someone's roles at an RCC: the log shown on the RCC's people page."""

    class Action(models.TextChoices):
        INVITED = "invited", _("inbjuden")
        GRANTED = "granted", _("roll tillagd")
        REMOVED = "removed", _("roll borttagen")
        DEACTIVATED = "deactivated", _("inaktiverad")
        REACTIVATED = "reactivated", _("aktiverad igen")

    at = models.DateTimeField(_("när"), default=timezone.now)
    action = models.CharField(_("ändring"), max_length=20, choices=Action.choices)
    # The person: their account, or (before they have one) the invitation that names them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_changes",
        verbose_name=_("person"),
    )
    invitation = models.ForeignKey(
        "Invitation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_changes",
        verbose_name=_("inbjudan"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Membership.Role.choices, blank=True)
    # The RCC whose log the change belongs to, and for region roles the region.
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="role_changes",
        verbose_name=_("RCC"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_changes",
        verbose_name=_("region"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av"),
    )

    objects = RoleChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("rolländring")
        verbose_name_plural = _("rolländringar")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(invitation__isnull=False),
                name="role_change_names_a_person",
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.get_action_display()}: {self.person_name}"

    @property
    def person_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.email or self.user.username
        return self.invitation.name or self.invitation.email


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed, one-time invitation to a role. Only a hash of the link's token is kept."""

    VALID_FOR_DAYS = 7

    email = models.EmailField(_("e-post"))
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=20, choices=Membership.Role.choices)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("RCC"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("region"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("person i registret"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    expires_at = models.DateTimeField(_("giltig till"))
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("konto"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=["reporter", "planner"], region__isnull=False)
                    | Q(role__in=["coordinator", "reader"], region__isnull=True)
                ),
                name="invitation_scope_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def get_role_display_with_scope(self) -> str:
        return f"{self.get_role_display()}, {self.region or self.healthcare_region.rcc_name}"
