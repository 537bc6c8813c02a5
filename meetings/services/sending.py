"""Mailing a coming meeting's agenda to the group's members, once per meeting and member."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import AgendaItem, AgendaSending, Decision, Meeting, Member, Presenter
from ..selectors import decisions_due_at
from ..signals import agenda_sent

MAX_DAYS = 365


@dataclass
class AgendaSendingResult:
    meetings: list[Meeting] = field(default_factory=list)
    sent: list[AgendaSending] = field(default_factory=list)
    # members who should have had the agenda but have no e-mail address in the registry
    without_email: list[tuple[Meeting, Member]] = field(default_factory=list)


@transaction.atomic
def meeting_agendas_send(*, days: int, today: date | None = None) -> AgendaSendingResult:
    """Mail the agenda of every planned meeting in the next `days` days to the group's members.

    1. The meetings: planned, dated from today up to and including today + `days`.
    2. Per meeting, the members who have not had its agenda: each with an e-mail address is
       recorded as sent and told to the listeners of meetings.signals.agenda_sent (the
       notifications app queues the mail for the worker), in this transaction, so that the
       mail goes only if the sending is recorded; one without an address is reported.
    A member who joins, or gets an address, later gets the agenda on the next run; nobody
    gets it twice, however often this runs.
    """
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(
            _("Ange ett antal dagar mellan 0 och %(max)s; %(days)s går inte.")
            % {"max": MAX_DAYS, "days": days}
        )
    today = today or timezone.localdate()
    result = AgendaSendingResult()
    meetings = Meeting.objects.filter(
        state=Meeting.State.PLANNED, date__gte=today, date__lte=today + timedelta(days=days)
    ).select_related("group__healthcare_region")
    for meeting in meetings.order_by("date", "pk"):
        result.meetings.append(meeting)
        _send(meeting, result)
    return result


def _send(meeting: Meeting, result: AgendaSendingResult) -> None:
    already = set(meeting.agenda_sendings.values_list("member_id", flat=True))
    members = meeting.group.members.select_related("person").exclude(pk__in=already)
    subject = body = None
    for member in members.order_by("person__name", "pk"):
        email = member.person.email
        if not email:
            result.without_email.append((meeting, member))
            continue
        sending, created = AgendaSending.objects.get_or_create(
            meeting=meeting, member=member, defaults={"email": email}
        )
        if not created:  # another run sent it meanwhile
            continue
        if body is None:
            subject, body = agenda_subject(meeting), agenda_body(meeting)
        # Mailed by whoever listens (the notifications app), in this transaction: only if the
        # sending is recorded.
        agenda_sent.send(
            sender=Meeting, meeting=meeting, member=member, email=email, subject=subject, body=body
        )
        result.sent.append(sending)


def _date(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _when(meeting: Meeting) -> str:
    """As the meeting pages write it: "18 september 2025 kl. 8.00–12.00", "20–21 november 2025"."""
    if meeting.end_date:
        first = "j" if meeting.end_date.month == meeting.date.month else "j F"
        text = f"{formats.date_format(meeting.date, first)}–{_date(meeting.end_date)}"
    else:
        text = _date(meeting.date)
    if meeting.starts_at:
        text += " " + _("kl.") + f" {meeting.starts_at.hour}.{meeting.starts_at:%M}"
        if meeting.ends_at:
            text += f"–{meeting.ends_at.hour}.{meeting.ends_at:%M}"
    return text


def agenda_subject(meeting: Meeting) -> str:
    return _("Dagordning: %(group)s %(date)s") % {
        "group": meeting.group.name,
        "date": _date(meeting.date),
    }


def _agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.order_by("number").prefetch_related(
            Prefetch(
                "presenter_links",
                queryset=Presenter.objects.select_related("person").order_by("order", "pk"),
            )
        )
    )


def _item_line(item: AgendaItem) -> str:
    details = [item.get_kind_display()]
    presenters = [link.person.name for link in item.presenter_links.all()]
    if presenters:
        details.append(_("föredragande: %(names)s") % {"names": ", ".join(presenters)})
    if item.planned_minutes:
        details.append(_("%(n)s min") % {"n": item.planned_minutes})
    return f"{item.number}. {item.title} ({'; '.join(details)})"


def _decision_line(decision: Decision) -> str:
    responsible = decision.responsible or (
        decision.responsible_person.name if decision.responsible_person else ""
    )
    origin = _("beslut %(date)s, punkt %(number)s") % {
        "date": _date(decision.item.meeting.date),
        "number": decision.item.number,
    }
    if responsible:
        origin = _("ansvarig: %(who)s; %(origin)s") % {"who": responsible, "origin": origin}
    return f"- {decision.text} ({origin})"


def agenda_body(meeting: Meeting) -> str:
    """The agenda as plain text: when and where, the items, the decisions to report back on,
    and the links to the group's meetings and to proposing an item."""
    site = settings.SITE_URL.rstrip("/")
    lines = [
        _("Hej!"),
        "",
        _("Här är dagordningen för %(group)s.") % {"group": meeting.group.name},
        "",
        _("Datum: %(when)s") % {"when": _when(meeting)},
        _("Mötesform: %(kind)s") % {"kind": meeting.get_kind_display()},
    ]
    if meeting.place:
        lines.append(_("Plats: %(place)s") % {"place": meeting.place})
    if meeting.link:
        lines.append(_("Länk: %(link)s") % {"link": meeting.link})
    lines += ["", _("Dagordning")]
    items = [_item_line(item) for item in _agenda_items(meeting)]
    lines += items or [_("Dagordningen har inga punkter ännu.")]
    decisions = [_decision_line(decision) for decision in decisions_due_at(meeting)]
    if decisions:
        lines += ["", _("Återkoppling från förra mötet"), *decisions]
    lines += [
        "",
        # Not the meeting's page: members read a meeting once it is held.
        _("Styrgruppens möten och protokoll:"),
        site + reverse("meetings:meeting-list"),
        "",
        _("Vill du ta upp något? Föreslå en punkt till dagordningen:"),
        site + reverse("meetings:meeting-proposals", args=[meeting.pk]),
        "",
        _("Hälsningar"),
        meeting.group.healthcare_region.rcc_name,
    ]
    return "\n".join(lines) + "\n"
