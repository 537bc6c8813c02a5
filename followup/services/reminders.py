"""Reminders to the regions that have not submitted as the deadline nears."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Membership

from ..models import RegionReport, Reminder
from ..signals import deadline_reminder
from .base import State

MAX_DAYS = 365


@transaction.atomic
def reminders_send(*, days: int, today: date | None = None) -> list[Reminder]:
    """Mail the reporters of every region that has not submitted to a round closing soon.

    A round counts when it is open and its deadline is less than `days` days away or past.
    A region is reminded at most once a day, however often this runs.
    """
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(
            _("Ange ett antal dagar mellan 0 och %(max)s; %(days)s går inte.")
            % {"max": MAX_DAYS, "days": days}
        )
    today = today or timezone.localdate()
    reports = RegionReport.objects.filter(
        round__state=State.OPEN,
        round__deadline__lt=today + timedelta(days=days),
        state__in=RegionReport.EDITABLE,
    ).select_related("round__plan", "region")
    sent = []
    for report in reports:
        recipients = Membership.objects.reporter_emails(report.region)
        reminder, created = Reminder.objects.get_or_create(
            round=report.round,
            region=report.region,
            sent_on=today,
            defaults={"recipients": ", ".join(recipients)},
        )
        if not created:
            continue
        # The reporters are mailed by whoever listens (the notifications app), in this
        # transaction: only if the reminder is recorded.
        deadline_reminder.send(sender=RegionReport, report=report, reminder=reminder, today=today)
        sent.append(reminder)
    return sent


def reminder_subject(report: RegionReport, today: date) -> str:
    round = report.round
    if round.deadline < today:
        return _("Påminnelse: uppföljningen %(year)s är försenad") % {"year": round.year}
    return _("Påminnelse: uppföljningen %(year)s ska vara inskickad senast %(deadline)s") % {
        "year": round.year,
        "deadline": round.deadline.strftime("%Y-%m-%d"),
    }


def reminder_body(report: RegionReport, today: date) -> str:
    round = report.round
    url = settings.SITE_URL.rstrip("/") + report.get_absolute_url()
    return _(
        "Hej!\n\n%(region)s har ännu inte skickat in sin rapport för %(round)s.\n"
        "Sista dag är %(deadline)s.\n\nFyll i och skicka in rapporten här:\n%(url)s\n\n"
        "Hälsningar\n%(rcc)s"
    ) % {
        "region": report.region,
        "round": round,
        "deadline": round.deadline.strftime("%Y-%m-%d"),
        "url": url,
        "rcc": round.plan.healthcare_region.rcc_name,
    }
