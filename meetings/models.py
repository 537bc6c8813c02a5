"""Steering-group meetings: the group and its members, meetings, attendance, agenda items with
their minutes, decisions and the closing summary.

People are registry's Persons: someone named in the minutes need not be a user, and a person
invited for one item need not be a member.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.fields import LimitedTextField
from plans.models import Goal
from registry.models import Body, HealthcareRegion, Person

TEXT_MAX = 20_000  # an item's minutes: the longest in the seed is about 2,500 characters
SHORT_TEXT_MAX = 2_000


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class SteeringGroupQuerySet(models.QuerySet):
    def for_healthcare_regions(self, ids):
        return self.filter(healthcare_region_id__in=ids)


class SteeringGroup(models.Model):
    """An RCC's steering group (or another body that meets), with the RCC whose people run it."""

    name = models.CharField(_("namn"), max_length=200)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="steering_groups",
        verbose_name=_("sjukvårdsregion"),
        help_text=_("Det RCC vars samordnare förbereder mötena."),
    )
    body = models.OneToOneField(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_group",
        verbose_name=_("organ i registret"),
        help_text=_("Organet som planerna kallar t.ex. SG."),
    )
    feed_token = models.CharField(
        _("nyckel för kalenderprenumeration"),
        max_length=64,
        unique=True,
        default=new_feed_token,
        editable=False,
        help_text=_("Den hemliga delen av prenumerationsadressen; byts när den har spridits."),
    )

    history = HistoricalRecords(excluded_fields=["feed_token"])
    objects = SteeringGroupQuerySet.as_manager()

    class Meta:
        ordering = ["healthcare_region__order", "name"]
        verbose_name = _("styrgrupp")
        verbose_name_plural = _("styrgrupper")
        constraints = [
            models.UniqueConstraint(
                fields=["healthcare_region", "name"],
                name="steeringgroup_unique_name_per_healthcare_region",
                violation_error_message=_("Det finns redan en grupp med det namnet vid detta RCC."),
            ),
        ]

    def __str__(self):
        return self.name


