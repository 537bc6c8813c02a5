"""Each notification reaches the right people once, in Swedish, as text and HTML, and respects
what they chose; a job or command run again sends nothing more."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from followup.models import FollowUpRound, RoundEvent
from followup.services import region_report_submit, reminders_send, round_transition
from meetings.models import Decision, Meeting
from meetings.services.sending import meeting_agendas_send
from notifications import receivers
from notifications.models import Kind, Notification, Preference
from notifications.tasks import send_notification
from registry.models import Person
from tests.documents.test_renderings import queued, work  # noqa: F401 (queued: a fixture)

from .conftest import give_emails, recipients

pytestmark = pytest.mark.django_db
Action = RoundEvent.Action
State = FollowUpRound.State


def html_of(message) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


def turn_off(user, kind):
    Preference.objects.create(user=user, kind=kind, enabled=False)


class TestRoundOpened:
    def test_it_mails_each_regions_reporters_their_form_and_the_deadline(
        self, round_builder, cast, django_capture_on_commit_callbacks, settings
    ):
        round = round_builder(state=State.DRAFT)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            round_transition(round=round, action=Action.OPENED, user=cast[0])

        assert recipients(mail.outbox) == ["bob@example.se", "charlie@example.se"]
        to_bob = next(m for m in mail.outbox if m.to == ["bob@example.se"])
        form = round.reports.get(region__code="RJH").get_absolute_url()
        assert settings.SITE_URL.rstrip("/") + form in to_bob.body
        assert "30 april 2025" in to_bob.subject and "30 april 2025" in to_bob.body
        assert f'href="{settings.SITE_URL.rstrip("/")}{form}"' in html_of(to_bob)
        assert '<html lang="sv">' in html_of(to_bob)
        assert (
            Notification.objects.filter(kind=Kind.ROUND_OPENED, sent_at__isnull=False).count() == 2
        )

    def test_a_reporter_cannot_turn_it_off(
        self, round_builder, cast, reporter_a, django_capture_on_commit_callbacks
    ):
        turn_off(reporter_a, Kind.ROUND_OPENED)  # as a forged request might have stored it
        round = round_builder(state=State.DRAFT)

        with django_capture_on_commit_callbacks(execute=True):
            round_transition(round=round, action=Action.OPENED, user=None)

        assert "bob@example.se" in recipients(mail.outbox)

    def test_it_is_not_sent_again_when_the_job_runs_again(self, round_builder, cast):
        round = round_builder(state=State.DRAFT)
        with_event = round_transition(round=round, action=Action.OPENED, user=None)
        event = with_event.events.get(action=Action.OPENED)
        mail.outbox.clear()

        receivers.round_opened(sender=FollowUpRound, round=with_event, event=event)
        receivers.round_opened(sender=FollowUpRound, round=with_event, event=event)

        assert recipients(mail.outbox) == ["bob@example.se", "charlie@example.se"]

    def test_nothing_is_mailed_when_the_opening_is_rolled_back(
        self, round_builder, cast, django_capture_on_commit_callbacks
    ):
        round = round_builder(state=State.DRAFT)
        mail.outbox.clear()

        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            round_transition(round=round, action=Action.OPENED, user=None)
            raise RuntimeError("something later fails")

        assert mail.outbox == [] and not Notification.objects.exists()


class TestReportSubmitted:
    def test_it_mails_the_rccs_coordinators_the_region_and_the_goals_assessed(
        self, round_builder, cast, coordinator, reporter_a, django_capture_on_commit_callbacks
    ):
        round = round_builder()
        report = round.reports.select_related("region").get(region__code="RJH")
        first_two = round.assessments.filter(region__code="RJH").order_by("pk")[:2]
        round.assessments.filter(pk__in=list(first_two.values_list("pk", flat=True))).update(
            level="P"
        )
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            region_report_submit(report=report, user=reporter_a)

        assert recipients(mail.outbox) == ["alice@example.se"]  # not frank of Mellansverige
        message = mail.outbox[0]
        assert str(report.region) in message.subject
        assert "med 2 av 6 mål bedömda" in message.body
        assert report.get_absolute_url() in html_of(message)

    def test_a_coordinator_may_turn_it_off(
        self, round_builder, cast, coordinator, reporter_a, django_capture_on_commit_callbacks
    ):
        turn_off(coordinator, Kind.REPORT_SUBMITTED)
        round = round_builder()
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)

        assert mail.outbox == []


class TestReportReturned:
    def test_a_reporter_may_turn_it_off_and_it_is_recorded_once(
        self, round_builder, cast, coordinator, reporter_a, django_capture_on_commit_callbacks
    ):
        from followup.services import region_report_return

        round = round_builder()
        region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            region_report_return(
                report=round.reports.get(region__code="RJH"), user=coordinator, message="Mer."
            )
        assert recipients(mail.outbox) == ["bob@example.se"]
        assert "Mer." in html_of(mail.outbox[0])
        notification = Notification.objects.get(kind=Kind.REPORT_RETURNED)
        assert notification.user == reporter_a and notification.sent_at is not None

        region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
        turn_off(reporter_a, Kind.REPORT_RETURNED)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            region_report_return(
                report=round.reports.get(region__code="RJH"), user=coordinator, message="Igen."
            )
        assert mail.outbox == []


class TestRoundPublished:
    def test_it_mails_the_rccs_readers_and_the_regions_reporters_a_link(
        self, round_builder, cast, django_capture_on_commit_callbacks, settings
    ):
        round = round_builder(state=State.CLOSED)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            round_transition(round=round, action=Action.PUBLISHED, user=None)

        # not the coordinators, nor Mellansverige's reader and reporter
        assert recipients(mail.outbox) == [
            "bob@example.se",
            "charlie@example.se",
            "dana@example.se",
        ]
        assert settings.SITE_URL.rstrip("/") + round.get_absolute_url() in mail.outbox[0].body

    def test_a_reader_may_turn_it_off(
        self, round_builder, cast, reader, django_capture_on_commit_callbacks
    ):
        turn_off(reader, Kind.ROUND_PUBLISHED)
        round = round_builder(state=State.CLOSED)

        with django_capture_on_commit_callbacks(execute=True):
            round_transition(round=round, action=Action.PUBLISHED, user=None)

        assert "dana@example.se" not in recipients(mail.outbox)


class TestDeadline:
    def test_reporters_who_have_not_submitted_are_reminded_once_a_day_whatever_they_chose(
        self, round_builder, cast, reporter_a, reporter_b
    ):
        round = round_builder()
        region_report_submit(report=round.reports.get(region__code="RN"), user=reporter_b)
        turn_off(reporter_a, Kind.DEADLINE)
        today = round.deadline - timedelta(days=2)
        mail.outbox.clear()

        reminders_send(days=7, today=today)
        reminders_send(days=7, today=today)

        assert recipients(mail.outbox) == ["bob@example.se"]  # RN has submitted
        assert "Påminnelse" in mail.outbox[0].subject
        assert round.reports.get(region__code="RJH").get_absolute_url() in html_of(mail.outbox[0])


@pytest.fixture
def september(demo_meeting):
    """The demo group's September meeting, two members with an address, one of them with an
    account that turned agendas off."""
    members = list(demo_meeting.group.members.select_related("person").order_by("person__name"))
    for member, email in zip(members, ["anna@example.se", "bertil@example.se"], strict=False):
        Person.objects.filter(pk=member.person_id).update(email=email)
    return Meeting.objects.get(group=demo_meeting.group, date=date(2025, 9, 18)), members


class TestAgendaSent:
    def test_members_get_it_once_as_text_and_html(self, september):
        meeting, members = september

        meeting_agendas_send(days=14, today=date(2025, 9, 10))
        meeting_agendas_send(days=14, today=date(2025, 9, 10))

        assert recipients(mail.outbox) == ["anna@example.se", "bertil@example.se"]
        assert "Här är dagordningen" in mail.outbox[0].body
        assert "Här är dagordningen" in html_of(mail.outbox[0])
        assert Notification.objects.filter(kind=Kind.AGENDA_SENT).count() == 2

    def test_a_member_with_an_account_may_turn_it_off(self, september, reader):
        meeting, members = september
        Person.objects.filter(pk=members[0].person_id).update(user=reader)
        turn_off(reader, Kind.AGENDA_SENT)

        meeting_agendas_send(days=14, today=date(2025, 9, 10))

        assert recipients(mail.outbox) == ["bertil@example.se"]


@pytest.fixture
def due_decision(demo_meeting):
    person = Person.objects.create(
        name="Ansvarig Person", organisation="RCC", email="ap@example.se"
    )
    item = demo_meeting.items.order_by("number").first()
    return Decision.objects.create(
        item=item, text="Ta fram en plan för X", responsible_person=person, due_on=date(2025, 6, 20)
    )


class TestDecisionDue:
    def test_the_responsible_person_is_reminded_once_when_it_falls_due(self, due_decision):
        from notifications.services import decision_reminders_send

        assert decision_reminders_send(today=date(2025, 6, 19)) == []  # not due yet
        first = decision_reminders_send(today=date(2025, 6, 20))
        again = decision_reminders_send(today=date(2025, 6, 21))

        assert [n.email for n in first] == ["ap@example.se"] and again == []
        assert recipients(mail.outbox) == ["ap@example.se"]
        message = mail.outbox[0]
        assert "Ta fram en plan för X" in message.body
        assert "/moten/grupp/" in html_of(message)

    def test_a_decision_due_at_the_next_meeting_is_reminded_as_that_meeting_nears(
        self, due_decision
    ):
        from notifications.services import decision_reminders_send

        Decision.objects.filter(pk=due_decision.pk).update(due_on=None, due_next_meeting=True)

        assert decision_reminders_send(today=date(2025, 9, 1)) == []  # 18 September is far
        assert len(decision_reminders_send(today=date(2025, 9, 12))) == 1

    def test_a_done_decision_or_one_whose_person_turned_it_off_is_not_reminded(
        self, due_decision, reader
    ):
        from notifications.services import decision_reminders_send

        give_emails(reader)
        Person.objects.filter(pk=due_decision.responsible_person_id).update(user=reader)
        turn_off(reader, Kind.DECISION_DUE)
        assert decision_reminders_send(today=date(2025, 6, 25)) == []

        Preference.objects.all().delete()
        Decision.objects.filter(pk=due_decision.pk).update(
            done_on=date(2025, 6, 21), done_note="Klart"
        )
        assert decision_reminders_send(today=date(2025, 6, 25)) == []
        assert mail.outbox == []

    def test_the_daily_command_sends_them(self, due_decision, capsys):
        call_command("send_decision_reminders")
        call_command("send_decision_reminders")

        assert recipients(mail.outbox) == ["ap@example.se"]
        assert "1 påminnelser om beslut skickade." in capsys.readouterr().out


class TestTheWorker:
    def test_a_notification_is_sent_once_however_often_its_job_runs(self, due_decision):
        from notifications.services import decision_reminders_send

        (notification,) = decision_reminders_send(today=date(2025, 6, 20))
        send_notification.call(notification.pk)
        send_notification.call(notification.pk)

        assert len(mail.outbox) == 1

    @pytest.mark.usefixtures("queued")
    def test_a_queued_notification_is_sent_by_the_worker_once(self, due_decision):
        from notifications.services import decision_reminders_send

        (notification,) = decision_reminders_send(today=date(2025, 6, 20))
        assert mail.outbox == []

        work()
        send_notification.enqueue(notification.pk)  # a job queued again
        work()

        assert len(mail.outbox) == 1
        notification.refresh_from_db()
        assert notification.sent_at is not None
