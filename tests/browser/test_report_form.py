import pytest

from followup.models import Assessment

from .conftest import log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_form_warns_before_leaving_unsaved_changes_and_saves_by_keyboard(
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

    page.get_by_role("button", name="Spara utkast").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Utkastet är sparat.").is_visible()
    first = Assessment.objects.filter(round=round, region__code="RJH").order_by(
        "goal__area__order", "goal__order"
    )[0]
    assert (first.level, first.comment) == ("P", "Osparad text")

    page.get_by_role("link", name="Planer").click()
    page.wait_for_url(f"{live_server.url}/")
    assert dialogs == ["beforeunload"]
