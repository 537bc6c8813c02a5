"""Invitations: invite, mail, link, password, in with the role; unusable links; an e-mail that
already has an account."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registry.invitations import token_hash
from registry.models import Invitation, Membership, Person, Region, RoleChange

from .conftest import snapshot

pytestmark = pytest.mark.django_db
PASSWORD = "Lingon-sylt-2024"


def _invite(client, **data):
    data = {"name": "Nora Nyberg", "email": "nora@rn.se", "role": _rn_reporter(), **data}
    return client.post(reverse("registry:invitation-create", args=["norr"]), data)


def _rn_reporter() -> str:
    return f"reporter:{Region.objects.get(code='RN').pk}"


def _link(message) -> str:
    return re.search(r"https?://\S+(/inbjudan/[\w-]+/)", message.body).group(1)


def test_the_invited_person_sets_a_password_and_is_in_with_the_role(client, coordinator):
    client.force_login(coordinator)

    response = _invite(client)

    assert response.status_code == 302
    assert "En inbjudan är skickad till nora@rn.se" in client.get(response.url).content.decode()
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["nora@rn.se"]
    assert message.subject == "Inbjudan till Cancerplan – RCC Norr"
    assert "Rapportör för region, Region Norrbotten" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    link = _link(message)
    assert f'href="{settings.SITE_URL.rstrip("/")}{link}"' in html
    token = link.split("/")[2]
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Du är inbjuden som Rapportör för region, Region Norrbotten" in page.content.decode()
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302 and response.url == reverse("plans:plan-list")
    user = get_user_model().objects.get(email="nora@rn.se")
    assert (user.username, user.first_name, user.last_name) == ("nora@rn.se", "Nora", "Nyberg")
    assert user.check_password(PASSWORD)
    assert list(user.memberships.values_list("role", "region__code")) == [("reporter", "RN")]
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.used_at is not None and invitation.user == user
    assert list(RoleChange.objects.order_by("pk").values_list("action", "user", "by")) == [
        ("invited", None, coordinator.pk),
        ("granted", user.pk, coordinator.pk),
    ]
    client.logout()
    login = client.post(reverse("login"), {"username": "nora@rn.se", "password": PASSWORD})
    assert login.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_a_weak_password_is_refused_in_swedish_and_nothing_is_made(client, coordinator):
    client.force_login(coordinator)
    _invite(client)
    link = _link(mail.outbox[0])
    client.logout()

    response = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 400
    assert "Detta lösenord är alldeles för vanligt." in response.content.decode()
    assert not get_user_model().objects.filter(email="nora@rn.se").exists()
    assert Invitation.objects.get().used_at is None


def test_a_used_link_gets_a_clear_page_and_makes_nothing_more(client, coordinator):
    client.force_login(coordinator)
    _invite(client)
    link = _link(mail.outbox[0])
    client.logout()
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    before = snapshot()

    for response in (
        client.get(link),
        client.post(link, {"new_password1": "x", "new_password2": "x"}),
    ):
        assert response.status_code == 410
        assert "Inbjudan är redan använd" in response.content.decode()
    assert snapshot() == before


def test_an_expired_link_gets_a_clear_page(client, coordinator):
    client.force_login(coordinator)
    _invite(client)
    link = _link(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    before = snapshot()

    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 410
    assert "Inbjudan har gått ut" in response.content.decode()
    assert snapshot() == before


def test_an_unknown_link_gets_a_clear_page(client):
    response = client.get(reverse("registry:invitation-accept", args=["nonsense"]))
    assert response.status_code == 404
    assert "Vi hittar ingen inbjudan med den länken" in response.content.decode()


def test_resending_mails_a_new_link_and_the_old_one_stops_working(client, coordinator):
    client.force_login(coordinator)
    _invite(client)
    old_link = _link(mail.outbox[0])
    invitation = Invitation.objects.get()

    response = client.post(reverse("registry:invitation-resend", args=["norr", invitation.pk]))

    assert response.status_code == 302
    new_link = _link(mail.outbox[1])
    assert new_link != old_link
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_an_email_with_an_account_gets_the_role_at_once(client, coordinator, reporter_a):
    reporter_a.email = "Bob@RJH.se"
    reporter_a.save()
    client.force_login(coordinator)

    response = _invite(client, email="bob@rjh.se", role="reader")

    assert response.status_code == 302
    assert (
        "har redan ett konto: rollen Läsare i styrgruppen, Norra sjukvårdsregionen är tillagd"
        in (client.get(response.url).content.decode())
    )
    assert reporter_a.memberships.filter(role="reader").exists()
    assert not Invitation.objects.exists() and not mail.outbox
    assert RoleChange.objects.get().action == "granted"


def test_a_second_pending_invitation_to_the_same_address_is_refused(client, coordinator):
    client.force_login(coordinator)
    _invite(client)
    before = snapshot()

    response = _invite(client, email="NORA@rn.se", name="Nora igen")

    assert response.status_code == 400
    assert "har redan en inbjudan som väntar" in response.content.decode()
    assert 'value="Nora igen"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "inte-en-adress"}, "Fyll i en giltig e-postadress."),
        ({"name": ""}, "Detta fält måste fyllas i."),
        ({"role": ""}, "Detta fält måste fyllas i."),
        ({"role": "coordinator"}, "Välj ett giltigt alternativ."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client, coordinator, data, message):
    client.force_login(coordinator)
    before = snapshot()

    response = _invite(client, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_reader_invitation_links_the_steering_group_member_on_acceptance(client, coordinator):
    rn = Region.objects.get(code="RN")
    member = Person.objects.create(name="Stina Styrgrupp", region=rn)
    Person.objects.create(name="Annan RCC", region=Region.objects.get(code="RUP"))
    client.force_login(coordinator)
    form = client.get(reverse("registry:invitation-create", args=["norr"])).context["form"]
    assert list(form.fields["person"].queryset) == [member]

    _invite(client, name="Stina Styrgrupp", email="stina@rn.se", role="reader", person=member.pk)
    link = _link(mail.outbox[0])
    client.logout()
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    member.refresh_from_db()
    assert member.user.email == "stina@rn.se"
    assert member.user.memberships.get().role == Membership.Role.READER


def test_only_a_reader_is_linked_to_a_member(client, coordinator):
    member = Person.objects.create(name="Stina Styrgrupp", region=Region.objects.get(code="RN"))
    client.force_login(coordinator)
    before = snapshot()

    response = _invite(client, person=member.pk)

    assert response.status_code == 400
    assert "Bara en läsare i styrgruppen kopplas till en ledamot." in response.content.decode()
    assert snapshot() == before


def test_an_address_taken_as_someone_elses_username_still_gets_an_account(client, coordinator):
    get_user_model().objects.create_user(username="nora@rn.se", email="annan@rn.se")
    client.force_login(coordinator)
    _invite(client)
    link = _link(mail.outbox[0])
    client.logout()

    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302
    assert get_user_model().objects.get(email="nora@rn.se").username == "nora@rn.se-2"
