"""What each notification says: its subject, plain text and the link to the page concerned.

The mails the follow-up and meetings wrote before this app (a returned report, a deadline
reminder, an agenda) keep their own texts (followup.services, meetings.services.sending).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from followup.models import FollowUpRound, PublishedReport, RegionReport
from followup.services.reminders import reminder_body, reminder_subject
from followup.services.reports import return_body, return_subject
from meetings.models import Decision, Meeting


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    url: str  # the page concerned, absolute
    link_label: str


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(subject: str, text: str, path: str, link_label: str) -> Message:
    return Message(subject=subject, text=text, url=site_url(path), link_label=link_label)


def _date(value: date) -> str:
    return formats.date_format(value, "j F Y")


def round_opened(round: FollowUpRound, report: RegionReport):
    rcc = round.plan.healthcare_region.rcc_name
    path = report.get_absolute_url()
    text = _(
        "Hej!\n\n%(round)s har öppnat. Fyll i %(region)s rapport och skicka in den senast "
        "%(deadline)s.\n\nRapporten finns här:\n%(url)s\n\nHälsningar\n%(rcc)s"
    ) % {
        "round": round,
        "region": report.region,
        "deadline": _date(round.deadline),
        "url": site_url(path),
        "rcc": rcc,
    }
    subject = _("%(round)s har öppnat – sista dag %(deadline)s") % {
        "round": round,
        "deadline": _date(round.deadline),
    }
    return _message(subject, text, path, _("Fyll i rapporten"))


def report_submitted(report: RegionReport, assessed: int, total: int):
    round = report.round
    path = reverse("followup:region-report", args=[round.pk, report.region.code])
    subject = _("%(region)s har skickat in sin rapport för %(round)s") % {
        "region": report.region,
        "round": round,
    }
    text = _(
        "Hej!\n\n%(region)s har skickat in sin rapport för %(round)s, med %(assessed)s av "
        "%(total)s mål bedömda.\n\nGranska rapporten här:\n%(url)s"
    ) % {
        "region": report.region,
        "round": round,
        "assessed": assessed,
        "total": total,
        "url": site_url(path),
    }
    return _message(subject, text, path, _("Granska rapporten"))


def report_returned(report: RegionReport, user):
    return _message(
        return_subject(report),
        return_body(report, user),
        report.get_absolute_url(),
        _("Ändra rapporten"),
    )


def round_published(round: FollowUpRound, version: PublishedReport):
    path = round.get_absolute_url()
    subject = _("%(round)s är publicerad") % {"round": round}
    text = _(
        "Hej!\n\n%(rcc)s har publicerat %(round)s (version %(number)s).\n\n"
        "Läs rapporten här:\n%(url)s\n\nHälsningar\n%(rcc)s"
    ) % {
        "rcc": round.plan.healthcare_region.rcc_name,
        "round": round,
        "number": version.number,
        "url": site_url(path),
    }
    return _message(subject, text, path, _("Läs rapporten"))


def deadline_reminder(report: RegionReport, today: date):
    return _message(
        reminder_subject(report, today),
        reminder_body(report, today),
        report.get_absolute_url(),
        _("Fyll i rapporten"),
    )


def agenda_sent(meeting: Meeting, subject: str, body: str):
    return _message(subject, body, reverse("meetings:meeting-list"), _("Styrgruppens möten"))


def decision_due(decision: Decision, today: date):
    meeting = decision.item.meeting
    group = meeting.group
    path = reverse("meetings:group-decisions", args=[group.pk])
    if decision.due_on:
        late = decision.due_on < today
        when = (_("skulle ha varit klart %(date)s") if late else _("ska vara klart %(date)s")) % {
            "date": _date(decision.due_on)
        }
    elif getattr(decision, "next_meeting_on", None):
        when = _("ska återkopplas vid nästa möte, %(date)s") % {
            "date": _date(decision.next_meeting_on)
        }
    else:
        when = _("ska återkopplas vid nästa möte")
    subject = _("Beslut att följa upp: %(text)s") % {"text": decision.text[:60]}
    text = _(
        "Hej!\n\nDu är ansvarig för ett beslut från %(group)s möte %(date)s, punkt %(number)s, "
        "som %(when)s:\n\n%(text)s\n\nStyrgruppens beslut finns här:\n%(url)s\n\n"
        "Hälsningar\n%(rcc)s"
    ) % {
        "group": group.name,
        "date": _date(meeting.date),
        "number": decision.item.number,
        "when": when,
        "text": decision.text,
        "url": site_url(path),
        "rcc": group.healthcare_region.rcc_name,
    }
    return _message(subject, text, path, _("Se besluten"))
