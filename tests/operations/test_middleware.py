import pytest
from django.urls import reverse

from tests.conftest import NORR

PRIVATE = "private, no-store"


@pytest.fixture
def logged_in(client, reader):
    client.force_login(reader)
    return client


@pytest.mark.django_db
class TestCacheControl:
    @pytest.mark.parametrize(
        "url",
        [
            reverse("plans:plan-list"),
            reverse("plans:plan-detail", args=[NORR]),
            reverse("followup:round-list"),
        ],
    )
    def test_pages_behind_login_are_not_stored(self, logged_in, url):
        response = logged_in.get(url)

        assert response.status_code == 200
        assert response["Cache-Control"] == PRIVATE

    def test_downloads_are_not_stored(self, logged_in):
        response = logged_in.get(reverse("plans:plan-export", args=[NORR, "csv"]))

        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert response["Cache-Control"] == PRIVATE

    def test_a_pdf_download_is_not_stored(self, logged_in):
        response = logged_in.get(reverse("plans:plan-pdf", args=[NORR]))

        assert response.status_code == 200
        assert response["Cache-Control"] == PRIVATE

    def test_the_login_pages_are_not_stored(self, client):
        assert client.get(reverse("login"))["Cache-Control"] == PRIVATE
        assert client.get(reverse("admin:login"))["Cache-Control"] == PRIVATE

    def test_a_redirect_to_login_says_nothing_of_caching(self, client):
        response = client.get(reverse("plans:plan-list"))

        assert response.status_code == 302
        assert "Cache-Control" not in response


@pytest.mark.django_db
class TestSecurityHeaders:
    def test_every_page_has_a_content_security_policy_without_inline_code(self, logged_in):
        policy = logged_in.get(reverse("plans:plan-list"))["Content-Security-Policy"]

        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy

    def test_the_pdf_previews_have_it_too(self, logged_in):
        response = logged_in.get(reverse("plans:plan-pdf-preview", args=[NORR]))

        assert response.status_code == 200
        assert "style-src 'self'" in response["Content-Security-Policy"]
        assert "<style" not in response.content.decode()
        assert "style=" not in response.content.decode()

    def test_what_was_right_stays_right(self, logged_in):
        response = logged_in.get(reverse("plans:plan-list"))

        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
