"""The RCC's "Personer och roller" page: who is on it, what it shows, who sees it."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from registry.models import Membership, Person, Region
from registry.services import membership_grant

from .conftest import make_user

pytestmark = pytest.mark.django_db


def _page(code="norr"):
    return reverse("registry:people", args=[code])


def test_it_lists_the_rccs_coordinators_readers_and_each_regions_reporters_and_planners(
    client, coordinator, reader, reporter_a, reporter_b, planner, uppsala_reporter
):
    reporter_a.last_login = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    reporter_a.email = "bob@rjh.se"
    reporter_a.save()
    Person.objects.create(name="Bob", region=Region.objects.get(code="RJH"), user=reporter_a)
    client.force_login(coordinator)

    response = client.get(_page())

    assert response.status_code == 200
    page = response.context["page"]
    assert [row.user for row in page.coordinators] == [coordinator]
    assert [row.user for row in page.readers] == [reader]
    by_region = {section.region.code: section for section in page.regions}
    assert list(by_region) == ["RJH", "RN", "RV", "RVN"]
    assert [row.user for row in by_region["RJH"].reporters] == [reporter_a]
    assert [row.user for row in by_region["RN"].reporters] == [reporter_b]
    assert [row.user for row in by_region["RV"].planners] == [planner]
    html = response.content.decode()
    assert "bob@rjh.se" in html
    assert "5 mars 2026" in html  # last login, Swedish short date
    assert "Region Jämtland Härjedalen" in html  # Bob's organisation, from the registry
    assert "harald" not in html  # Uppsala's reporter belongs to Mellansverige
    assert "Aktiv" in html and "Aldrig" in html


def test_it_marks_a_deactivated_person_in_words(client, coordinator, reporter_a):
    reporter_a.is_active = False
    reporter_a.save()
    client.force_login(coordinator)

    html = client.get(_page()).content.decode()

    assert "Inaktiverad" in html


def test_it_shows_roles_at_another_rcc_only_as_a_count(client, coordinator, reporter_a):
    Membership.objects.create(
        user=reporter_a, role=Membership.Role.REPORTER, region=Region.objects.get(code="RUP")
    )
    client.force_login(coordinator)

    html = client.get(_page()).content.decode()

    assert "och 1 roll vid annat RCC" in html
    assert "Region Uppsala" not in html


def test_it_shows_the_log_of_role_changes_latest_first(client, coordinator, norr, reporter_a):
    rv, rvn = Region.objects.get(code="RV"), Region.objects.get(code="RVN")
    membership_grant(rcc=norr, person=reporter_a, role="planner", region=rv, by=coordinator)
    membership_grant(rcc=norr, person=reporter_a, role="planner", region=rvn, by=coordinator)
    client.force_login(coordinator)

    changes = client.get(_page()).context["page"].changes

    assert [c.region.code for c in changes] == ["RVN", "RV"]
    assert all(c.by == coordinator and c.user == reporter_a for c in changes)


def test_the_menu_links_coordinators_to_their_people_page(client, coordinator, reader):
    client.force_login(coordinator)
    assert reverse("registry:people-index") in client.get("/").content.decode()
    response = client.get(reverse("registry:people-index"))
    assert response.status_code == 302 and response.url == _page()

    client.force_login(reader)
    assert reverse("registry:people-index") not in client.get("/").content.decode()
    assert client.get(reverse("registry:people-index")).status_code == 404


def test_a_superuser_chooses_among_the_rccs(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("registry:people-index"))
    assert response.status_code == 200
    assert _page("mellansverige") in response.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_it_shows_the_page_in_a_fixed_number_of_queries(
    client, coordinator, norr, django_assert_num_queries, size
):
    regions = list(norr.regions.all())
    for n in range(size):
        user = make_user(f"person{n}", "reporter", region=regions[n % 4])
        Person.objects.create(name=f"Person {n}", region=regions[n % 4], user=user)
        membership_grant(
            rcc=norr, person=user, role="planner", region=regions[n % 4], by=coordinator
        )
        Membership.objects.create(user=user, role="reporter", region=Region.objects.get(code="RUP"))
    client.force_login(coordinator)
    client.post(
        reverse("registry:invitation-create", args=["norr"]),
        {"name": "Ny Person", "email": "ny@example.se", "role": "reader"},
    )
    # session, user, RCC, roles, the RCC's regions, every role of its people (with their
    # accounts, registry persons and scopes), unused invitations, the log
    with django_assert_num_queries(8):
        response = client.get(_page())
    assert response.content.decode().count("person") >= size
    assert len(response.context["page"].invitations) == 1
