from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.history import change_batch
from meetings.history import meeting_changes
from meetings.models import Attendance, Decision, Meeting
from meetings.services.attachments import attachment_delete, attachment_upload
from registry.models import Membership

pytestmark = pytest.mark.django_db


def _history(meeting) -> str:
    return reverse("meetings:meeting-history", args=[meeting.pk])


@pytest.fixture
def maria(mellansverige):
    """A coordinator of Mellansverige with a name."""
    user = get_user_model().objects.create_user(
        username="maria", password="pw", first_name="Maria", last_name="Fernkvist"
    )
    Membership.objects.create(
        user=user, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
    )
    return user


def test_it_shows_an_edit_with_before_after_and_who(client, maria, demo_meeting):
    item = demo_meeting.items.get(number=3)
    old_title = item.title
    with change_batch(maria):
        item.title = "Ny rubrik för punkten"
        item.save()
        demo_meeting.state = Meeting.State.HELD  # the demo's minutes are approved
        demo_meeting.save()
    client.force_login(maria)

    response = client.get(_history(demo_meeting))

    assert response.status_code == 200
    html = response.content.decode()
    newest = html.split('<li class="history-change">')[1]  # the newest change comes first
    assert "Maria Fernkvist" in newest
    assert "<strong>Ändrade</strong> mötet" in newest
    assert "<dt>Status</dt>" in newest
    assert "</span>Protokoll justerat</del>" in newest and "</span>Genomfört</ins>" in newest
    assert "<strong>Ändrade</strong> Punkt 3" in newest
    assert "<dt>Rubrik</dt>" in newest
    assert f"</span>{old_title}</del>" in newest
    assert "</span>Ny rubrik för punkten</ins>" in newest
    # One action, one change: both rows under one heading.
    assert newest.count("history-entry--changed") == 2


def test_it_shows_deleted_rows(client, maria, demo_meeting):
    decision = Decision.objects.get(item__meeting=demo_meeting)
    number = decision.item.number
    attendance = demo_meeting.attendances.select_related("person").get(person__name="Gustav Ekbäck")
    with change_batch(maria):
        decision.delete()
    with change_batch(maria):
        attendance.status = Attendance.Status.REMOTE
        attendance.save()
    with change_batch(maria):
        demo_meeting.items.get(number=9).delete()
    client.force_login(maria)

    html = client.get(_history(demo_meeting)).content.decode()

    changes = html.split('<li class="history-change">')[1:]
    assert "<strong>Tog bort</strong> Punkt 9" in changes[0]
    assert "Förändrad organisation RCC/VGR" in changes[0]  # what the deleted item was
    assert "<strong>Tog bort</strong> Föredragande under punkt 9: " in changes[0]
    assert "<strong>Ändrade</strong> Närvaro: Gustav Ekbäck" in changes[1]
    assert "</span>Närvarande</del>" in changes[1] and "</span>På länk</ins>" in changes[1]
    assert f"<strong>Tog bort</strong> Beslut under punkt {number}" in changes[2]
    assert "Styrgruppens representanter tar med frågan" in changes[2]


def test_it_shows_attachments_added_and_deleted(client, maria, demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Lägesbild.pdf", b"%PDF-1.7\n%%EOF\n")
    attachment = attachment_upload(
        meeting=demo_meeting, upload=upload, item=demo_meeting.items.get(number=2), user=maria
    )
    attachment_delete(attachment=attachment, user=maria)
    client.force_login(maria)

    html = client.get(_history(demo_meeting)).content.decode()

    changes = html.split('<li class="history-change">')[1:]
    assert "<strong>Tog bort</strong> Bilaga: Lägesbild" in changes[0]
    assert "<strong>Lade till</strong> Bilaga: Lägesbild" in changes[1]
    assert "<dt>Punkt</dt>" in changes[1] and "</span>Punkt 2</ins>" in changes[1]
    assert "</span>Lägesbild.pdf</ins>" in changes[1]
    assert "</span>Maria Fernkvist</ins>" in changes[1]  # uploaded by


def test_it_shows_the_demo_meeting_as_loaded(maria, demo_meeting):
    history = meeting_changes(demo_meeting)
    names = [entry.name for change in history.changes for entry in change.entries]
    assert "Närvaro: Gustav Ekbäck" in names
    assert "Punkt 1" in names and "mötet" in names
    assert any(name.startswith("Föredragande under punkt 9: ") for name in names)


@pytest.mark.parametrize(
    "who", ["coordinator", "reader", "mellansverige_reader", "reporter_a", "outsider"]
)
def test_it_is_for_the_meetings_coordinators_only(client, request, who, demo_meeting):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_history(demo_meeting)).status_code == 404


def test_it_opens_for_coordinators_and_superusers(client, maria, demo_meeting, registry):
    client.force_login(maria)
    assert client.get(_history(demo_meeting)).status_code == 200
    client.force_login(get_user_model().objects.create_superuser(username="root", password="pw"))
    assert client.get(_history(demo_meeting)).status_code == 200
    assert client.get(_history(Meeting(pk=999_999_999))).status_code == 404


def test_it_sends_the_anonymous_to_log_in(client, demo_meeting):
    response = client.get(_history(demo_meeting))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize("size", [(3, 2), (12, 8)])
def test_it_shows_the_history_in_a_fixed_number_of_queries(
    client, coordinator, norr, meeting_builder, django_assert_num_queries, size
):
    people, items = size
    meeting = meeting_builder(healthcare_region=norr, people=people, items=items)
    later = meeting_builder(healthcare_region=norr, on=date(2024, 9, 1))
    with change_batch(coordinator):
        for decision in Decision.objects.filter(item__meeting=meeting):
            decision.done_on = date(2024, 9, 1)
            decision.followed_up_at = later
            decision.save()
        meeting.items.last().delete()
    client.force_login(coordinator)
    # session, user, meeting with group and people, roles; the records of the meeting, its
    # attendances, items, presenters, decisions, summary points, attachments and proposals;
    # the people and the meetings the records name
    with django_assert_num_queries(14):
        response = client.get(_history(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<strong>Ändrade</strong> Beslut under punkt") == items - 1
    assert "<strong>Tog bort</strong> Beslut under punkt" in html
    assert "</span>1 sep. 2024</ins>" in html  # the meeting it was followed up at
