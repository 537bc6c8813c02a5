"""A reporter's view of a round before it is published: their own region only."""

import pytest
from django.urls import reverse

from followup.models import FollowUpRound
from followup.services import region_report_return, region_report_submit


def round_url(round):
    return reverse("followup:round-detail", kwargs={"pk": round.pk})


@pytest.mark.django_db
class TestReporterOverview:
    def test_it_shows_the_own_report_deadline_and_messages(
        self, client, round_builder, reporter_a, reporter_b, coordinator
    ):
        round = round_builder()
        for reporter, code in ((reporter_a, "RJH"), (reporter_b, "RN")):
            region_report_submit(report=round.reports.get(region__code=code), user=reporter)
        for code in ("RJH", "RN"):
            region_report_return(
                report=round.reports.get(region__code=code),
                user=coordinator,
                message=f"Komplettera {code}s mål 1.1.",
            )
        client.force_login(reporter_a)

        response = client.get(round_url(round))

        content = response.content.decode()
        assert response.status_code == 200
        assert "Region Jämtland Härjedalen" in content and "Återsänd för ändringar" in content
        assert "Komplettera RJHs mål 1.1." in content
        assert "Komplettera RNs mål 1.1." not in content and "Region Norrbotten" not in content
        assert f"{round.deadline.day} " in content
        assert "Matris" not in content  # the coordinator's page is not shown
        assert round.reports.get(region__code="RJH").get_absolute_url() in content

    @pytest.mark.parametrize(
        ("state", "role", "status"),
        [
            (FollowUpRound.State.DRAFT, "reporter_a", 404),
            (FollowUpRound.State.OPEN, "reporter_a", 200),
            (FollowUpRound.State.CLOSED, "reporter_a", 200),
            (FollowUpRound.State.OPEN, "reader", 404),
            (FollowUpRound.State.OPEN, "outsider", 404),
            (FollowUpRound.State.OPEN, "other_coordinator", 404),
        ],
    )
    def test_who_sees_it(self, client, request, round_builder, state, role, status):
        round = round_builder(state=state)
        client.force_login(request.getfixturevalue(role))

        assert client.get(round_url(round)).status_code == status
