"""The database keeps an agreement's structure whole, whatever writes to it."""

import pytest
from django.db import IntegrityError, transaction

from agreements.models import ActivityLink, Area, Initiative
from tests.agreements.conftest import initiative
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.create(**fields)


def test_it_refuses_a_second_initiative_with_the_same_ref_or_place(agreement):
    area = Area.objects.get(agreement=agreement, ref="1")
    _refused(agreement=agreement, area=area, ref="1.1", order=99, title="Samma referens")
    _refused(agreement=agreement, area=area, ref="9.9", order=1, title="Samma plats")
    assert Initiative.objects.filter(agreement=agreement).count() == 8


def test_the_same_ref_may_come_back_in_another_years_agreement(agreement, agreement_builder):
    other = agreement_builder(year=2041)
    assert initiative(other, "1.1").ref == initiative(agreement, "1.1").ref


def test_it_refuses_two_areas_with_the_same_ref_or_place(agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(agreement=agreement, ref="1", order=9, title="Dubblett")
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(agreement=agreement, ref="9", order=1, title="Dubblett")


def test_an_initiative_is_not_its_own_parent(agreement):
    found = initiative(agreement, "1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=found.pk).update(parent=found.pk)
    found.refresh_from_db()
    assert found.parent_id is None


def test_an_activity_is_linked_to_an_initiative_once(agreement, norr):
    activity = build_plan(owner=norr, areas=1, goals_per_area=1).areas.get().goals.get()
    activity = activity.activities.get()
    found = initiative(agreement, "1.1")
    ActivityLink.objects.create(activity=activity, initiative=found)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityLink.objects.create(activity=activity, initiative=found)
    ActivityLink.objects.create(activity=activity, initiative=initiative(agreement, "1.2"))
    assert ActivityLink.objects.filter(activity=activity).count() == 2
