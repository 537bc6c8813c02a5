"""Rights on the people pages, per role, with forged ids; roles added and removed; accounts
deactivated and reactivated, their history kept."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registry.models import HealthcareRegion, Invitation, Membership, Region, RoleChange
from registry.services import invitation_create, membership_grant

from .conftest import make_user, snapshot

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "outsider",
    "reporter_a",
    "planner",
    "reader",
    "coordinator",
    "other_coordinator",
    "superuser",
]
ALLOWED = {"coordinator", "superuser"}


@pytest.fixture
def cast(request, coordinator, reporter_a, planner, reader, other_coordinator, superuser, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "reporter_a": reporter_a,
        "planner": planner,
        "reader": reader,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "superuser": superuser,
    }


@pytest.fixture
def target(norr, coordinator):
    """A Norr reporter with a pending invitation beside: what the requests below act on."""
    person = make_user("tove", "reporter", region=Region.objects.get(code="RV"))
    invitation = invitation_create(
        rcc=norr,
        email="ny@rv.se",
        name="Ny",
        role="reader",
        region=None,
        person=None,
        by=coordinator,
    )
    return person, person.memberships.get(), invitation


def _requests(target):
    person, membership, invitation = target
    rv = Region.objects.get(code="RV")
    return {
        "people": ("get", reverse("registry:people", args=["norr"]), None),
        "invite-form": ("get", reverse("registry:invitation-create", args=["norr"]), None),
        "invite": (
            "post",
            reverse("registry:invitation-create", args=["norr"]),
            {"name": "Ola", "email": "ola@rv.se", "role": f"planner:{rv.pk}"},
        ),
        "person": ("get", reverse("registry:person-detail", args=["norr", person.pk]), None),
        "grant": (
            "post",
            reverse("registry:person-detail", args=["norr", person.pk]),
            {"role": f"planner:{rv.pk}"},
        ),
        "remove": ("post", reverse("registry:membership-remove", args=["norr", membership.pk]), {}),
        "deactivate": ("post", reverse("registry:person-deactivate", args=["norr", person.pk]), {}),
        "reactivate": ("post", reverse("registry:person-reactivate", args=["norr", person.pk]), {}),
        "resend": ("post", reverse("registry:invitation-resend", args=["norr", invitation.pk]), {}),
    }


REQUESTS = [
    "people",
    "invite-form",
    "invite",
    "person",
    "grant",
    "remove",
    "deactivate",
    "reactivate",
    "resend",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", REQUESTS)
def test_the_rights_matrix(client, cast, target, role, name):
    method, url, data = _requests(target)[name]
    if cast[role]:
        client.force_login(cast[role])
    before = snapshot()

    response = getattr(client, method)(url, data) if data is not None else client.get(url)

    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role in ALLOWED:
        assert response.status_code in (200, 302), response.content[:500]
        if method == "post" and name != "reactivate":  # reactivating an active person: a message
            assert snapshot() != before
        return
    else:
        assert response.status_code == 404
    assert snapshot() == before


@pytest.fixture
def foreign(mellansverige, other_coordinator, uppsala_reporter):
    """Mellansverige's people, roles and invitations: forged ids for a Norr coordinator."""
    invitation = invitation_create(
        rcc=mellansverige,
        email="ny@rup.se",
        name="Ny",
        role="reader",
        region=None,
        person=None,
        by=other_coordinator,
    )
    return uppsala_reporter, uppsala_reporter.memberships.get(), invitation


def test_a_norr_coordinator_cannot_touch_mellansverige_by_forged_ids(
    client, coordinator, reporter_a, foreign
):
    person, membership, invitation = foreign
    rup = Region.objects.get(code="RUP")
    client.force_login(coordinator)
    before = snapshot()
    norr = "norr"
    attempts = [
        ("get", reverse("registry:people", args=["mellansverige"]), None),
        ("get", reverse("registry:person-detail", args=[norr, person.pk]), None),
        ("post", reverse("registry:person-detail", args=[norr, person.pk]), {"role": "reader"}),
        ("post", reverse("registry:person-deactivate", args=[norr, person.pk]), {}),
        ("post", reverse("registry:person-deactivate", args=["mellansverige", person.pk]), {}),
        ("post", reverse("registry:membership-remove", args=[norr, membership.pk]), {}),
        ("post", reverse("registry:invitation-resend", args=[norr, invitation.pk]), {}),
        (
            "post",
            reverse("registry:invitation-create", args=[norr]),
            {"name": "X", "email": "x@rup.se", "role": f"reporter:{rup.pk}"},
        ),
        (
            "post",
            reverse("registry:person-detail", args=[norr, reporter_a.pk]),
            {"role": f"planner:{rup.pk}"},
        ),
        (
            "post",
            reverse("registry:invitation-create", args=[norr]),
            {"name": "X", "email": "x@rn.se", "role": "reader", "person": 10**9},
        ),
        ("get", reverse("registry:person-detail", args=[norr, 10**9]), None),
    ]
    for method, url, data in attempts:
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 404, url
    assert snapshot() == before
    person.refresh_from_db()
    assert person.is_active


