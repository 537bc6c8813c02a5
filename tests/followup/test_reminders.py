import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from followup.models import FollowUpRound, Reminder
from followup.services import region_report_submit, reminders_send


@pytest.fixture
def closing_round(round_builder, reporter_a, reporter_b):
    """An open round whose deadline is in five days; RJH and RN reporters have emails."""
    round = round_builder()
    today = timezone.localdate()
    FollowUpRound.objects.filter(pk=round.pk).update(
        opens_on=today - timedelta(days=20), deadline=today + timedelta(days=5)
    )
    for user, email in ((reporter_a, "bob@rjh.se"), (reporter_b, "charlie@rn.se")):
        user.email = email
        user.save()
    round.refresh_from_db()
    return round


@pytest.mark.django_db
def test_it_reminds_regions_that_have_not_submitted(closing_round, reporter_b):
    region_report_submit(report=closing_round.reports.get(region__code="RN"), user=reporter_b)

    sent = reminders_send(days=7)

    assert sorted(r.region.code for r in sent) == ["RJH", "RV", "RVN"]
    assert [m.to for m in mail.outbox] == [["bob@rjh.se"]]  # RV and RVN have no reporter
    message = mail.outbox[0]
    assert "ska vara inskickad senast" in message.subject
    assert f"/uppfoljning/{closing_round.pk}/region/RJH/" in message.body


@pytest.mark.django_db
def test_it_reminds_at_most_once_a_day_however_often_it_runs(closing_round):
    reminders_send(days=7)
    reminders_send(days=7)
    call_command("send_followup_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 2  # RJH and RN, once each
    assert Reminder.objects.count() == 4

    tomorrow = timezone.localdate() + timedelta(days=1)
    reminders_send(days=7, today=tomorrow)
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_it_waits_until_the_deadline_is_near(closing_round):
    assert reminders_send(days=3) == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_reminds_after_the_deadline_has_passed(closing_round):
    late = timezone.localdate() + timedelta(days=9)

    reminders_send(days=1, today=late)

    assert "försenad" in mail.outbox[0].subject


@pytest.mark.django_db
def test_closed_rounds_send_nothing(closing_round):
    FollowUpRound.objects.filter(pk=closing_round.pk).update(state=FollowUpRound.State.CLOSED)

    assert reminders_send(days=7) == []


@pytest.mark.django_db
def test_the_command_prints_what_it_sent(closing_round):
    out = io.StringIO()

    call_command("send_followup_reminders", "--days", "7", stdout=out)

    assert "4 påminnelser skickade." in out.getvalue()
    assert "bob@rjh.se" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["99999999", "-1", "366"])
def test_the_command_refuses_days_out_of_range_in_swedish(closing_round, days):
    with pytest.raises(CommandError, match="Ange ett antal dagar mellan 0 och 365"):
        call_command("send_followup_reminders", "--days", days, stdout=io.StringIO())

    assert mail.outbox == []


@pytest.mark.django_db
def test_the_command_refuses_days_that_are_no_number_in_swedish(closing_round):
    with pytest.raises(CommandError, match="«en vecka» är inget antal dagar"):
        call_command("send_followup_reminders", "--days", "en vecka", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_service_refuses_days_out_of_range(closing_round):
    with pytest.raises(
        ValueError, match="Ange ett antal dagar mellan 0 och 365; 99999999 går inte"
    ):
        reminders_send(days=99999999)

    assert Reminder.objects.count() == 0
