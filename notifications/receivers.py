"""The notifications of the follow-up's and meetings' events (connected in
NotificationsConfig.ready). Each runs inside the sending service's transaction."""

from followup.models import Assessment
from registry.models import Membership

from . import messages
from .models import Kind
from .services import Recipient, active_users, notification_send, users_as_recipients

Role = Membership.Role


def _reporters(region_ids):
    return active_users(memberships__role=Role.REPORTER, memberships__region__in=region_ids)


def round_opened(sender, round, event, **kwargs):
    """Each participating region's reporters: the deadline and the link to their form."""
    reports = round.reports.select_related("region", "round__plan").order_by("region__name")
    for report in reports:
        notification_send(
            kind=Kind.ROUND_OPENED,
            event=f"round-opened:{round.pk}:{report.region.code}",
            recipients=users_as_recipients(_reporters([report.region_id])),
            message=messages.round_opened(round, report),
        )


def report_submitted(sender, report, event, **kwargs):
    """The RCC's coordinators: the region and how many goals it assessed."""
    round = report.round
    assessments = Assessment.objects.filter(round_id=round.pk, region_id=report.region_id)
    coordinators = active_users(
        memberships__role=Role.COORDINATOR,
        memberships__healthcare_region=round.plan.healthcare_region,
    )
    notification_send(
        kind=Kind.REPORT_SUBMITTED,
        event=f"report-submitted:{event.pk}",
        recipients=users_as_recipients(coordinators),
        message=messages.report_submitted(
            report, assessments.exclude(level="").count(), assessments.count()
        ),
    )


def report_returned(sender, report, event, user, **kwargs):
    notification_send(
        kind=Kind.REPORT_RETURNED,
        event=f"report-returned:{event.pk}",
        recipients=users_as_recipients(_reporters([report.region_id])),
        message=messages.report_returned(report, user),
    )


def round_published(sender, round, version, **kwargs):
    """The RCC's steering-group readers and the participating regions' reporters."""
    readers = active_users(
        memberships__role=Role.READER, memberships__healthcare_region=round.plan.healthcare_region
    )
    reporters = _reporters(round.regions.values("pk"))
    notification_send(
        kind=Kind.ROUND_PUBLISHED,
        event=f"round-published:{version.pk}",
        recipients=users_as_recipients([*readers, *reporters]),
        message=messages.round_published(round, version),
    )


def deadline_reminder(sender, report, reminder, today, **kwargs):
    notification_send(
        kind=Kind.DEADLINE,
        event=f"deadline:{report.pk}:{today.isoformat()}",
        recipients=users_as_recipients(_reporters([report.region_id])),
        message=messages.deadline_reminder(report, today),
    )


def agenda_sent(sender, meeting, member, email, subject, body, **kwargs):
    """The member's address as the registry has it; their choice counts where the Person is
    linked to an account (Person.user)."""
    notification_send(
        kind=Kind.AGENDA_SENT,
        event=f"agenda:{meeting.pk}",
        recipients=[Recipient(email=email, user=getattr(member.person, "user", None))],
        message=messages.agenda_sent(meeting, subject, body),
    )
