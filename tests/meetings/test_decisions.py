from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Decision, Meeting
from meetings.services.decisions import decision_mark_done, decision_reopen
from registry.models import Person

pytestmark = pytest.mark.django_db


def _list(group) -> str:
    return reverse("meetings:group-decisions", args=[group.pk])


def _done(decision) -> str:
    return reverse("meetings:decision-done", args=[decision.pk])


def _reopen(decision) -> str:
    return reverse("meetings:decision-reopen", args=[decision.pk])


@pytest.fixture
def group(demo_meeting):
    return demo_meeting.group


@pytest.fixture
def decision(demo_meeting) -> Decision:
    """The June meeting's decision, due at the next meeting (18 September)."""
    return Decision.objects.get(item__meeting=demo_meeting)


@pytest.fixture
def more_decisions(demo_meeting, planned_meeting):
    """One done, one due on a date with a responsible person, one in the November draft."""
    item = demo_meeting.items.get(number=1)
    person = Person.objects.create(name="Karin Sundin", organisation="RCC")
    done = Decision.objects.create(
        item=item, text="Ett klart beslut", done_on=date(2025, 6, 10), done_note="Gjort."
    )
    dated = Decision.objects.create(
        item=item, text="Rapportera till SVN", due_on=date(2025, 8, 1), responsible_person=person
    )
    residential = Meeting.objects.get(group=demo_meeting.group, date=date(2025, 11, 20))
    draft_item = AgendaItem.objects.create(meeting=residential, number=1, title="Utkast")
    draft = Decision.objects.create(
        item=draft_item, text="Utkast till beslut", due_next_meeting=True
    )
    return {"done": done, "dated": dated, "draft": draft}


def test_it_lists_the_groups_open_decisions(client, other_coordinator, group, decision):
    client.force_login(other_coordinator)

    response = client.get(_list(group))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Beslut att följa upp" in html and group.name in html
    assert "Styrgruppens representanter tar med frågan om implementering" in html
    assert "Nästa möte (18 september 2025)" in html
    assert "3 juni 2025" in html and "Öppet" in html
    assert "Försenat" in html  # 18 September 2025 has passed
    assert _done(decision) in html


def test_it_filters_by_state_responsible_and_due(
    client, other_coordinator, group, decision, more_decisions
):
    client.force_login(other_coordinator)

    def texts(**params) -> set[str]:
        html = client.get(_list(group), params).content.decode()
        names = [decision.text[:30], "Ett klart beslut", "Rapportera till SVN", "Utkast till"]
        return {name for name in names if name in html}

    every = {decision.text[:30], "Rapportera till SVN", "Utkast till"}
    assert texts() == every  # open by default
    assert texts(state="done") == {"Ett klart beslut"}
    assert texts(state="all") == every | {"Ett klart beslut"}
    assert texts(responsible="Karin Sundin") == {"Rapportera till SVN"}
    assert texts(responsible="Styrgruppens representanter") == {decision.text[:30]}
    assert texts(due="overdue", state="all") == {decision.text[:30], "Rapportera till SVN"}
    assert texts(due_before="2025-08-31") == {"Rapportera till SVN"}
    assert texts(due_before="2025-09-18") == {decision.text[:30], "Rapportera till SVN"}
    html = client.get(_list(group)).content.decode()
    assert '<option value="Karin Sundin">Karin Sundin</option>' in html
    assert "Nästa möte (inget planerat ännu)" in html  # the draft's: no meeting after 20 Nov


def test_a_wrong_filter_value_is_a_swedish_message(client, other_coordinator, group):
    client.force_login(other_coordinator)

    response = client.get(_list(group), {"due_before": "18/9/2025", "responsible": "Ingen"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv ett datum som ÅÅÅÅ-MM-DD" in html
    assert "Välj ett giltigt alternativ" in html


def test_readers_see_the_decisions_of_held_meetings_without_actions(
    client, mellansverige_reader, group, decision, more_decisions
):
    client.force_login(mellansverige_reader)

    html = client.get(_list(group), {"state": "all"}).content.decode()

    assert "Rapportera till SVN" in html and "Ett klart beslut" in html
    assert "Utkast till beslut" not in html  # a planned meeting's draft
    assert "Markera som klart" not in html and "Öppna igen" not in html
    assert client.get(_done(decision)).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "reader", "reporter_a", "outsider"])
def test_it_hides_the_decisions_from_everyone_outside_the_rcc(
    client, request, who, group, decision
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_list(group)).status_code == 404
    assert client.get(_done(decision)).status_code == 404
    assert client.post(_done(decision), {"done_on": "2025-09-18", "note": "x"}).status_code == 404
    assert client.post(_reopen(decision)).status_code == 404
    decision.refresh_from_db()
    assert decision.is_open


