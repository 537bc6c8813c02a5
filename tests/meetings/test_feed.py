from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import AgendaItem, SteeringGroup

pytestmark = pytest.mark.django_db

LIST = reverse("meetings:meeting-list")


def _feed(token: str) -> str:
    return reverse("meetings:group-feed", args=[token])


def _rotate(group) -> str:
    return reverse("meetings:group-feed-rotate", args=[group.pk])


@pytest.fixture
def group(demo_meeting) -> SteeringGroup:
    return demo_meeting.group


def test_it_serves_the_groups_calendar_without_a_login(
    client, group, demo_meeting, planned_meeting
):
    AgendaItem.objects.create(meeting=planned_meeting, number=1, title="Hemlig utkastpunkt")

    response = client.get(_feed(group.feed_token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline;")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == group.name
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == group.meetings.count() == 3
    held = events[f"meeting-{demo_meeting.pk}@cancerplan"]
    assert str(held["URL"]) == f"http://testserver/moten/{demo_meeting.pk}/"
    assert "1. Förändringar i Nationella kvalitetsregistret" in str(held["DESCRIPTION"])
    planned = events[f"meeting-{planned_meeting.pk}@cancerplan"]
    assert planned.decoded("DTSTART").date() == date(2025, 9, 18)
    assert "URL" not in planned and "DESCRIPTION" not in planned
    assert b"Hemlig utkastpunkt" not in response.content


@pytest.mark.parametrize("token", ["fel", "x" * 65, "a-b_c"])
def test_an_unknown_token_is_not_found(client, group, token):
    assert client.get(_feed(token)).status_code == 404


def test_a_token_is_one_groups_only(client, group, norr, meeting_builder):
    norr_meeting = meeting_builder(healthcare_region=norr)

    response = client.get(_feed(norr_meeting.group.feed_token))

    calendar = Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        f"meeting-{norr_meeting.pk}@cancerplan"
    ]


def test_the_list_shows_readers_the_address_and_coordinators_how_to_change_it(
    client, mellansverige_reader, other_coordinator, group
):
    client.force_login(mellansverige_reader)
    html = client.get(LIST).content.decode()
    assert "Prenumerera på kalendern" in html
    assert f'value="http://testserver{_feed(group.feed_token)}"' in html
    assert f'href="webcal://testserver{_feed(group.feed_token)}"' in html
    assert "hemlig" in html
    assert "Byt adress" not in html

    client.force_login(other_coordinator)
    html = client.get(LIST).content.decode()
    assert f'action="{_rotate(group)}"' in html and "Byt adress" in html


def test_a_coordinator_changes_the_address_and_the_old_one_stops_working(
    client, other_coordinator, group
):
    old = group.feed_token
    client.force_login(other_coordinator)

    response = client.post(_rotate(group), follow=True)

    assert "har en ny prenumerationsadress" in response.content.decode()
    group.refresh_from_db()
    assert group.feed_token != old and len(group.feed_token) >= 40
    client.logout()
    assert client.get(_feed(old)).status_code == 404
    assert client.get(_feed(group.feed_token)).status_code == 200


@pytest.mark.parametrize("who", ["mellansverige_reader", "coordinator", "reader", "outsider"])
def test_nobody_else_changes_the_address(client, request, who, group):
    old = group.feed_token
    client.force_login(request.getfixturevalue(who))

    assert client.post(_rotate(group)).status_code == 404

    group.refresh_from_db()
    assert group.feed_token == old


def test_changing_the_address_takes_a_post(client, other_coordinator, group):
    client.force_login(other_coordinator)
    assert client.get(_rotate(group)).status_code == 405
    assert client.post("/moten/grupp/999999999/prenumeration/byt/").status_code == 404


@pytest.mark.parametrize("meetings", [1, 5])
def test_it_serves_the_feed_in_a_fixed_number_of_queries(
    client, norr, meeting_builder, django_assert_num_queries, meetings
):
    for n in range(meetings):
        meeting = meeting_builder(healthcare_region=norr, on=date(2024, 1 + n, 1))
    # the group by its token, its meetings, their items
    with django_assert_num_queries(3):
        response = client.get(_feed(meeting.group.feed_token))
    assert response.content.decode().count("BEGIN:VEVENT") == meetings
