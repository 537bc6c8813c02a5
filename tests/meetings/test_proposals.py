from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import AgendaItem, AgendaProposal, Meeting
from meetings.services.proposals import proposal_accept, proposal_create, proposal_decline
from registry.models import Membership, Region
from tests.conftest import _user

pytestmark = pytest.mark.django_db

Proposed = AgendaProposal.State


def _page(meeting) -> str:
    return reverse("meetings:meeting-proposals", args=[meeting.pk])


def _action(name: str, proposal) -> str:
    return reverse(f"meetings:proposal-{name}", args=[proposal.meeting_id, proposal.pk])


@pytest.fixture
def second_reader(mellansverige):
    return _user("greta", Membership.Role.READER, healthcare_region=mellansverige)


@pytest.fixture
def planner(registry):
    user = get_user_model().objects.create_user(username="pia", password="pw")
    Membership.objects.create(
        user=user, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
    )
    return user


@pytest.fixture
def residential(demo_meeting):
    return Meeting.objects.get(group=demo_meeting.group, date=date(2025, 11, 20))


@pytest.fixture
def proposal(planned_meeting, mellansverige_reader):
    return proposal_create(
        meeting=planned_meeting,
        user=mellansverige_reader,
        title="KSSK-uppdraget i LPO",
        description="Återkoppling från LPO:erna om implementeringen.",
        kind=AgendaItem.Kind.DISCUSSION,
        planned_minutes=20,
    )


def _post_proposal(client, meeting, **data):
    values = {"title": "Digital cancerrehabilitering", "description": "", "kind": "discussion"}
    values.update(data)
    return client.post(_page(meeting), values)


def test_it_lets_a_reader_propose_an_item_for_a_planned_meeting(
    client, mellansverige_reader, planned_meeting
):
    client.force_login(mellansverige_reader)

    response = _post_proposal(
        client, planned_meeting, description="Hur går det?\r\nNästa steg.", planned_minutes="15"
    )

    assert response.status_code == 302 and response["Location"] == _page(planned_meeting)
    proposal = AgendaProposal.objects.get(meeting=planned_meeting)
    assert proposal.title == "Digital cancerrehabilitering"
    assert proposal.description == "Hur går det?\nNästa steg."
    assert proposal.planned_minutes == 15
    assert proposal.state == Proposed.PROPOSED and proposal.proposed_by == mellansverige_reader
    assert proposal.history.get().history_user == mellansverige_reader
    html = client.get(_page(planned_meeting)).content.decode()
    assert "Tack! Ditt förslag är skickat till samordnarna." in html
    assert "Digital cancerrehabilitering" in html and "Föreslagen" in html


def test_it_shows_a_reader_the_meeting_and_only_their_own_proposals(
    client, mellansverige_reader, second_reader, planned_meeting, proposal
):
    AgendaItem.objects.create(meeting=planned_meeting, number=1, title="Hemlig utkastpunkt")
    proposal_create(meeting=planned_meeting, user=second_reader, title="Gretas förslag")
    client.force_login(mellansverige_reader)

    response = client.get(_page(planned_meeting))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Digitalt möte" in html and "18 september 2025" in html
    assert "Dina förslag" in html and "KSSK-uppdraget i LPO" in html
    assert "Gretas förslag" not in html
    assert "Hemlig utkastpunkt" not in html
    assert "Anta" not in html  # no decisions for readers
    assert 'maxlength="2000"' in html and "char-counter.js" in html


