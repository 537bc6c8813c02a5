"""Password reset by e-mail, through Django's own views with Swedish templates; the mail goes
through the background worker (immediate in tests)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Hjortron-paj-2025"


def test_the_login_page_links_to_the_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("registry:password-reset")}">Glömt lösenordet?' in html


def test_a_person_resets_their_password_by_the_mailed_link(client, registry):
    user = make_user("ylva")

    response = client.post(reverse("registry:password-reset"), {"email": "YLVA@example.se"})

    assert response.status_code == 302 and response.url == reverse("registry:password-reset-done")
    assert "Titta i din e-post" in client.get(response.url).content.decode()
    [message] = mail.outbox
    assert message.to == ["ylva@example.se"]
    assert message.subject == "Nytt lösenord till Cancerplan"
    assert "Hej Ylva Testsson!" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "Välj ett nytt lösenord" in html
    link = re.search(r"http://testserver(/losenord/nytt/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert done.status_code == 302 and done.url == reverse("registry:password-reset-complete")
    assert "Lösenordet är bytt" in client.get(done.url).content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert "Länken fungerar inte" in client.get(link, follow=True).content.decode()


def test_a_weak_new_password_is_refused_in_swedish(client, registry):
    user = make_user("ylva")
    client.post(reverse("registry:password-reset"), {"email": "ylva@example.se"})
    link = re.search(r"http://testserver(/losenord/nytt/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "ylva", "new_password2": "ylva"}
    )

    assert response.status_code == 200  # Django's view answers a bad form with 200
    assert "Det här lösenordet är för kort." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("pw")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, registry):
    response = client.post(reverse("registry:password-reset"), {"email": "ingen@example.se"})
    assert response.status_code == 302
    assert not mail.outbox
