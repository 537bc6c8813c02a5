"""The pages keep to the Content-Security-Policy: the browser refuses nothing on them."""

import pytest
from django.urls import reverse

from followup.models import FollowUpRound
from tests.conftest import MELLANSVERIGE, NORR

from .conftest import log_in


def policy_errors(page) -> list[str]:
    """Every console error the page logs from now on about the Content Security Policy."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return errors


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_load_without_a_policy_violation(
    page, live_server, round_builder, coordinator, reporter_a
):
    published = FollowUpRound.objects.get(plan__slug=NORR, year=2023)
    open_round = round_builder()
    errors = policy_errors(page)

    visit(page, f"{live_server.url}{reverse('login')}")
    visit(page, f"{live_server.url}{reverse('admin:login')}")
    log_in(page, live_server, "alice")
    coordinator_pages = [
        reverse("plans:plan-list"),
        reverse("plans:plan-detail", args=[MELLANSVERIGE]),
        reverse("plans:plan-pdf-preview", args=[MELLANSVERIGE]),
        reverse("followup:round-detail", args=[published.pk]),
        reverse("followup:round-matrix", args=[published.pk]),
        reverse("followup:round-pdf-preview", args=[published.pk]),
        reverse("followup:region-report-pdf-preview", args=[published.pk, "RJH"]),
    ]
    for url in coordinator_pages:
        visit(page, f"{live_server.url}{url}")
    # The stylesheet did load: the preview's cover band has its colour from print.css.
    visit(page, f"{live_server.url}{coordinator_pages[2]}")
    band = page.locator(".cover__band").evaluate("e => getComputedStyle(e).backgroundColor")
    assert band != "rgba(0, 0, 0, 0)"

    page.context.clear_cookies()
    log_in(page, live_server, "bob")
    visit(
        page, f"{live_server.url}{reverse('followup:region-report', args=[open_round.pk, 'RJH'])}"
    )
    page.get_by_role("radio", name="P – Pågående arbete").first.check()

    assert errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_inline_style_would_be_seen(page, live_server, reporter_a):
    """The check above is not vacuous: the browser does report an inline style."""
    errors = policy_errors(page)
    visit(page, f"{live_server.url}{reverse('login')}")

    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)

    assert errors and "style-src" in errors[0]
