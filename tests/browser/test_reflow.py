"""At 320 px wide no page scrolls sideways; tables scroll inside their own box (WCAG 1.4.10)."""

import pytest
from django.urls import reverse

from followup.models import FollowUpRound
from plans.models import Goal
from tests.conftest import MELLANSVERIGE, NORR

from .conftest import log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_is_wider_than_320_px(browser, live_server, coordinator, reporter_a):
    published = FollowUpRound.objects.get(plan__slug=NORR, year=2023)
    open_round = FollowUpRound.objects.get(plan__slug=NORR, year=2024)
    goal = Goal.objects.filter(area__plan=open_round.plan).order_by("area__order", "order")[1]
    pages = {
        "alice": [
            reverse("plans:plan-list"),
            reverse("plans:plan-detail", args=[NORR]),
            reverse("plans:plan-detail", args=[MELLANSVERIGE]),
            reverse("plans:plan-abbreviations", args=[MELLANSVERIGE]),
            reverse("followup:round-list"),
            reverse("followup:round-detail", args=[published.pk]),
            reverse("followup:round-detail", args=[open_round.pk]),
            reverse("followup:round-matrix", args=[published.pk]),
            reverse("followup:goal-detail", args=[published.pk, goal.pk]),
            reverse("followup:region-report", args=[published.pk, "RJH"]),
            reverse("followup:assessment-detail", args=[published.pk, "RJH", goal.pk]),
            reverse("followup:round-pdf-preview", args=[published.pk]),
        ],
        "bob": [
            reverse("followup:round-detail", args=[open_round.pk]),
            reverse("followup:region-report", args=[open_round.pk, "RJH"]),
            reverse("followup:region-report-submit", args=[open_round.pk, "RJH"]),
        ],
    }
    too_wide = []
    for username, paths in pages.items():
        page = browser.new_context(viewport={"width": 320, "height": 700}).new_page()
        log_in(page, live_server, username)
        for path in paths:
            assert page.goto(f"{live_server.url}{path}").status == 200, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{path}: {width} px")

    assert too_wide == []
