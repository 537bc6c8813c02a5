"""End to end in Chromium, as RCC Mellansverige's coordinator: the plan downloaded as Excel,
edited, uploaded, its changes read in the preview, confirmed and found in the history."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from plans.models import Activity
from tests.conftest import MELLANSVERIGE

from .conftest import axe_violations, log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edited_export_is_previewed_confirmed_and_in_the_history(
    page,
    live_server,
    samordnare,
    tmp_path,
):
    log_in(page, live_server, "samordnare-mellansverige")
    page.goto(f"{live_server.url}/planer/{MELLANSVERIGE}/")
    page.get_by_role("link", name="Uppdatera från fil…").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner planen (Excel)").click()
    exported = tmp_path / "export.xlsx"
    download.value.save_as(exported)
    workbook = load_workbook(exported)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    how = headers.index("Hur?") + 1
    sheet.cell(row=2, column=how, value="Med alla sju regioner från januari")
    key = sheet.cell(row=5, column=headers.index("Rad-ID") + 1).value
    sheet.delete_rows(5)
    edited = tmp_path / "plan.xlsx"
    workbook.save(edited)

    page.get_by_label("Kalkylblad").set_input_files(str(edited))
    page.get_by_role("button", name="Visa ändringarna").click()
    expect(page.locator(".lead")).to_contain_text("0 nya, 1 ändrade, 1 borttagna")
    expect(page.locator(".update-changes--changed")).to_contain_text(
        "Med alla sju regioner från januari"
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Spara ändringarna").click()

    expect(page.locator(".messages")).to_contain_text("Planen är uppdaterad")
    assert Activity.objects.filter(how="Med alla sju regioner från januari").exists()
    assert not Activity.objects.filter(pk=int(key[1:])).exists()
    page.goto(f"{live_server.url}/planer/{MELLANSVERIGE}/historik/")
    expect(page.locator(".history-entry").first).to_contain_text("Tog bort")
    change = page.locator(".history-entry", has_text="Ändrade").first
    expect(change).to_contain_text("Hur?")
    expect(change).to_contain_text("januari")