def test_it_answers_forged_ids_with_404(client, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get("/moten/grupp/999999999/beslut/").status_code == 404
    assert client.get("/moten/beslut/999999999/klart/").status_code == 404
    assert client.post("/moten/beslut/999999999/oppna/").status_code == 404


def test_a_coordinator_marks_a_decision_done_where_it_was_followed_up(
    client, other_coordinator, group, decision, planned_meeting
):
    client.force_login(other_coordinator)
    form = client.get(_done(decision)).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in form
    assert 'placeholder="ÅÅÅÅ-MM-DD"' in form
    assert "18 september 2025 (Digitalt möte)" in form

    response = client.post(
        _done(decision),
        {
            "done_on": "2025-09-18",
            "followed_up_at": planned_meeting.pk,
            "note": "Alla LPO svarade.",
        },
    )

    assert response.status_code == 302 and response["Location"] == _list(group)
    decision.refresh_from_db()
    assert decision.done_on == date(2025, 9, 18)
    assert decision.followed_up_at == planned_meeting
    assert decision.done_note == "Alla LPO svarade."
    assert decision.history.first().history_user == other_coordinator
    html = client.get(_list(group), {"state": "done"}).content.decode()
    assert "Återkopplat 18 september 2025" in html and "Alla LPO svarade." in html


def test_a_note_alone_is_enough(client, other_coordinator, decision):
    client.force_login(other_coordinator)

    client.post(_done(decision), {"done_on": "2025-07-01", "note": "Klart via e-post."})

    decision.refresh_from_db()
    assert decision.done_on == date(2025, 7, 1) and decision.followed_up_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"done_on": "2025-09-18"}, "Välj vid vilket möte beslutet återkopplades"),
        ({"done_on": "18 sep", "note": "x"}, "Skriv ett datum som ÅÅÅÅ-MM-DD"),
        ({"done_on": "", "note": "x"}, "Detta fält måste fyllas i."),
        ({"done_on": "2025-09-18", "note": "x" * 2001}, "högst 2000 tecken; den har 2001"),
        ({"done_on": "2025-05-01", "note": "x"}, "Beslutet fattades 2025-06-03"),
    ],
)
def test_it_refuses_an_incomplete_follow_up_and_keeps_what_was_typed(
    client, other_coordinator, decision, data, message
):
    client.force_login(other_coordinator)

    response = client.post(_done(decision), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    if data.get("done_on"):
        assert f'value="{data["done_on"]}"' in response.content.decode()
    decision.refresh_from_db()
    assert decision.is_open and decision.done_note == ""


def test_it_refuses_a_meeting_of_another_group(
    client, other_coordinator, decision, norr, meeting_builder
):
    norr_meeting = meeting_builder(healthcare_region=norr)
    client.force_login(other_coordinator)

    response = client.post(
        _done(decision), {"done_on": "2025-09-18", "followed_up_at": norr_meeting.pk}
    )

    assert response.status_code == 400
    assert "Välj ett av gruppens möten." in response.content.decode()
    with pytest.raises(ValidationError, match="gruppens egna möten"):
        decision_mark_done(
            decision=decision,
            user=other_coordinator,
            done_on=date(2025, 9, 18),
            followed_up_at=norr_meeting,
        )
    decision.refresh_from_db()
    assert decision.is_open


def test_a_decision_done_already_is_not_marked_again(
    client, other_coordinator, decision, planned_meeting
):
    decision_mark_done(
        decision=decision, user=other_coordinator, done_on=date(2025, 9, 18), note="Först."
    )
    client.force_login(other_coordinator)
    assert "redan markerat som klart" in client.get(_done(decision)).content.decode()

    response = client.post(_done(decision), {"done_on": "2025-09-20", "note": "Igen."}, follow=True)

    assert "Beslutet är redan markerat som klart (2025-09-18)." in response.content.decode()
    decision.refresh_from_db()
    assert decision.done_on == date(2025, 9, 18) and decision.done_note == "Först."


def test_a_coordinator_opens_a_decision_again(client, other_coordinator, group, decision):
    decision_mark_done(
        decision=decision, user=other_coordinator, done_on=date(2025, 9, 18), note="Fel."
    )
    client.force_login(other_coordinator)

    response = client.post(_reopen(decision), follow=True)

    assert "Beslutet är öppet igen." in response.content.decode()
    decision.refresh_from_db()
    assert decision.is_open and decision.done_note == "" and decision.followed_up_at is None
    with pytest.raises(ValidationError, match="redan öppet"):
        decision_reopen(decision=decision, user=other_coordinator)
    assert client.get(reverse("meetings:decision-reopen", args=[decision.pk])).status_code == 405


def test_the_meeting_list_links_to_the_open_decisions(client, mellansverige_reader, group):
    client.force_login(mellansverige_reader)

    html = client.get(reverse("meetings:meeting-list")).content.decode()

    assert f'<a href="{_list(group)}">Öppna beslut</a>' in html


def test_it_pages_a_long_list(client, coordinator, norr, meeting_builder):
    meeting = meeting_builder(healthcare_region=norr, items=55)
    client.force_login(coordinator)

    first = client.get(_list(meeting.group)).content.decode()
    second = client.get(_list(meeting.group), {"sida": "2", "state": "open"}).content.decode()

    assert "55 beslut" in first and "Sida 1 av 2" in first
    assert first.count('<th scope="row">Beslut ') == 50
    assert second.count('<th scope="row">Beslut ') == 5
    assert "sida=1" in second and "state=open" in second


@pytest.mark.parametrize("size", [(1, 2), (4, 8)])
def test_it_lists_the_decisions_in_a_fixed_number_of_queries(
    client, coordinator, norr, meeting_builder, django_assert_num_queries, size
):
    meetings, items = size
    for n in range(meetings):
        meeting = meeting_builder(healthcare_region=norr, on=date(2024, 1 + n, 1), items=items)
    client.force_login(coordinator)
    # session, user, group with its RCC, roles, the responsible names, the count, the page
    with django_assert_num_queries(7):
        response = client.get(_list(meeting.group), {"state": "all"})
    assert response.content.decode().count('<th scope="row">Beslut ') == meetings * items