class Member(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        MEMBER = "member", _("Ledamot")
        ADJUNCT = "adjunct", _("Adjungerad")

    group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("grupp")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "person__name"]
        verbose_name = _("ledamot")
        verbose_name_plural = _("ledamöter")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                name="member_unique_person_per_group",
                violation_error_message=_("Personen är redan med i gruppen."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["chair", "member", "adjunct"]),
                name="member_role_valid",
                violation_error_message=_("Välj ordförande, ledamot eller adjungerad."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"


class MeetingQuerySet(models.QuerySet):
    def for_group(self, group: SteeringGroup):
        return self.filter(group=group)

    def upcoming_after(self, meeting: "Meeting"):
        return self.filter(group_id=meeting.group_id, date__gt=meeting.date).order_by("date")


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Möte")
        DIGITAL = "digital", _("Digitalt möte")
        RESIDENTIAL = "residential", _("Internat")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        HELD = "held", _("Genomfört")
        APPROVED = "approved", _("Protokoll justerat")

    group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("grupp")
    )
    date = models.DateField(_("datum"))
    end_date = models.DateField(
        _("slutdatum"), null=True, blank=True, help_text=_("För möten över flera dagar.")
    )
    starts_at = models.TimeField(_("starttid"), null=True, blank=True)
    ends_at = models.TimeField(_("sluttid"), null=True, blank=True)
    kind = models.CharField(_("mötesform"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    link = models.URLField(_("länk"), max_length=500, blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("ordförande"),
    )
    note_taker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_noted",
        verbose_name=_("anteckningar"),
    )
    adjuster = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_adjusted",
        verbose_name=_("justerare"),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.PLANNED
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-date"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "date"],
                name="meeting_unique_date_per_group",
                violation_error_message=_("Gruppen har redan ett möte den dagen."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["meeting", "digital", "residential"]),
                name="meeting_kind_valid",
                violation_error_message=_("Välj möte, digitalt möte eller internat."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["planned", "held", "approved"]),
                name="meeting_state_valid",
                violation_error_message=_("Okänd status för mötet."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("date")),
                name="meeting_end_date_after_date",
                violation_error_message=_("Slutdatumet ska vara efter mötets första dag."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(end_date__isnull=False)
                | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Sluttiden ska vara efter starttiden."),
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.pk])

    @property
    def has_minutes(self) -> bool:
        return self.state != self.State.PLANNED


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Närvarande")
        REMOTE = "remote", _("På länk")
        ABSENT = "absent", _("Frånvarande")
        INVITED = "invited", _("Särskilt kallad")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("möte")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    status = models.CharField(_("närvaro"), max_length=20, choices=Status.choices)
    topic = models.CharField(
        _("ämne"),
        max_length=300,
        blank=True,
        help_text=_("För särskilt kallade: punkten eller ämnet de kallades för."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_unique_person_per_meeting",
                violation_error_message=_("Personens närvaro är redan registrerad för mötet."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "remote", "absent", "invited"]),
                name="attendance_status_valid",
                violation_error_message=_(
                    "Välj närvarande, på länk, frånvarande eller särskilt kallad."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="invited") | Q(topic=""),
                name="attendance_topic_only_for_invited",
                violation_error_message=_("Bara en särskilt kallad har ett ämne."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"

    @property
    def attends(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.REMOTE)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Diskussion")
        DECISION = "decision", _("Beslut")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("möte")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("rubrik"), max_length=300)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planerade minuter"), null=True, blank=True
    )
    text = LimitedTextField(_("protokolltext"), max_length=TEXT_MAX, blank=True)
    discussion_points = LimitedTextField(
        _("diskussionspunkter"), max_length=SHORT_TEXT_MAX, blank=True
    )
    discussion_summary = LimitedTextField(
        _("sammanfattning av diskussion"), max_length=SHORT_TEXT_MAX, blank=True
    )
    presenters = models.ManyToManyField(
        Person,
        through="Presenter",
        related_name="items_presented",
        verbose_name=_("föredragande"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_unique_number_per_meeting",
                violation_error_message=_("Mötet har redan en punkt med det numret."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="agendaitem_number_positive",
                violation_error_message=_("Punkterna numreras från 1."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["information", "discussion", "decision"]),
                name="agendaitem_kind_valid",
                violation_error_message=_("Välj information, diskussion eller beslut."),
            ),
            models.CheckConstraint(
                condition=Q(planned_minutes__isnull=True) | Q(planned_minutes__gte=1),
                name="agendaitem_planned_minutes_positive",
                violation_error_message=_("Planerad tid anges i hela minuter, minst 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Presenter(models.Model):
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="presenter_links",
        verbose_name=_("punkt"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("föredragande")
        verbose_name_plural = _("föredragande")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"],
                name="presenter_unique_person_per_item",
                violation_error_message=_("Personen är redan föredragande för punkten."),
            ),
        ]

    def __str__(self):
        return str(self.person)


class Decision(models.Model):
    """A decision (Beslut) of an item; open until it is marked done where it was followed up."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("punkt")
    )
    text = LimitedTextField(_("beslut"), max_length=SHORT_TEXT_MAX)
    responsible = models.CharField(
        _("ansvarig"),
        max_length=300,
        blank=True,
        help_text=_('Som protokollet skriver det, t.ex. "Styrgruppens representanter".'),
    )
    responsible_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("ansvarig person"),
        help_text=_("När en enskild person ansvarar: hon eller han får påminnelsen."),
    )
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    due_next_meeting = models.BooleanField(_("återkoppling vid nästa möte"), default=False)
    done_on = models.DateField(_("klart"), null=True, blank=True)
    followed_up_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_followed_up",
        verbose_name=_("återkopplat vid möte"),
    )
    done_note = LimitedTextField(_("anteckning"), max_length=SHORT_TEXT_MAX, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_next_meeting=False),
                name="decision_due_date_or_next_meeting",
                violation_error_message=_("Ange antingen ett datum eller nästa möte, inte båda."),
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=False) | Q(followed_up_at__isnull=True, done_note=""),
                name="decision_follow_up_only_when_done",
                violation_error_message=_(
                    "Ett öppet beslut har ingen återkoppling; ange när det blev klart."
                ),
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True)
                | Q(followed_up_at__isnull=False)
                | ~Q(done_note=""),
                name="decision_done_records_follow_up",
                violation_error_message=_(
                    "Ange vid vilket möte beslutet återkopplades, eller en anteckning."
                ),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class SummaryPoint(models.Model):
    """One point of the meeting's closing summary (Sammanfattning)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="summary_points", verbose_name=_("möte")
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    text = LimitedTextField(_("text"), max_length=SHORT_TEXT_MAX)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("sammanfattningspunkt")
        verbose_name_plural = _("sammanfattningspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="summarypoint_unique_order_per_meeting",
                violation_error_message=_("Mötet har redan en punkt på den platsen."),
            ),
        ]

    def __str__(self):
        return self.text[:80]


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# What a steering group attaches: PDFs, Office documents (and their OpenDocument kin), images.
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random directory: names people chose never collide and never reveal one another.
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(8)}/{filename}"


class Attachment(models.Model):
    """A file attached to a meeting (bilaga), optionally to one of its items."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("möte")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("punkt"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=300)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek i byte"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "uploaded_at", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=ATTACHMENT_MAX_BYTES),
                name="attachment_size_within_limit",
                violation_error_message=_("Filen är större än 20 MB."),
            ),
        ]

    def __str__(self):
        return self.title


class ProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=AgendaProposal.State.PROPOSED)


class AgendaProposal(models.Model):
    """A member's proposal for a coming meeting's agenda ("Till nästa gång vill jag");
    the coordinator accepts it as an item or declines it with a reason."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        ACCEPTED = "accepted", _("Antagen")
        DECLINED = "declined", _("Avböjd")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("möte")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    description = LimitedTextField(_("beskrivning"), max_length=SHORT_TEXT_MAX, blank=True)
    kind = models.CharField(
        _("typ"), max_length=20, choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.DISCUSSION
    )
    planned_minutes = models.PositiveSmallIntegerField(
        _("önskad tid i minuter"), null=True, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agenda_proposals",
        verbose_name=_("föreslagen av"),
    )
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decline_reason = LimitedTextField(_("skäl"), max_length=SHORT_TEXT_MAX, blank=True)
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("blev punkt"),
    )

    history = HistoricalRecords()
    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "proposed_at", "pk"]
        verbose_name = _("förslag till dagordning")
        verbose_name_plural = _("förslag till dagordning")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "accepted", "declined"]),
                name="agendaproposal_state_valid",
                violation_error_message=_("Okänd status för förslaget."),
            ),
            models.CheckConstraint(
                condition=Q(state="proposed", decided_at__isnull=True)
                | Q(state__in=["accepted", "declined"], decided_at__isnull=False),
                name="agendaproposal_decided_when_not_proposed",
                violation_error_message=_("Ett antaget eller avböjt förslag har ett beslutsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(state="declined") | Q(decline_reason=""),
                name="agendaproposal_reason_only_when_declined",
                violation_error_message=_("Bara ett avböjt förslag har ett skäl."),
            ),
            models.CheckConstraint(
                condition=Q(planned_minutes__isnull=True) | Q(planned_minutes__gte=1),
                name="agendaproposal_planned_minutes_positive",
                violation_error_message=_("Tiden anges i hela minuter, minst 1."),
            ),
        ]

    def __str__(self):
        return self.title


