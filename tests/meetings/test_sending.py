import io
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from meetings.models import AgendaItem, AgendaSending, Decision, Meeting, Member, Presenter
from meetings.services.sending import meeting_agendas_send
from registry.models import Person
from tests.documents.test_renderings import DATABASE_TASKS, work

pytestmark = pytest.mark.django_db

BEFORE_SEPTEMBER = date(2025, 9, 10)  # eight days before the demo's meeting of 18 September


@pytest.fixture
def members_with_email(demo_meeting):
    """Two of the demo group's members get an address; the others have none."""
    members = list(demo_meeting.group.members.select_related("person").order_by("person__name"))
    for member, email in zip(members, ["anna@example.se", "bertil@example.se"], strict=False):
        Person.objects.filter(pk=member.person_id).update(email=email)
    return members[:2]


@pytest.fixture
def agenda(planned_meeting):
    """The September agenda: two items, one with a presenter and planned minutes."""
    presenter = Person.objects.create(name="Lisa Busk Hedström", organisation="RCC")
    first = AgendaItem.objects.create(
        meeting=planned_meeting,
        number=1,
        title="Återkoppling om KSSK-uppdraget",
        kind=AgendaItem.Kind.DISCUSSION,
        planned_minutes=20,
    )
    Presenter.objects.create(item=first, person=presenter)
    AgendaItem.objects.create(meeting=planned_meeting, number=2, title="Övriga frågor")
    return planned_meeting


def test_it_mails_the_agenda_to_each_member_with_an_address_once(
    planned_meeting, members_with_email, agenda
):
    result = meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.se", "bertil@example.se"]
    assert [s.member for s in result.sent] == members_with_email
    assert result.meetings == [planned_meeting]
    members = planned_meeting.group.members.count()
    assert len(result.without_email) == members - 2
    assert AgendaSending.objects.filter(meeting=planned_meeting).count() == 2

    again = meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)
    call_command("send_meeting_agendas", stdout=io.StringIO())

    assert again.sent == [] and len(mail.outbox) == 2
    assert AgendaSending.objects.count() == 2


def test_the_mail_holds_the_agenda_the_feedback_and_the_links(
    planned_meeting, members_with_email, agenda, settings
):
    settings.SITE_URL = "https://cancerplan.example.se/"

    meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)

    message = mail.outbox[0]
    body = message.body
    assert message.subject == "Dagordning: RCC Mellansverige styrgrupp 18 september 2025"
    assert "Här är dagordningen för RCC Mellansverige styrgrupp." in body
    assert "Datum: 18 september 2025 kl. 8.00–12.00" in body
    assert "Mötesform: Digitalt möte" in body
    assert (
        "1. Återkoppling om KSSK-uppdraget (Diskussion; föredragande: Lisa Busk Hedström; 20 min)"
        in body
    )
    assert "2. Övriga frågor (Information)" in body
    # the June meeting's decision, due at the next meeting
    assert "Återkoppling från förra mötet" in body
    assert "- Styrgruppens representanter tar med frågan om implementering" in body
    assert "beslut 3 juni 2025, punkt" in body
    assert "https://cancerplan.example.se/moten/\n" in body
    assert f"https://cancerplan.example.se/moten/{planned_meeting.pk}/forslag/" in body
    assert body.rstrip().endswith("RCC Mellansverige")


def test_a_decision_done_or_due_later_is_no_feedback(planned_meeting, members_with_email):
    decision = Decision.objects.get(item__meeting__date=date(2025, 6, 3))
    Decision.objects.filter(pk=decision.pk).update(
        done_on=date(2025, 9, 1), done_note="Klart via e-post."
    )
    later = Decision.objects.create(
        item=decision.item, text="Ett beslut till december", due_on=date(2025, 12, 1)
    )

    meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)

    body = mail.outbox[0].body
    assert "Återkoppling från förra mötet" not in body
    assert later.text not in body
    assert "Dagordningen har inga punkter ännu." in body


def test_a_member_who_joins_or_gets_an_address_later_gets_it_on_the_next_run(
    planned_meeting, members_with_email, agenda
):
    meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)
    newcomer = Person.objects.create(
        name="Ny Ledamot", organisation="Uppsala universitet", email="ny@example.se"
    )
    Member.objects.create(group=planned_meeting.group, person=newcomer)
    addressless = Member.objects.filter(group=planned_meeting.group, person__email="").first()
    Person.objects.filter(pk=addressless.person_id).update(email="sen@example.se")

    result = meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER + timedelta(days=1))

    assert sorted(s.email for s in result.sent) == ["ny@example.se", "sen@example.se"]
    assert len(mail.outbox) == 4


@pytest.mark.parametrize(
    ("today", "sent"),
    [
        (date(2025, 9, 3), 0),  # 15 days before: not yet
        (date(2025, 9, 4), 2),  # 14 days before
        (date(2025, 9, 18), 2),  # the day itself
        (date(2025, 9, 19), 0),  # afterwards
    ],
)
def test_it_sends_within_the_days_asked_for(planned_meeting, members_with_email, today, sent):
    meeting_agendas_send(days=14, today=today)

    assert len(mail.outbox) == sent


def test_it_sends_nothing_for_a_meeting_that_is_no_longer_planned(
    planned_meeting, members_with_email
):
    Meeting.objects.filter(pk=planned_meeting.pk).update(state=Meeting.State.HELD)

    result = meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)

    assert result.meetings == [] and mail.outbox == []
    assert not AgendaSending.objects.exists()


def test_the_command_reports_what_it_sent_and_who_has_no_address(demo_meeting, members_with_email):
    soon = Meeting.objects.create(
        group=demo_meeting.group,
        date=timezone.localdate() + timedelta(days=3),
        starts_at=time(9),
        kind=Meeting.Kind.MEETING,
        place="Örebro",
    )
    out = io.StringIO()

    call_command("send_meeting_agendas", "--days", "7", stdout=out)

    output = out.getvalue()
    assert f"Skickade dagordningen för {soon} till anna@example.se" in output
    assert "Ingen e-postadress: " in output and "fick inget." in output
    assert "2 dagordningar skickade för 1 möten." in output
    assert "Plats: Örebro" in mail.outbox[0].body


@pytest.mark.parametrize("days", ["-1", "366", "99999999"])
def test_the_command_refuses_days_out_of_range_in_swedish(members_with_email, days):
    with pytest.raises(CommandError, match="Ange ett antal dagar mellan 0 och 365"):
        call_command("send_meeting_agendas", "--days", days, stdout=io.StringIO())

    assert mail.outbox == [] and not AgendaSending.objects.exists()


def test_the_command_refuses_days_that_are_no_number_in_swedish():
    with pytest.raises(CommandError, match="«två veckor» är inget antal dagar"):
        call_command("send_meeting_agendas", "--days", "två veckor", stdout=io.StringIO())


def test_the_service_refuses_days_out_of_range():
    with pytest.raises(ValueError, match="Ange ett antal dagar mellan 0 och 365; 400 går inte"):
        meeting_agendas_send(days=400)

    assert not AgendaSending.objects.exists()


def test_the_worker_sends_the_mails(
    planned_meeting, members_with_email, agenda, settings, monkeypatch
):
    """The command only queues the mails; the background worker sends them."""
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    meeting_agendas_send(days=14, today=BEFORE_SEPTEMBER)

    assert mail.outbox == [] and AgendaSending.objects.count() == 2
    work()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.se", "bertil@example.se"]
