"""The yearly follow-up as people work it, end to end in Chromium, with axe-core on every page:
the coordinator returns a report with a message, the reporter reads it, reuses last year's
answer, changes a goal and sees it saved, submits; the coordinator condenses a comment in the
goal view."""

import re

import pytest
from playwright.sync_api import expect

from followup.models import Assessment, FollowUpRound, RegionReport
from followup.services import region_report_submit
from plans.models import Goal
from tests.conftest import NORR

from .conftest import axe_violations, log_in

MESSAGE = "Vänligen komplettera mål 1.2 med hur screeningen följs upp."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_return_fill_in_submit_and_condense(browser, live_server, coordinator, reporter_a):
    round = FollowUpRound.objects.get(plan__slug=NORR, year=2024)
    region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
    first, second = Goal.objects.filter(area__plan=round.plan).order_by("area__order", "order")[:2]
    problems = []

    def looked_at(page):
        page.wait_for_load_state("load")
        problems.extend(axe_violations(page))

    # 1. The coordinator returns RJH's report with a message.
    alice = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(alice, live_server, "alice")
    alice.goto(f"{live_server.url}{round.get_absolute_url()}")
    looked_at(alice)
    alice.get_by_role("link", name="Återsänd… Region Jämtland Härjedalen").click()
    looked_at(alice)
    alice.get_by_label("Meddelande till regionen").fill(MESSAGE)
    alice.get_by_role("button", name="Återsänd för ändringar").click()
    expect(alice.get_by_text("är återsänd för ändringar")).to_be_visible()
    looked_at(alice)

    # 2. The reporter sees the message on the start page and in the form.
    bob = browser.new_context(viewport={"width": 800, "height": 900}).new_page()
    log_in(bob, live_server, "bob")
    expect(bob.get_by_text(MESSAGE)).to_be_visible()
    looked_at(bob)
    bob.get_by_role("link", name=re.compile("Region Jämtland Härjedalen, ")).click()
    expect(bob.get_by_role("heading", name="Återsänd för ändringar")).to_be_visible()
    expect(bob.get_by_text(MESSAGE)).to_be_visible()
    looked_at(bob)

    # 3. "Samma som förra året" on one goal; 4. another goal changed, saved by itself.
    bob.get_by_role("button", name=f"Samma som förra året (mål {first.number})").click()
    bob.locator(f"#mal-{second.pk}").get_by_role("radio", name="P – Pågående arbete").check()
    bob.locator(f"#mal-{second.pk}").get_by_label("Kommentar").fill(
        "Uppföljningen sker kvartalsvis."
    )
    expect(bob.locator("[data-save-status]")).to_have_text(
        re.compile(r"Sparat \d\d:\d\d"), timeout=10_000
    )
    looked_at(bob)

    # 5. The reporter submits.
    bob.get_by_role("button", name="Skicka in…").click()
    bob.wait_for_url(re.compile("/skicka-in/$"))
    looked_at(bob)
    bob.get_by_role("button", name=re.compile("^Skicka in")).click()
    expect(bob.get_by_text("Rapporten är inskickad. Tack!")).to_be_visible()

    report = round.reports.get(region__code="RJH")
    assert report.state == RegionReport.State.SUBMITTED
    last_year = Assessment.objects.get(
        round__plan=round.plan, round__year=2023, region__code="RJH", goal=first
    )
    copied = Assessment.objects.get(round=round, region__code="RJH", goal=first)
    assert (copied.level, copied.comment) == (last_year.level, last_year.comment)

    # 6. The coordinator finds the report in the goal view and condenses a comment.
    alice.goto(f"{live_server.url}/uppfoljning/{round.pk}/matris/")
    looked_at(alice)
    alice.get_by_role("link", name=second.number, exact=True).click()
    looked_at(alice)
    region = alice.locator("#region-RJH")
    expect(region.get_by_text("Uppföljningen sker kvartalsvis.")).to_be_visible()
    region.get_by_label("Kondenserad kommentar").fill("Följs upp kvartalsvis.")
    region.get_by_role("button", name=re.compile("^Spara")).click()
    expect(
        alice.get_by_text("Den kondenserade kommentaren för Region Jämtland Härjedalen är sparad.")
    ).to_be_visible()
    looked_at(alice)
    alice.keyboard.press("Alt+Shift+N")
    alice.wait_for_url(re.compile(r"/mal/\d+/$"))
    assert f"/mal/{second.pk}/" not in alice.url

    condensed = Assessment.objects.get(round=round, region__code="RJH", goal=second)
    assert condensed.condensed_comment == "Följs upp kvartalsvis."
    assert problems == [], "\n".join(problems)
