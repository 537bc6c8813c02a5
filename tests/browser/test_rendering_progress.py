"""The page that follows a PDF being made updates in place, then downloads the file."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from documents.models import Rendering
from tests.conftest import MELLANSVERIGE

from .conftest import log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_progress_is_followed_without_a_reload(page, live_server, reader, monkeypatch):
    monkeypatch.setattr(
        "documents.renderings.render_document", SimpleNamespace(enqueue=lambda pk: None)
    )
    log_in(page, live_server, "dana")
    response = page.goto(f"{live_server.url}{reverse('plans:plan-pdf', args=[MELLANSVERIGE])}")
    assert response.status == 202
    assert page.get_by_text("PDF-filen står i kö för att tas fram…").is_visible()
    page.evaluate("window.notReloaded = true")

    Rendering.objects.update(state=Rendering.State.RUNNING)
    page.get_by_text("PDF-filen tas fram…").wait_for()
    with page.expect_download() as download:
        Rendering.objects.update(state=Rendering.State.READY, content=b"%PDF-1.7 test")
        page.get_by_text("PDF-filen är klar.").wait_for()

    assert download.value.suggested_filename == f"{MELLANSVERIGE}.pdf"
    assert page.evaluate("window.notReloaded") is True
    assert page.locator(".rendering[aria-live=polite]").count() == 1