def test_it_keeps_what_was_typed_and_writes_nothing_when_the_form_is_wrong(
    client, mellansverige_reader, planned_meeting
):
    client.force_login(mellansverige_reader)

    response = _post_proposal(
        client, planned_meeting, title="", description="Min text", planned_minutes="0"
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv en rubrik för punkten." in html
    assert "Tiden anges i hela minuter, minst 1." in html
    assert "Min text" in html
    too_long = _post_proposal(client, planned_meeting, title="x" * 301)
    assert too_long.status_code == 400
    assert "Rubriken får vara högst 300 tecken; den har 301." in too_long.content.decode()
    assert not AgendaProposal.objects.exists()


def test_it_takes_no_proposals_for_a_held_meeting(client, mellansverige_reader, demo_meeting):
    client.force_login(mellansverige_reader)
    page = client.get(_page(demo_meeting)).content.decode()
    assert "tar inte emot fler förslag" in page and "Skicka förslaget" not in page

    response = _post_proposal(client, demo_meeting)

    assert response.status_code == 400
    assert "Mötet är redan genomfört" in response.content.decode()
    assert not AgendaProposal.objects.exists()


def test_the_service_refuses_a_meeting_that_is_no_longer_planned(
    demo_meeting, mellansverige_reader
):
    with pytest.raises(ValidationError, match="redan genomfört"):
        proposal_create(meeting=demo_meeting, user=mellansverige_reader, title="Sent")
    assert not AgendaProposal.objects.exists()


@pytest.mark.parametrize("who", ["reader", "coordinator", "reporter_a", "planner", "outsider"])
def test_it_hides_the_proposals_from_everyone_outside_the_rcc(
    client, request, who, planned_meeting, proposal
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_page(planned_meeting)).status_code == 404
    assert _post_proposal(client, planned_meeting).status_code == 404
    for action in ("accept", "decline", "withdraw"):
        assert client.post(_action(action, proposal), {"reason": "Nej"}).status_code == 404
    assert AgendaProposal.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.state == Proposed.PROPOSED


def test_it_sends_the_anonymous_to_log_in(client, planned_meeting):
    response = client.get(_page(planned_meeting))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_it_shows_the_coordinator_every_proposal_with_accept_and_decline(
    client, other_coordinator, second_reader, planned_meeting, proposal
):
    proposal_create(meeting=planned_meeting, user=second_reader, title="Gretas förslag")
    client.force_login(other_coordinator)

    html = client.get(_page(planned_meeting)).content.decode()

    assert "Alla förslag" in html and "2 förslag väntar på svar." in html
    assert "KSSK-uppdraget i LPO" in html and "Gretas förslag" in html
    assert "gunnar" in html and "greta" in html
    assert _action("accept", proposal) in html and _action("decline", proposal) in html
    detail = client.get(planned_meeting.get_absolute_url()).content.decode()
    assert "Förslag till dagordningen (2 nya)" in detail


def test_accepting_adds_the_item_last_and_links_it(
    client, other_coordinator, planned_meeting, proposal
):
    AgendaItem.objects.create(meeting=planned_meeting, number=1, title="Inledning")
    AgendaItem.objects.create(meeting=planned_meeting, number=3, title="Övrigt")
    client.force_login(other_coordinator)

    response = client.post(_action("accept", proposal))

    assert response.status_code == 302
    proposal.refresh_from_db()
    item = proposal.item
    assert proposal.state == Proposed.ACCEPTED and proposal.decided_by == other_coordinator
    assert proposal.decided_at is not None
    assert (item.meeting, item.number, item.title) == (planned_meeting, 4, "KSSK-uppdraget i LPO")
    assert (item.kind, item.planned_minutes) == (AgendaItem.Kind.DISCUSSION, 20)
    assert item.discussion_points == "Återkoppling från LPO:erna om implementeringen."
    assert item.text == ""
    assert item.history.get().history_user == other_coordinator
    html = client.get(_page(planned_meeting)).content.decode()
    assert "är antagen som punkt 4 på dagordningen" in html and "Punkt 4" in html


def test_accepting_twice_gives_one_item_and_a_message(
    client, other_coordinator, planned_meeting, proposal
):
    client.force_login(other_coordinator)
    client.post(_action("accept", proposal))

    response = client.post(_action("accept", proposal), follow=True)

    assert "Förslaget är redan antagen." in response.content.decode()
    assert planned_meeting.items.count() == 1
    with pytest.raises(ValidationError):
        proposal_decline(proposal=proposal, user=other_coordinator, reason="Sent")
    proposal.refresh_from_db()
    assert proposal.state == Proposed.ACCEPTED and proposal.decline_reason == ""


def test_deciding_on_a_meeting_that_was_held_meanwhile_writes_nothing(
    client, other_coordinator, planned_meeting, proposal
):
    Meeting.objects.filter(pk=planned_meeting.pk).update(state=Meeting.State.HELD)
    client.force_login(other_coordinator)

    response = client.post(_action("accept", proposal), follow=True)

    assert "Mötet är redan genomfört" in response.content.decode()
    assert not planned_meeting.items.exists()
    with pytest.raises(ValidationError, match="redan genomfört"):
        proposal_decline(proposal=proposal, user=other_coordinator, reason="Nej")
    with pytest.raises(ValidationError, match="redan genomfört"):
        proposal_accept(proposal=proposal, user=other_coordinator)
    proposal.refresh_from_db()
    assert proposal.state == Proposed.PROPOSED and proposal.item is None


def test_declining_needs_a_reason_that_the_proposer_then_reads(
    client, other_coordinator, mellansverige_reader, planned_meeting, proposal
):
    client.force_login(other_coordinator)
    assert client.get(_action("decline", proposal)).status_code == 200

    empty = client.post(_action("decline", proposal), {"reason": "  "})
    too_long = client.post(_action("decline", proposal), {"reason": "x" * 2001})

    assert empty.status_code == 400 and "Skriv varför förslaget avböjs." in empty.content.decode()
    assert too_long.status_code == 400
    assert "Skälet får vara högst 2000 tecken; det har 2001." in too_long.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == Proposed.PROPOSED

    response = client.post(_action("decline", proposal), {"reason": "Tas upp på internatet."})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (
        proposal.state == Proposed.DECLINED and proposal.decline_reason == "Tas upp på internatet."
    )
    assert not planned_meeting.items.exists()
    client.force_login(mellansverige_reader)
    html = client.get(_page(planned_meeting)).content.decode()
    assert "Avböjd" in html and "Tas upp på internatet." in html


def test_a_reader_cannot_decide_even_on_their_own_proposal(
    client, mellansverige_reader, planned_meeting, proposal
):
    client.force_login(mellansverige_reader)

    assert client.post(_action("accept", proposal)).status_code == 404
    assert client.get(_action("decline", proposal)).status_code == 404
    assert client.post(_action("decline", proposal), {"reason": "Nej"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == Proposed.PROPOSED and not planned_meeting.items.exists()


def test_a_proposal_of_another_meeting_is_not_found(
    client, other_coordinator, mellansverige_reader, residential, proposal
):
    forged = {"meeting_id": residential.pk, "pk": proposal.pk}
    for user in (other_coordinator, mellansverige_reader):
        client.force_login(user)
        for action in ("accept", "decline", "withdraw"):
            url = reverse(f"meetings:proposal-{action}", args=[forged["meeting_id"], forged["pk"]])
            assert client.post(url, {"reason": "Nej"}).status_code == 404
        assert client.post("/moten/999999999/forslag/", {"title": "x"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == Proposed.PROPOSED and not residential.items.exists()


def test_the_proposer_withdraws_an_undecided_proposal_and_only_their_own(
    client, mellansverige_reader, second_reader, other_coordinator, planned_meeting, proposal
):
    for someone_else in (second_reader, other_coordinator):
        client.force_login(someone_else)
        assert client.post(_action("withdraw", proposal)).status_code == 404
    assert AgendaProposal.objects.filter(pk=proposal.pk).exists()
    client.force_login(mellansverige_reader)

    response = client.post(_action("withdraw", proposal), follow=True)

    assert "är tillbakatagen" in response.content.decode()
    assert not AgendaProposal.objects.filter(pk=proposal.pk).exists()
    assert AgendaProposal.history.filter(id=proposal.pk, history_type="-").exists()


def test_a_decided_proposal_cannot_be_withdrawn(
    client, mellansverige_reader, other_coordinator, proposal
):
    proposal_accept(proposal=proposal, user=other_coordinator)
    client.force_login(mellansverige_reader)

    response = client.post(_action("withdraw", proposal), follow=True)

    assert "Förslaget är redan antagen." in response.content.decode()
    assert AgendaProposal.objects.filter(pk=proposal.pk).exists()


def test_the_meeting_list_offers_proposing_for_planned_meetings(
    client, mellansverige_reader, planned_meeting, demo_meeting
):
    client.force_login(mellansverige_reader)

    html = client.get(reverse("meetings:meeting-list")).content.decode()

    assert f'href="{_page(planned_meeting)}">Föreslå en punkt' in html
    assert _page(demo_meeting) not in html


@pytest.mark.parametrize("count", [1, 6])
def test_it_shows_the_proposals_in_a_fixed_number_of_queries(
    client, other_coordinator, second_reader, planned_meeting, django_assert_num_queries, count
):
    for n in range(count):
        proposal_create(meeting=planned_meeting, user=second_reader, title=f"Förslag {n}")
    client.force_login(other_coordinator)
    # session, user, meeting with group and RCC, roles, proposals with their people and items
    with django_assert_num_queries(5):
        response = client.get(_page(planned_meeting))
    assert response.content.decode().count('<th scope="row">Förslag ') == count
