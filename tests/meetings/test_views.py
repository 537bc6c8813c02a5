from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from meetings.models import Meeting

pytestmark = pytest.mark.django_db

LIST = reverse("meetings:meeting-list")


def _detail(meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.pk])


@pytest.fixture
def superuser(registry):
    return get_user_model().objects.create_superuser(username="root", password="pw")


def test_it_sends_the_anonymous_to_log_in(client, demo_meeting):
    for url in (LIST, _detail(demo_meeting)):
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "reporter_a"])
def test_it_hides_meetings_from_people_without_an_rcc_role(client, request, who, demo_meeting):
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 404
    assert client.get(_detail(demo_meeting)).status_code == 404
    assert "Möten" not in client.get(reverse("plans:plan-list")).content.decode()


@pytest.mark.parametrize("who", ["coordinator", "reader"])
def test_it_shows_norr_nothing_of_mellansverige(
    client, request, who, demo_meeting, planned_meeting
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 200
    assert "3 juni 2025" not in response.content.decode()
    assert "RCC Mellansverige styrgrupp" not in response.content.decode()
    assert client.get(_detail(demo_meeting)).status_code == 404
    assert client.get(_detail(planned_meeting)).status_code == 404


@pytest.mark.parametrize("who", ["other_coordinator", "superuser"])
def test_it_shows_coordinators_every_meeting(client, request, who, demo_meeting, planned_meeting):
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert _detail(demo_meeting) in html and _detail(planned_meeting) in html
    assert client.get(_detail(demo_meeting)).status_code == 200
    assert client.get(_detail(planned_meeting)).status_code == 200
    assert f'href="{LIST}"' in html  # the "Möten" link in the navigation


def test_it_shows_readers_held_meetings_and_planned_ones_only_as_dates(
    client, mellansverige_reader, demo_meeting, planned_meeting
):
    client.force_login(mellansverige_reader)
    html = client.get(LIST).content.decode()
    assert _detail(demo_meeting) in html
    assert f'href="{_detail(planned_meeting)}"' not in html
    assert "18 september 2025" in html
    assert client.get(_detail(demo_meeting)).status_code == 200
    assert client.get(_detail(planned_meeting)).status_code == 404


def test_it_answers_a_forged_id_with_404(client, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get("/moten/999999999/").status_code == 404
    assert client.get("/moten/9999999999999999999999/").status_code == 404


def test_it_lists_the_meeting_with_attendance_at_a_glance(client, other_coordinator, demo_meeting):
    client.force_login(other_coordinator)
    html = client.get(LIST).content.decode()
    assert "Genomförda möten" in html and "Kommande möten" in html
    assert "17 (varav 2 på länk)" in html
    assert "Digitalt möte" in html and "20–21 november 2025" in html
    assert "kl. 8.00–12.00" in html


def test_it_shows_the_minutes(client, other_coordinator, demo_meeting):
    client.force_login(other_coordinator)
    response = client.get(_detail(demo_meeting))
    html = response.content.decode()
    assert "<h1>Protokoll styrgruppsmöte 3 juni 2025</h1>" in html
    assert "17 närvarande, varav 2 på länk; 3 frånvarande; 4 särskilt kallade." in html
    # Attendance per region and organisation, in printed order, the chair and the remote.
    assert (
        '<th scope="row">Region Örebro län</th>\n              '
        "<td>Gustav Ekbäck (ordförande) och Kajsa Bergentz</td>"
    ) in html
    assert "Emelie Condén, Helena Granstam Björneklett och Alexander Ahlberg" in html
    assert "Henrik Olivier Reinius (På länk)" in html
    assert '<th scope="row">PNR</th>' in html and "Ulla Allard (På länk)" in html
    assert '<th scope="row">Lisa Busk Hedström och Catharina Östman</th>' in html
    assert "<dd>Maria Fernkvist</dd>" in html
    # The items, their texts, the decision, the summary and the coming dates.
    assert '<h3 id="item-1-heading">1. Förändringar i Nationella kvalitetsregistret</h3>' in html
    assert "9. Förändrad organisation RCC/VGR" in html
    assert "Lisa Busk Hedström och Helene Nilsson" in html
    assert "<h4>Digital cancerrehabilitering</h4>" in html
    assert '<a href="https://www.socialstyrelsen.se/globalassets/' in html
    assert "<li>Alla nya indikationer kan inte utvärderas av TLV.</li>" in html
    assert "Styrgruppens representanter tar med frågan om implementering" in html
    assert "Vid nästa möte" in html and "Öppet" in html
    assert "Exempelvis 15 min information och 20 min diskussion." in html
    assert "”Till nästa gång vill jag”" in html
    assert "18 september 2025</time> kl. 8.00–12.00" in html
    assert "20–21 november 2025" in html


def test_it_escapes_what_people_wrote(client, other_coordinator, demo_meeting):
    item = demo_meeting.items.get(number=1)
    item.text = "<script>alert(1)</script>"
    item.save()
    client.force_login(other_coordinator)
    html = client.get(_detail(demo_meeting)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("size", [(3, 2), (12, 8)])
def test_it_shows_a_meeting_in_a_fixed_number_of_queries(
    client, coordinator, norr, meeting_builder, django_assert_num_queries, size
):
    people, items = size
    meeting = meeting_builder(healthcare_region=norr, people=people, items=items)
    meeting_builder(healthcare_region=norr, on=date(2024, 9, 1), state=Meeting.State.PLANNED)
    client.force_login(coordinator)
    # session, user, meeting with group and people, roles, attendances with people and regions,
    # items, presenters, decisions, summary points, later meetings, attachments, the
    # pending proposals counted
    with django_assert_num_queries(12):
        response = client.get(_detail(meeting))
    assert response.status_code == 200
    assert response.content.decode().count("meeting-item") == items


@pytest.mark.parametrize("meetings", [1, 6])
def test_it_lists_meetings_in_a_fixed_number_of_queries(
    client, coordinator, norr, meeting_builder, django_assert_num_queries, meetings
):
    for n in range(meetings):
        meeting_builder(healthcare_region=norr, on=date(2024, 1, 1 + n), people=n + 1)
    client.force_login(coordinator)
    # session, user, roles, groups, meetings with their attendance counted
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"><a href="/moten/') == meetings
