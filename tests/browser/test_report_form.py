"""The report form in a browser: unsaved changes, saving in place and in the background, last
year's answer, and two people saving different goals at the same moment."""

import re

import pytest
from playwright.sync_api import expect

from followup.models import Assessment
from followup.services import region_report_save

from .conftest import log_in

SAVED = re.compile(r"Sparat \d\d:\d\d")


def assessments(round):
    return list(
        Assessment.objects.filter(round=round, region__code="RJH").order_by(
            "goal__area__order", "goal__order"
        )
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unsaved_changes_warn_and_spara_utkast_saves_in_place(
    page, live_server, round_builder, reporter_a
):
    round = round_builder()
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/uppfoljning/{round.pk}/region/RJH/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.get_by_role("radio", name="P – Pågående arbete").first.check()
    page.get_by_label("Kommentar").first.fill("Osparad text")
    page.get_by_role("link", name="Planer").click()

    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/uppfoljning/{round.pk}/region/RJH/")

    comment = page.get_by_label("Kommentar").first
    page.get_by_role("button", name="Spara utkast").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-save-status]")).to_have_text(SAVED)
    assert page.url.endswith(f"/uppfoljning/{round.pk}/region/RJH/")  # stayed where it was
    assert comment.input_value() == "Osparad text"
    first = assessments(round)[0]
    assert (first.level, first.comment) == ("P", "Osparad text")
    expect(page.locator("[data-progress]")).to_have_text("1 av 6 bedömda")

    page.get_by_role("link", name="Planer").click()
    page.wait_for_url(f"{live_server.url}/")
    assert dialogs == ["beforeunload"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_draft_saves_itself_and_last_years_answer_can_be_reused(
    page, live_server, norr, plan_builder, round_builder, reporter_a
):
    plan = plan_builder(slug="tva-ar", owner=norr)
    last_year = round_builder(year=2023, plan=plan)
    first_goal = assessments(last_year)[0].goal
    region_report_save(
        report=last_year.reports.get(region__code="RJH"),
        values={first_goal.pk: ("U", "Förra årets text")},
        original={},
        user=reporter_a,
    )
    round = round_builder(year=2024, plan=plan)
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/uppfoljning/{round.pk}/region/RJH/")

    page.get_by_role("button", name=f"Samma som förra året (mål {first_goal.number})").click()
    assert page.get_by_label("Kommentar").first.input_value() == "Förra årets text"
    page.get_by_label("Kommentar").nth(1).fill("Ny text i det andra målet")
    expect(page.locator("[data-save-status]")).to_have_text(SAVED, timeout=10_000)

    first, second = assessments(round)[:2]
    assert (first.level, first.comment) == ("U", "Förra årets text")
    assert second.comment == "Ny text i det andra målet"
    page.reload()
    expect(page.locator("[data-progress]")).to_have_text("1 av 6 bedömda")
    assert page.get_by_label("Kommentar").nth(1).input_value() == "Ny text i det andra målet"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_saving_different_goals_at_once_keep_both(
    browser_context, live_server, round_builder, reporter_a
):
    round = round_builder()
    pages = []
    for _ in range(2):
        page = browser_context()
        log_in(page, live_server, "bob")
        page.goto(f"{live_server.url}/uppfoljning/{round.pk}/region/RJH/")
        pages.append(page)
    first_page, second_page = pages

    first_page.get_by_label("Kommentar").nth(0).fill("Från flik A")
    second_page.get_by_label("Kommentar").nth(1).fill("Från flik B")
    first_page.get_by_role("button", name="Spara utkast").click()
    second_page.get_by_role("button", name="Spara utkast").click()
    for page in pages:
        expect(page.locator("[data-save-status]")).to_have_text(SAVED)

    first, second = assessments(round)[:2]
    assert (first.comment, second.comment) == ("Från flik A", "Från flik B")


HIDDEN_BY_BARS = """() => {
  const focused = document.activeElement.getBoundingClientRect();
  const bars = [".report-toolbar", ".form-actions"]
    .map((selector) => document.querySelector(selector).getBoundingClientRect());
  return bars.some((bar) => focused.top < bar.bottom && focused.bottom > bar.top);
}"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1366, 800])
def test_no_focused_control_hides_under_the_sticky_bars(browser, live_server, reporter_a, width):
    from followup.models import FollowUpRound
    from tests.conftest import NORR

    round = FollowUpRound.objects.get(plan__slug=NORR, year=2024)  # the demo's 43 goals
    page = browser.new_page(viewport={"width": width, "height": 800})
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/uppfoljning/{round.pk}/region/RJH/")
    page.locator(".area-jump a").last.focus()

    hidden, stops = [], 0
    while stops < 400:
        page.keyboard.press("Tab")
        stops += 1
        if page.evaluate("document.activeElement.closest('.form-actions') !== null"):
            break
        if page.evaluate("document.activeElement.closest('.report-toolbar') !== null"):
            continue
        if page.evaluate(HIDDEN_BY_BARS):
            hidden.append(page.evaluate("document.activeElement.id || document.activeElement.name"))

    assert stops > 100  # went through the goals
    assert hidden == []
