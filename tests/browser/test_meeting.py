"""End to end in Chromium, as RCC Mellansverige's coordinator: the agenda of 18 September 2025
is built with the decision of 3 June on it as feedback, the meeting is held, attendance
recorded in one click per person, a decision and the minutes written, and the minutes
downloaded as a PDF."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import Attendance, Meeting
from registry.models import Person

from .conftest import axe_violations, log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_coordinator_prepares_holds_and_minutes_a_meeting(page, live_server, samordnare):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "samordnare-mellansverige")
    meeting = Meeting.objects.get(date=date(2025, 9, 18))

    # 1. From the meeting list to the planned meeting and its agenda.
    page.goto(f"{live_server.url}/moten/")
    page.get_by_role("link", name="Digitalt möte").first.click()
    page.get_by_role("link", name="Förbered mötet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("18 september 2025")

    # 2. The decision of 3 June is due here.
    feedback = page.locator("section", has=page.get_by_role("heading", name="Återkoppling"))
    expect(feedback).to_contain_text("Styrgruppens representanter tar med frågan om")
    expect(feedback).to_contain_text("Beslutat 3 juni 2025")
    assert axe_violations(page) == []

    # 3. Two items, timed; the second moved first; the time splits by kind.
    form = page.locator("form", has=page.get_by_role("button", name="Lägg till punkten"))
    form.get_by_label("Rubrik").fill("Återkoppling: implementering och KSSK-uppdrag")
    form.get_by_label("Typ").select_option("discussion")
    form.get_by_label("Planerad tid (minuter)").fill("20")
    form.get_by_label("Gustav Ekbäck (Region Örebro län)").check()
    form.get_by_role("button", name="Lägg till punkten").click()
    expect(page.locator(".messages")).to_contain_text("Punkt 1 är tillagd.")
    form = page.locator("form", has=page.get_by_role("button", name="Lägg till punkten"))
    form.get_by_label("Rubrik").fill("Nyheter från RCC")
    form.get_by_label("Planerad tid (minuter)").fill("15")
    form.get_by_role("button", name="Lägg till punkten").click()
    page.get_by_role("button", name="↑ Upp punkt 2").click()
    expect(page.locator(".messages")).to_contain_text("«Nyheter från RCC» är nu punkt 1.")
    expect(page.locator(".meeting-item h3")).to_have_text(
        ["1. Nyheter från RCC", "2. Återkoppling: implementering och KSSK-uppdrag"]
    )
    time_table = page.locator("section", has=page.get_by_role("heading", name="Tid"))
    expect(time_table.get_by_role("row", name=re.compile("^Information"))).to_contain_text("43 %")
    expect(time_table.get_by_role("row", name=re.compile("^Diskussion"))).to_contain_text("57 %")

    # 4. The meeting is held (its day has passed).
    page.get_by_role("button", name="Markera mötet som genomfört").click()
    expect(page.locator(".messages")).to_contain_text("Mötet är markerat som genomfört.")

    # 5. Attendance, one click per person.
    page.get_by_role("link", name="Närvaro", exact=True).click()
    gustav = Person.objects.get(name="Gustav Ekbäck")
    ulla = Person.objects.get(name="Ulla Allard")
    page.get_by_role("group", name="Närvaro för Gustav Ekbäck").get_by_role(
        "button", name="Närvarande"
    ).click()
    page.get_by_role("group", name="Närvaro för Ulla Allard").get_by_role(
        "button", name="På länk"
    ).click()
    expect(
        page.get_by_role("group", name="Närvaro för Ulla Allard").get_by_role(
            "button", name="På länk"
        )
    ).to_have_attribute("aria-pressed", "true")
    assert axe_violations(page) == []
    statuses = dict(meeting.attendances.values_list("person", "status"))
    assert statuses == {gustav.pk: Attendance.Status.PRESENT, ulla.pk: Attendance.Status.REMOTE}

    # 6. A decision under the feedback item, and the item's minutes.
    page.get_by_role("link", name="Tillbaka till dagordning och protokoll").click()
    page.get_by_role("link", name="Nytt beslut under punkt 2").click()
    page.get_by_label("Beslut", exact=True).fill("Varje region redovisar sitt LPO:s svar.")
    page.get_by_label("Ansvarig", exact=True).fill("Styrgruppens representanter")
    page.get_by_label("Vid nästa möte").check()
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.locator(".messages")).to_contain_text("Beslutet under punkt 2 är sparat.")
    page.get_by_role("link", name="Ändra punkt 2").click()
    page.get_by_label("Protokolltext").fill("Regionerna redogjorde för sina LPO:s svar.")
    page.get_by_role("button", name="Spara punkten").click()
    expect(page.locator(".messages")).to_contain_text("Punkt 2 är sparad.")

    # 7. The minutes, in the browser and as a PDF.
    page.get_by_role("link", name="Visa mötet som läsarna ser det").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    expect(page.locator("main")).to_contain_text("Varje region redovisar sitt LPO:s svar.")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("protokollet \\(PDF\\)")).click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert errors == []
