"""The error pages speak Swedish, carry the site's header and lead back to the start."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults
from django.views.csrf import csrf_failure


def assert_swedish_page(content: str, heading: str):
    assert '<html lang="sv">' in content
    assert "– Cancerplan</title>" in content
    assert 'class="site-header"' in content
    assert heading in content
    assert 'href="/"' in content and "Till startsidan" in content


@pytest.mark.django_db
def test_a_missing_page(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert_swedish_page(response.content.decode(), "Sidan finns inte")
    assert "Logga ut" in response.content.decode()  # the header knows who is logged in


@pytest.mark.django_db
def test_a_forbidden_page(client, round_builder, reporter_a):
    round = round_builder()
    client.force_login(reporter_a)  # reports for RJH, but may not return its report

    response = client.get(
        reverse("followup:region-report-return", kwargs={"pk": round.pk, "code": "RJH"})
    )

    assert response.status_code == 403
    assert_swedish_page(response.content.decode(), "Du har inte behörighet till det här")


@pytest.mark.django_db
def test_the_handlers_render_swedish_pages(rf: RequestFactory):
    request = rf.get("/")
    pages = {
        "Felaktig begäran": defaults.bad_request(request, Exception()),
        "Du har inte behörighet till det här": defaults.permission_denied(request, Exception()),
        "Något gick fel hos oss": defaults.server_error(request),
        "Formuläret kunde inte skickas": csrf_failure(request),
    }

    for heading, response in pages.items():
        assert_swedish_page(response.content.decode(), heading)


@pytest.mark.django_db
def test_a_form_posted_without_its_token_gets_the_swedish_page(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert_swedish_page(response.content.decode(), "Formuläret kunde inte skickas")
