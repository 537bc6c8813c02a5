"""A plan's status: draft → approved (by whom, when) → archived, and back to draft, logged."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from plans.models import Plan
from registry.models import Membership

Status = Plan.Status


@pytest.fixture
def draft(norr, plan_builder):
    return plan_builder(slug="utkast", owner=norr, status=Status.DRAFT)


def approve_url(plan):
    return reverse("plans:plan-approve", args=[plan.slug])


def transition_url(plan, action):
    return reverse("plans:plan-transition", args=[plan.slug, action])


@pytest.mark.django_db
class TestStatus:
    def test_approving_asks_who_and_when_and_keeps_it_in_the_history(
        self, client, draft, coordinator
    ):
        client.force_login(coordinator)
        assert 'name="approved_on"' in client.get(approve_url(draft)).content.decode()

        response = client.post(
            approve_url(draft), {"approved_by": "Förbundsdirektionen", "approved_on": "2026-01-15"}
        )

        assert response.status_code == 302
        draft.refresh_from_db()
        assert (draft.status, draft.approved_by, draft.approved_on) == (
            Status.APPROVED,
            "Förbundsdirektionen",
            date(2026, 1, 15),
        )
        record = draft.history.first()
        assert (record.status, record.history_user) == (Status.APPROVED, coordinator)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"approved_by": "", "approved_on": "2026-01-15"}, "Detta fält måste fyllas i."),
            ({"approved_by": "SVN", "approved_on": "15/1 2026"}, "Skriv ett datum som ÅÅÅÅ-MM-DD"),
        ],
    )
    def test_bad_input_is_told_and_kept(self, client, draft, coordinator, data, message):
        client.force_login(coordinator)

        response = client.post(approve_url(draft), data)

        content = response.content.decode()
        assert response.status_code == 400 and message in content
        assert f'value="{data["approved_on"]}"' in content
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT

    def test_reopening_archiving_and_restoring_are_logged(self, client, draft, coordinator):
        client.force_login(coordinator)
        client.post(approve_url(draft), {"approved_by": "SVN", "approved_on": "2026-01-15"})

        for action, status in [
            ("reopen", Status.DRAFT),
            ("reopen", Status.DRAFT),  # refused: a draft is not approved
            ("archive", Status.DRAFT),  # refused likewise
        ]:
            client.post(transition_url(draft, action))
            draft.refresh_from_db()
            assert draft.status == status
        client.post(approve_url(draft), {"approved_by": "SVN", "approved_on": "2026-02-01"})
        client.post(transition_url(draft, "archive"))
        draft.refresh_from_db()
        assert draft.status == Status.ARCHIVED
        client.post(transition_url(draft, "restore"))
        draft.refresh_from_db()
        assert draft.status == Status.APPROVED
        statuses = list(draft.history.order_by("history_date").values_list("status", flat=True))
        assert statuses[-4:] == [Status.DRAFT, Status.APPROVED, Status.ARCHIVED, Status.APPROVED]

    def test_a_refused_change_says_why(self, client, draft, coordinator):
        client.force_login(coordinator)

        response = client.post(transition_url(draft, "archive"), follow=True)

        assert "Planen är utkast och kan inte ändras så." in response.content.decode()

    def test_only_the_plans_owners_may_change_its_status(
        self, client, norr, plan_builder, reporter_a, reader, outsider, other_coordinator
    ):
        plan = plan_builder(slug="godkand", owner=norr, status=Status.APPROVED)
        planner = get_user_model().objects.create_user("planerare", password="pw")
        Membership.objects.create(
            user=planner, role=Membership.Role.PLANNER, region=reporter_a.memberships.get().region
        )
        for user in (reporter_a, reader, outsider, other_coordinator, planner):
            client.force_login(user)
            assert client.get(approve_url(plan)).status_code == 403
            for action in ("reopen", "archive"):
                assert client.post(transition_url(plan, action)).status_code == 403
        plan.refresh_from_db()
        assert plan.status == Status.APPROVED

    def test_a_draft_is_not_found_by_others(self, client, draft, other_coordinator):
        client.force_login(other_coordinator)

        assert client.get(approve_url(draft)).status_code == 404
        assert client.post(transition_url(draft, "reopen")).status_code == 404
