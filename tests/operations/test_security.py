import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from operations.security import client_ip

LOCKED = "För många misslyckade inloggningsförsök. Försök igen om 15 minuter."
# What the site's and the admin's login forms say of a wrong password.
WRONG = {reverse("login"): "korrekt användarnamn och lösenord", reverse("admin:login"): "lösenord"}


def page_text(response) -> str:
    """The page without its CSRF token, which differs from one response to the next."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def log_in(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
class TestLoginThrottling:
    @pytest.mark.parametrize("url", [reverse("login"), reverse("admin:login")])
    def test_a_username_and_address_are_locked_after_five_failures(self, client, url):
        get_user_model().objects.create_superuser("admin", password="rätt")

        for _ in range(4):
            response = log_in(client, url, "admin", "fel")
            assert response.status_code == 200
            assert WRONG[url] in response.content.decode()
        response = log_in(client, url, "admin", "fel")

        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        assert WRONG[url] not in response.content.decode()
        # The lockout page is the login page, the admin's for the admin.
        assert 'name="password"' in response.content.decode()
        response = log_in(client, url, "admin", "rätt")
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_the_lock_says_nothing_of_whether_the_user_exists(self, client, reader):
        url = reverse("login")
        for _ in range(5):
            existing = log_in(client, url, "dana", "fel")
            missing = log_in(client, url, "finns-inte", "fel")

        assert (existing.status_code, missing.status_code) == (429, 429)
        assert page_text(existing).replace("dana", "finns-inte") == page_text(missing)

    def test_another_address_or_username_is_not_locked(self, client, reader, coordinator):
        url = reverse("login")
        for _ in range(5):
            log_in(client, url, "dana", "fel")

        assert log_in(client, url, "dana", "pw", address="10.0.0.2").status_code == 302
        client.logout()
        assert log_in(client, url, "alice", "pw").status_code == 302

    def test_the_lock_ends_after_the_cool_off(self, client, reader):
        url = reverse("login")
        for _ in range(5):
            log_in(client, url, "dana", "fel")
        assert log_in(client, url, "dana", "pw").status_code == 429

        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

        assert log_in(client, url, "dana", "pw").status_code == 302

    def test_a_success_resets_the_count(self, client, reader):
        url = reverse("login")
        for _ in range(4):
            log_in(client, url, "dana", "fel")
        assert log_in(client, url, "dana", "pw").status_code == 302
        client.logout()

        for _ in range(4):
            assert log_in(client, url, "dana", "fel").status_code == 200
        assert log_in(client, url, "dana", "pw").status_code == 302


class TestClientAddress:
    def test_without_proxies_it_is_the_connections(self, settings):
        settings.PROXY_COUNT = 0
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")

        assert client_ip(request) == "10.0.0.9"

    def test_behind_proxies_it_is_the_one_the_outermost_proxy_saw(self, settings):
        settings.PROXY_COUNT = 1
        request = RequestFactory().get(
            "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10"
        )

        assert client_ip(request) == "192.0.2.10"
        settings.PROXY_COUNT = 3
        assert client_ip(request) == "10.0.0.9"
