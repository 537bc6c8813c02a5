"""End to end: a coordinator invites a new reporter, who gets in by the mailed link and finds
their region's form on the start page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from registry.models import HealthcareRegion, Membership
from tests.conftest import _user

from .conftest import log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_samordnare_norr_invites_a_reporter_who_gets_in_by_the_link(
    browser_context, live_server, round_builder
):
    round = round_builder(year=2024)
    _user(
        "samordnare-norr",
        Membership.Role.COORDINATOR,
        first_name="Sara",
        last_name="Samordnare",
        healthcare_region=HealthcareRegion.objects.get(code="norr"),
    )

    page = browser_context()
    log_in(page, live_server, "samordnare-norr")
    page.get_by_role("link", name="Personer").click()
    expect(page.get_by_role("heading", name="Personer och roller")).to_be_visible()
    page.get_by_role("link", name="Bjud in en person").click()
    page.get_by_label("Namn").fill("Nora Nyberg")
    page.get_by_label("E-post").fill("nora@rn.se")
    page.get_by_label("Roll").select_option(label="Rapportör för region, Region Norrbotten")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text("En inbjudan är skickad till nora@rn.se.")).to_be_visible()

    [message] = mail.outbox
    assert message.to == ["nora@rn.se"]
    assert [kind for _content, kind in message.alternatives] == ["text/html"]
    path = re.search(r"https?://[^/\s]+(/inbjudan/[\w-]+/)", message.body).group(1)
    invited = browser_context()
    invited.goto(live_server.url + path)
    expect(
        invited.get_by_text("Du är inbjuden som Rapportör för region, Region Norrbotten")
    ).to_be_visible()
    invited.get_by_label("Nytt lösenord", exact=True).fill("Moltebar-2024!")
    invited.get_by_label("Bekräfta nytt lösenord").fill("Moltebar-2024!")
    invited.get_by_role("button", name="Spara lösenordet och logga in").click()

    invited.wait_for_url(f"{live_server.url}/")
    expect(
        invited.get_by_text("Du är inloggad som Rapportör för region, Region Norrbotten")
    ).to_be_visible()
    own = invited.locator(
        "section", has=invited.get_by_role("heading", name="Din regions rapporter")
    )
    row = own.get_by_role("row").filter(has=invited.get_by_role("link", name=round.title))
    expect(row.get_by_role("cell", name="Region Norrbotten")).to_be_visible()
    expect(own.get_by_role("cell", name="Region Jämtland Härjedalen")).to_have_count(0)
    todo = invited.locator("section", has=invited.get_by_role("heading", name="Att göra"))
    assert "Region Norrbotten" in todo.inner_text()
    nora = get_user_model().objects.get(email="nora@rn.se")
    assert nora.is_active and nora.check_password("Moltebar-2024!")
    assert list(nora.memberships.values_list("role", "region__code")) == [
        (Membership.Role.REPORTER, "RN")
    ]
