import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.django_db
def test_a_probe_is_answered_whatever_its_host_and_scheme(client, settings):
    """A load balancer probes the container by address, over plain http."""
    settings.ALLOWED_HOSTS = ["cancerplan.example.se"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert client.get("/logga-in/", HTTP_HOST="10.0.0.7:8000").status_code == 400