class AgendaSending(models.Model):
    """That a meeting's agenda was mailed to a member: sent once per meeting and member,
    whatever how often the sending command runs."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_sendings", verbose_name=_("möte")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="agenda_sendings", verbose_name=_("ledamot")
    )
    email = models.EmailField(_("e-post"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "sent_at"]
        verbose_name = _("utskickad dagordning")
        verbose_name_plural = _("utskickade dagordningar")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="agendasending_once_per_member",
                violation_error_message=_("Dagordningen är redan skickad till ledamoten."),
            ),
        ]

    def __str__(self):
        return f"{self.meeting} → {self.email}"


class PresenceGoal(models.Model):
    """A cancer-plan goal that the group's presence answers (Norr's 6.5: at least 90 %
    presence in the steering group); follow-up shows the computed presence beside it."""

    group = models.ForeignKey(
        SteeringGroup,
        on_delete=models.CASCADE,
        related_name="presence_goals",
        verbose_name=_("grupp"),
    )
    goal = models.OneToOneField(
        Goal, on_delete=models.CASCADE, related_name="presence_link", verbose_name=_("mål")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål som mäts med närvaron")
        verbose_name_plural = _("mål som mäts med närvaron")

    def __str__(self):
        return f"{self.goal} ← {self.group}"
