"""The pages pass axe-core's checks for WCAG 2.1 A and AA."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from followup.models import FollowUpRound
from plans.models import Goal
from tests.conftest import MELLANSVERIGE, NORR

from .conftest import axe_violations, log_in


def violations(page, url: str, status: int = 200) -> list[str]:
    """Each axe violation on the page at url, as a readable line per rule."""
    response = page.goto(url)
    assert response.status == status, url
    page.wait_for_load_state("load")
    return axe_violations(page)


def check(page, live_server, paths, status: int = 200) -> list[str]:
    problems = []
    for path in paths:
        problems += violations(page, f"{live_server.url}{path}", status)
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_have_no_axe_violations(page, live_server, coordinator, reporter_a, monkeypatch):
    open_round = FollowUpRound.objects.get(plan__slug=NORR, year=2024)
    goal = Goal.objects.filter(area__plan=open_round.plan).order_by("area__order", "order")[0]
    problems = check(page, live_server, [reverse("login")])

    log_in(page, live_server, "alice")
    problems += check(
        page,
        live_server,
        [
            reverse("plans:plan-list"),
            reverse("plans:plan-detail", args=[NORR]),
            reverse("plans:plan-detail", args=[MELLANSVERIGE]),
            reverse("followup:round-list"),
            reverse("followup:round-detail", args=[open_round.pk]),
            reverse("followup:round-matrix", args=[open_round.pk]),
            reverse("followup:assessment-detail", args=[open_round.pk, "RJH", goal.pk]),
        ],
    )
    # The page that follows a PDF being made: the task is held back so that it stays queued.
    monkeypatch.setattr(
        "documents.renderings.render_document", SimpleNamespace(enqueue=lambda pk: None)
    )
    problems += check(
        page, live_server, [reverse("followup:round-pdf", args=[open_round.pk])], status=202
    )

    page.context.clear_cookies()
    log_in(page, live_server, "bob")
    problems += check(
        page,
        live_server,
        [
            reverse("followup:region-report", args=[open_round.pk, "RJH"]),
            reverse("followup:assessment-detail", args=[open_round.pk, "RJH", goal.pk]),
        ],
    )

    assert problems == [], "\n".join(problems)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_plan_and_meeting_pages_of_a_coordinator_have_no_axe_violations(
    page, live_server, samordnare
):
    from meetings.models import Meeting
    from plans.models import Activity

    meeting = Meeting.objects.filter(attendances__isnull=False).distinct().first()
    activity = Activity.objects.filter(goal__area__plan__slug=MELLANSVERIGE).first()
    log_in(page, live_server, "samordnare-mellansverige")
    paths = [
        reverse("meetings:meeting-list"),
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        reverse("plans:plan-edit", args=[MELLANSVERIGE]),
        reverse("plans:row-edit", args=[MELLANSVERIGE, "aktivitet", activity.pk]),
        reverse("plans:plan-history", args=[MELLANSVERIGE]),
        reverse("plans:plan-update", args=[MELLANSVERIGE]),
        reverse("plans:plan-create"),
        reverse("plans:plan-coverage", args=[NORR]),
    ]
    assert check(page, live_server, paths) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_meeting_agreement_and_people_pages_have_no_axe_violations(
    page, live_server, samordnare
):
    from agreements.models import Initiative
    from meetings.models import Decision, Meeting
    from plans.models import Activity

    held = Meeting.objects.get(date="2025-06-03")
    planned = Meeting.objects.get(date="2025-09-18")
    decision = Decision.objects.get(item__meeting=held)
    item = decision.item
    initiative = Initiative.objects.get(agreement__year=2024, title="Min vårdplan")
    activity = Activity.objects.filter(goal__area__plan__slug=MELLANSVERIGE).first()
    log_in(page, live_server, "samordnare-mellansverige")
    paths = [
        reverse("meetings:meeting-agenda", args=[planned.pk]),
        reverse("meetings:meeting-edit", args=[planned.pk]),
        reverse("meetings:meeting-create", args=[held.group_id]),
        reverse("meetings:item-edit", args=[held.pk, item.pk]),
        reverse("meetings:item-delete", args=[held.pk, item.pk]),
        reverse("meetings:decision-edit", args=[held.pk, decision.pk]),
        reverse("meetings:meeting-attendance", args=[held.pk]),
        reverse("meetings:meeting-attachments", args=[held.pk]),
        reverse("meetings:meeting-history", args=[held.pk]),
        reverse("meetings:meeting-proposals", args=[planned.pk]),
        reverse("meetings:group-presence", args=[held.group_id]),
        reverse("meetings:group-decisions", args=[held.group_id]),
        reverse("meetings:decision-done", args=[decision.pk]),
        reverse("agreements:agreement-list"),
        reverse("agreements:agreement-detail", args=[2024]),
        reverse("agreements:initiative-detail", args=[2024, initiative.ref]),
        reverse("agreements:agreement-coverage", args=[2025]),
        reverse("agreements:activity-links", args=[activity.pk]),
        reverse("registry:people", args=["mellansverige"]),
        reverse("registry:invitation-create", args=["mellansverige"]),
        reverse("notifications:preferences"),
        reverse("registry:password-reset"),
    ]
    assert check(page, live_server, paths) == []
