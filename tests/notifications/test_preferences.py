"""Each person chooses their notifications on /konto/aviseringar/, except those their role
requires; a forged request cannot turn those off."""

import pytest
from django.urls import reverse

from notifications.models import Kind, Preference

pytestmark = pytest.mark.django_db
URL = reverse("notifications:preferences")


def test_it_is_for_logged_in_people(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_reporter_sees_the_required_kinds_checked_and_disabled_with_the_reason(
    client, reporter_a
):
    client.force_login(reporter_a)

    content = client.get(URL).content.decode()

    assert "<h1>Mina aviseringar</h1>" in content
    for kind in (Kind.ROUND_OPENED, Kind.DEADLINE):
        assert (
            f'name="{kind}" disabled aria-describedby="id_{kind}_helptext" id="id_{kind}" checked'
            in content
        )
    assert "Rapportörer får alltid veta när en omgång öppnar." in content
    assert f'name="{Kind.REPORT_RETURNED}"' in content
    assert f'name="{Kind.REPORT_SUBMITTED}"' not in content  # a coordinator's


def test_a_forged_post_cannot_turn_off_a_required_kind_or_choose_anothers(client, reporter_a):
    client.force_login(reporter_a)

    # every box left out: off; and a coordinator's kind posted as if it were on the page
    response = client.post(URL, {Kind.REPORT_SUBMITTED: ""})

    assert response.status_code == 302
    stored = dict(Preference.objects.filter(user=reporter_a).values_list("kind", "enabled"))
    assert stored == {Kind.REPORT_RETURNED: False, Kind.ROUND_PUBLISHED: False}


def test_a_choice_is_saved_and_shown_again(client, coordinator):
    client.force_login(coordinator)

    response = client.post(URL, {Kind.DECISION_DUE: "on"}, follow=True)

    assert "Dina val av aviseringar är sparade." in response.content.decode()
    stored = dict(Preference.objects.filter(user=coordinator).values_list("kind", "enabled"))
    assert stored == {Kind.REPORT_SUBMITTED: False, Kind.DECISION_DUE: True}
    assert f'name="{Kind.DECISION_DUE}" id="id_{Kind.DECISION_DUE}" checked' in (
        response.content.decode()
    )


def test_someone_without_a_role_is_told_so(client, outsider):
    client.force_login(outsider)

    assert "Du har ingen roll som ger aviseringar ännu." in client.get(URL).content.decode()


@pytest.mark.parametrize("stored", [0, 2])
def test_its_queries_are_fixed(client, reporter_a, stored, django_assert_num_queries):
    for kind in [Kind.REPORT_RETURNED, Kind.ROUND_PUBLISHED][:stored]:
        Preference.objects.create(user=reporter_a, kind=kind, enabled=False)
    client.force_login(reporter_a)

    # session, user, memberships, whether a Person is the user's, the user's choices
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
