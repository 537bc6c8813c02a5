"""What cannot be undone is confirmed first; constraint errors reach people as words."""

import pytest
from django.urls import reverse

from followup.models import FollowUpRound
from followup.services import region_report_submit

State = FollowUpRound.State


def transition_url(round, action):
    return reverse("followup:round-transition", kwargs={"pk": round.pk, "action": action})


@pytest.mark.django_db
class TestConfirmations:
    def test_publishing_says_who_will_see_it_and_that_it_becomes_read_only(
        self, client, round_builder, coordinator, reporter_a
    ):
        round = round_builder(state=State.OPEN)
        region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
        round.state = State.CLOSED
        round.save()
        client.force_login(coordinator)

        response = client.get(transition_url(round, "publish"))

        content = response.content.decode()
        assert response.status_code == 200
        assert "styrgruppen vid RCC Norr" in content
        assert "skrivskyddad" in content
        assert "3 regioner har inte skickat in" in content
        round.refresh_from_db()
        assert round.state == State.CLOSED  # asking changes nothing

        client.post(transition_url(round, "publish"))
        round.refresh_from_db()
        assert round.state == State.PUBLISHED

    def test_closing_says_the_regions_can_no_longer_change_their_reports(
        self, client, round_builder, coordinator
    ):
        round = round_builder(state=State.OPEN)
        client.force_login(coordinator)

        content = client.get(transition_url(round, "close")).content.decode()

        assert "kan regionerna inte längre ändra" in content
        round.refresh_from_db()
        assert round.state == State.OPEN

    def test_the_round_page_asks_before_closing(self, client, round_builder, coordinator):
        round = round_builder(state=State.OPEN)
        client.force_login(coordinator)

        content = client.get(round.get_absolute_url()).content.decode()

        assert f'href="{transition_url(round, "close")}"' in content

    def test_the_confirmation_is_for_the_coordinator_only(
        self, client, round_builder, reporter_a, other_coordinator
    ):
        round = round_builder(state=State.OPEN)
        for user, status in ((reporter_a, 404), (other_coordinator, 404)):
            client.force_login(user)
            assert client.get(transition_url(round, "close")).status_code == status


@pytest.mark.django_db
class TestConstraintMessages:
    def test_a_deadline_before_the_opening_is_told_on_the_field_and_kept(
        self, client, round_builder, coordinator
    ):
        round = round_builder(state=State.OPEN)
        client.force_login(coordinator)

        response = client.post(
            reverse("followup:round-deadline", kwargs={"pk": round.pk}), {"deadline": "2000-01-01"}
        )

        content = response.content.decode()
        assert response.status_code == 400
        assert "Sista dag kan inte vara före dagen då omgången öppnar" in content
        assert 'value="2000-01-01"' in content and 'aria-invalid="true"' in content
        assert "round_deadline_after_opening" not in content
        before = round.deadline
        round.refresh_from_db()
        assert round.deadline == before

    def test_a_new_round_with_its_deadline_before_its_opening(
        self, client, norr, plan_builder, coordinator
    ):
        plan = plan_builder(slug="ny", owner=norr)
        client.force_login(coordinator)

        response = client.post(
            reverse("followup:round-create", kwargs={"slug": plan.slug}),
            {"year": 2026, "opens_on": "2027-03-01", "deadline": "2027-02-01"},
        )

        content = response.content.decode()
        assert "Sista dag kan inte vara före dagen då omgången öppnar (2027-03-01)." in content
        assert "round_deadline_after_opening" not in content and "Begränsningen" not in content
        assert not FollowUpRound.objects.filter(plan=plan).exists()

    def test_condensing_in_a_published_round_is_forbidden_not_a_conflict(
        self, client, round_builder, coordinator
    ):
        round = round_builder(state=State.PUBLISHED)
        assessment = round.assessments.select_related("region").first()
        client.force_login(coordinator)
        url = reverse(
            "followup:assessment-condense",
            kwargs={"pk": round.pk, "code": assessment.region.code, "goal_pk": assessment.goal_id},
        )

        response = client.post(url, {"condensed-text": "Sent", "condensed-original": ""})

        assert response.status_code == 403
        assert "Omgången är publicerad" in response.content.decode()
        assessment.refresh_from_db()
        assert assessment.condensed_comment == ""