def test_a_mellansverige_coordinator_cannot_link_a_norr_member(client, other_coordinator, norr):
    from registry.models import Person

    member = Person.objects.create(name="Norr-ledamot", region=Region.objects.get(code="RN"))
    client.force_login(other_coordinator)
    before = snapshot()
    response = client.post(
        reverse("registry:invitation-create", args=["mellansverige"]),
        {"name": "X", "email": "x@rup.se", "role": "reader", "person": member.pk},
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_a_coordinator_adds_and_removes_a_role_and_both_are_logged(client, coordinator, reporter_a):
    rn = Region.objects.get(code="RN")
    client.force_login(coordinator)
    url = reverse("registry:person-detail", args=["norr", reporter_a.pk])

    response = client.post(url, {"role": f"planner:{rn.pk}"})

    assert response.status_code == 302
    membership = reporter_a.memberships.get(role="planner")
    assert membership.region == rn
    again = client.post(url, {"role": f"planner:{rn.pk}"})
    assert again.status_code == 400 and "har redan den rollen" in again.content.decode()

    client.post(reverse("registry:membership-remove", args=["norr", membership.pk]))

    assert not reporter_a.memberships.filter(role="planner").exists()
    assert list(RoleChange.objects.order_by("pk").values_list("action", "role", "region")) == [
        ("granted", "planner", rn.pk),
        ("removed", "planner", rn.pk),
    ]
    assert [h.history_type for h in Membership.history.filter(id=membership.pk)] == ["-", "+"]
    assert all(h.history_user == coordinator for h in Membership.history.filter(id=membership.pk))


def test_coordinators_of_the_rcc_and_superusers_may_grant_the_coordinator_role(
    client, coordinator, superuser, reporter_a, norr
):
    for granter in (coordinator, superuser):
        client.force_login(granter)
        url = reverse("registry:person-detail", args=["norr", reporter_a.pk])
        assert ("coordinator", "Samordnare vid RCC, RCC Norr") in client.get(url).context[
            "form"
        ].fields["role"].choices
        client.post(url, {"role": "coordinator"})
        assert reporter_a.memberships.filter(role="coordinator", healthcare_region=norr).exists()
        reporter_a.memberships.filter(role="coordinator").delete()


def test_nobody_is_invited_as_coordinator(client, coordinator):
    client.force_login(coordinator)
    form = client.get(reverse("registry:invitation-create", args=["norr"])).context["form"]
    assert "coordinator" not in {value for value, _label in form.fields["role"].choices}


def test_a_coordinator_cannot_remove_their_own_coordinator_role(client, coordinator):
    client.force_login(coordinator)
    own = coordinator.memberships.get()
    before = snapshot()
    response = client.post(reverse("registry:membership-remove", args=["norr", own.pk]))
    assert response.status_code == 404
    assert snapshot() == before


def test_deactivation_keeps_the_roles_the_history_and_the_name_in_it(
    client, coordinator, reporter_a
):
    rn = Region.objects.get(code="RN")
    membership_grant(
        rcc=HealthcareRegion.objects.get(code="norr"),
        person=reporter_a,
        role="planner",
        region=rn,
        by=coordinator,
    )
    client.force_login(coordinator)

    response = client.post(reverse("registry:person-deactivate", args=["norr", reporter_a.pk]))

    assert response.status_code == 302
    reporter_a.refresh_from_db()
    assert not reporter_a.is_active
    assert reporter_a.memberships.count() == 2
    assert RoleChange.objects.filter(user=reporter_a).count() == 2
    assert Membership.history.filter(user=reporter_a).exists()
    page = client.get(reverse("registry:people", args=["norr"])).content.decode()
    log = [(c.action, c.person_name) for c in RoleChange.objects.for_rcc(rn.healthcare_region)]
    assert ("deactivated", reporter_a.username) in log  # the name stays in the log
    assert f'<th scope="row">{reporter_a.username}</th>' in page
    assert "Inaktiverad" in page

    login = client.post(reverse("login"), {"username": reporter_a.username, "password": "pw"})
    assert login.status_code == 200  # refused: the form again

    client.force_login(coordinator)
    client.post(reverse("registry:person-reactivate", args=["norr", reporter_a.pk]))
    reporter_a.refresh_from_db()
    assert reporter_a.is_active
    assert RoleChange.objects.filter(user=reporter_a).latest("pk").action == "reactivated"


def test_someone_with_a_role_at_another_rcc_is_not_deactivated_from_this_one(
    client, coordinator, reporter_a
):
    Membership.objects.create(
        user=reporter_a, role="reporter", region=Region.objects.get(code="RUP")
    )
    client.force_login(coordinator)
    page = client.get(reverse("registry:person-detail", args=["norr", reporter_a.pk]))
    assert not page.context["may_deactivate"]
    before = snapshot()

    response = client.post(reverse("registry:person-deactivate", args=["norr", reporter_a.pk]))

    assert response.status_code == 404
    assert snapshot() == before


def test_a_coordinator_does_not_deactivate_themselves(client, coordinator):
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(reverse("registry:person-deactivate", args=["norr", coordinator.pk]))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("size", [1, 6])
def test_the_person_page_does_a_fixed_number_of_queries(
    client, coordinator, reporter_a, norr, django_assert_num_queries, size
):
    regions = list(norr.regions.all())
    for n in range(size):
        if n < len(regions):
            membership_grant(
                rcc=norr, person=reporter_a, role="planner", region=regions[n], by=coordinator
            )
        else:
            RoleChange.objects.create(
                action="granted", user=reporter_a, healthcare_region=norr, by=coordinator
            )
    client.force_login(coordinator)
    # session, user, RCC, roles, the person, their roles, their log, the form's regions
    with django_assert_num_queries(8):
        response = client.get(reverse("registry:person-detail", args=["norr", reporter_a.pk]))
    assert len(response.context["changes"]) == size


def test_the_invited_users_count_stays_when_nothing_was_accepted(coordinator, norr):
    invitation_create(
        rcc=norr,
        email="a@b.se",
        name="A B",
        role="reader",
        region=None,
        person=None,
        by=coordinator,
    )
    assert Invitation.objects.count() == 1
    assert not get_user_model().objects.filter(email="a@b.se").exists()
