"""End to end in Chromium, as RCC Mellansverige's coordinator: next year's action plan made
from 2025's, edited row by row in the browser, its history read and a deletion undone, and the
plan approved."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import Activity, Plan
from tests.conftest import MELLANSVERIGE

from .conftest import axe_violations, log_in

NEW = "mellansverige-handlingsplan-2026"


def goal_rows(page, goal_id: int) -> list[str]:
    """The "Vad ska göras?" texts of a goal's activities, as the edit view shows them."""
    return page.locator(f"#mal-{goal_id} tr[id^=aktivitet-] td.col-what").all_inner_texts()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_years_plan_is_made_edited_restored_and_approved(page, live_server, samordnare):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "samordnare-mellansverige")

    # 1. Copy the 2025 action plan to a 2026 draft.
    page.goto(f"{live_server.url}/planer/{MELLANSVERIGE}/")
    page.get_by_role("link", name="Kopiera planen…").click()
    expect(page.get_by_label("Titel")).to_have_value("Handlingsplan för RCC Mellansverige 2026")
    page.get_by_role("button", name="Skapa kopian").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Handlingsplan för RCC Mellansverige 2026"
    )
    plan = Plan.objects.get(slug=NEW)
    assert plan.status == Plan.Status.DRAFT
    page.get_by_role("link", name="Redigera planen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Redigera")
    # A click before the page's scripts have run is the page without JavaScript (the form
    # as a page of its own), which the second test walks; this one waits for htmx.
    page.wait_for_load_state("load")
    page.wait_for_function("window.htmx !== undefined")

    # 2. Edit an activity's "Hur?": only its row is swapped, and says so.
    activities = Activity.objects.filter(goal__area__plan=plan)
    edited = activities.order_by("goal__area__order", "goal__order", "order")[0]
    row = page.locator(f"#aktivitet-{edited.pk}")
    row.get_by_role("link", name=re.compile("^Ändra")).click()
    how = row.get_by_label("Hur?")
    expect(row.get_by_label("Vad ska göras?")).to_be_focused()  # the form's first field
    how.fill("Genom samverkansprojekt i alla sju regioner, med start i mars.")
    row.get_by_role("button", name="Spara").click()
    expect(row.locator("td.col-how")).to_have_text(
        "Genom samverkansprojekt i alla sju regioner, med start i mars."
    )
    expect(page.locator("#edit-status")).to_have_text("Sparat.")
    expect(row.get_by_role("link", name=re.compile("^Ändra"))).to_be_focused()

    # 3. Add an activity under the same goal.
    goal_id = edited.goal_id
    page.locator(f"#ny-aktivitet-{goal_id}").get_by_role("link").click()
    form = page.locator(f"#ny-aktivitet-{goal_id}")
    form.get_by_label("Vad ska göras?").fill("Utbilda patientföreträdare i alla regioner")
    form.get_by_label("Tidsram").fill("2026")
    form.get_by_role("button", name="Spara").click()
    expect(page.locator("#edit-status")).to_have_text("Aktiviteten är tillagd.")
    rows = goal_rows(page, goal_id)
    assert rows[-1] == "Utbilda patientföreträdare i alla regioner"

    # 4. Move it up, from the keyboard.
    added = activities.get(what="Utbilda patientföreträdare i alla regioner")
    up = page.locator(f"#aktivitet-{added.pk}").get_by_role(
        "button", name=re.compile("^Flytta upp")
    )
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#edit-status")).to_have_text("Flyttad upp.")
    assert goal_rows(page, goal_id).index("Utbilda patientföreträdare i alla regioner") == (
        len(rows) - 2
    )
    # The moved row keeps the focus, so it can go on moving.
    expect(page.locator(":focus")).to_have_attribute("value", re.compile("up|down"))

    # 5. Delete another activity, after a confirmation that names it.
    deleted = activities.exclude(pk__in=[edited.pk, added.pk]).order_by("pk")[3]
    page.locator(f"#aktivitet-{deleted.pk}").get_by_role(
        "link", name=re.compile("^Ta bort")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort aktiviteten?")
    page.get_by_role("button", name="Ta bort").click()
    expect(page.locator(".messages")).to_contain_text("Aktiviteten är borttagen.")
    assert not Activity.objects.filter(pk=deleted.pk).exists()
    assert axe_violations(page) == []

    # 6. The history shows each change, with the words that changed.
    page.goto(f"{live_server.url}/planer/{NEW}/historik/")
    change = page.locator(".history-entry", has_text="Ändrade").first
    # Rows are named by where they stand now: the added row went up above the edited one.
    expect(change.locator(".history-entry__what")).to_contain_text("Tabell 1, rad 2")
    expect(change.locator(".history-diff")).to_contain_text("samverkansprojekt")
    expect(change.locator("ins").first).to_be_visible()
    expect(page.locator(".history-entry", has_text="Tog bort").first).to_be_visible()
    assert axe_violations(page) == []

    # 7. Restore the deleted activity.
    entry = page.locator(".history-entry", has_text="Tog bort").filter(has_text=deleted.what[:40])
    entry.first.get_by_role("link", name=re.compile("Återställ")).click()
    page.get_by_role("button", name=re.compile("Återställ")).click()
    expect(page.locator(".messages")).to_contain_text("återställ")
    assert Activity.objects.filter(pk=deleted.pk, what=deleted.what).exists()

    # 8. Approve the plan.
    page.goto(f"{live_server.url}/planer/{NEW}/")
    page.get_by_role("link", name="Godkänn planen…").click()
    page.get_by_label("Godkänd av").fill("Samverkansnämnden")
    page.get_by_label("Godkänd den").fill("2026-01-20")
    page.get_by_role("button", name=re.compile("Godkänn")).click()
    expect(page.locator(".badge--approved")).to_have_text("Godkänd")
    assert errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_edit_view_works_without_javascript(browser, live_server, samordnare):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 800, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "samordnare-mellansverige")
    plan = Plan.objects.get(slug=MELLANSVERIGE)
    activity = Activity.objects.filter(goal__area__plan=plan).order_by("pk")[2]

    page.goto(f"{live_server.url}/planer/{MELLANSVERIGE}/redigera/")
    page.locator(f"#aktivitet-{activity.pk}").get_by_role("link", name=re.compile("^Ändra")).click()
    page.get_by_label("Hur?").fill("Utan skript")
    page.get_by_role("button", name="Spara").click()

    assert page.url.endswith(f"/redigera/#aktivitet-{activity.pk}")
    expect(page.locator(".messages")).to_contain_text("Sparat.")
    expect(page.locator(f"#aktivitet-{activity.pk} td.col-how")).to_have_text("Utan skript")
    context.close()
