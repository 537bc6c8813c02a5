import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from registry.models import Body, HealthcareRegion, Membership, Person, Region


def violates(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


@pytest.mark.django_db
def test_the_fixtures_hold_six_healthcare_regions_and_21_regions(registry):
    assert HealthcareRegion.objects.count() == 6
    assert Region.objects.count() == 21
    norr = HealthcareRegion.objects.get(code="norr")
    assert norr.rcc_name == "RCC Norr"
    assert sorted(norr.regions.values_list("code", flat=True)) == ["RJH", "RN", "RV", "RVN"]
    assert HealthcareRegion.objects.get(code="mellansverige").regions.count() == 7


@pytest.mark.django_db
def test_body_abbreviations_are_unique_per_healthcare_region_and_nationally(norr, mellansverige):
    assert Body.objects.filter(abbreviation="SG").count() == 2
    violates(Body(abbreviation="SG", name="Dubblett", healthcare_region=norr))
    violates(Body(abbreviation="NAG", name="Dubblett", healthcare_region=None))
    assert {b.abbreviation for b in Body.objects.usable_in(norr)} >= {"SG", "NAG", "LPO"}
    assert "VPK" not in {b.abbreviation for b in Body.objects.usable_in(norr)}


@pytest.mark.django_db
def test_a_person_has_a_region_or_an_organisation(registry):
    Person.objects.create(name="Anna", organisation="Umeå universitet")
    Person.objects.create(name="Bo", region=Region.objects.get(code="RN"))
    violates(Person(name="Ingen"))


@pytest.mark.django_db
def test_a_membership_scope_matches_its_role(norr):
    user = get_user_model().objects.create_user("u")
    rjh = Region.objects.get(code="RJH")
    Membership.objects.create(user=user, role=Membership.Role.REPORTER, region=rjh)
    Membership.objects.create(user=user, role=Membership.Role.COORDINATOR, healthcare_region=norr)
    violates(Membership(user=user, role=Membership.Role.REPORTER, healthcare_region=norr))
    violates(Membership(user=user, role=Membership.Role.READER, region=rjh))
    violates(Membership(user=user, role=Membership.Role.REPORTER, region=rjh))
    Membership.objects.create(user=user, role=Membership.Role.PLANNER, region=rjh)
    violates(Membership(user=user, role=Membership.Role.PLANNER, healthcare_region=norr))


@pytest.mark.django_db
def test_roles_say_which_regions_a_user_plans_for(norr):
    from registry.roles import roles_of

    user = get_user_model().objects.create_user("planerare")
    rjh = Region.objects.get(code="RJH")
    Membership.objects.create(user=user, role=Membership.Role.PLANNER, region=rjh)

    roles = roles_of(user)

    assert roles.plans_for(rjh.pk) and not roles.reports_for(rjh.pk)
    assert not roles.plans_for(Region.objects.get(code="RN").pk)
    assert not roles.coordinates(norr.pk)
