"""Next year's agreement starts as a copy of this year's structure."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import ActivityLink, Agreement, Appendix, Area, Initiative
from agreements.services import agreement_copy
from tests.agreements.conftest import activities_of, initiative, link
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db

NUM_QUERIES = 25


def _structure(agreement):
    return [
        (i.area.ref, i.parent.ref if i.parent else None, i.ref, i.order, i.title)
        for i in Initiative.objects.filter(agreement=agreement)
        .select_related("area", "parent")
        .order_by("order")
    ]


def test_it_copies_the_structure_as_a_draft_without_texts_links_or_files(
    agreement, superuser, norr
):
    link(initiative(agreement, "1.1"), *activities_of(build_plan(owner=norr))[:2])
    Area.objects.filter(agreement=agreement, ref="1").update(text="Områdets text")

    copy = agreement_copy(agreement=agreement, year=2041, user=superuser)

    copy.refresh_from_db()
    assert copy.state == Agreement.State.DRAFT and copy.year == 2041
    assert (copy.title, copy.parties) == (agreement.title, agreement.parties)
    assert copy.amount_kronor is None and copy.introduction == ""
    assert list(copy.areas.values_list("ref", "order", "title", "text")) == [
        ("1", 1, "Område 1", ""),
        ("2", 2, "Område 2", ""),
    ]
    assert _structure(copy) == _structure(agreement)
    for original in Initiative.objects.filter(agreement=agreement):
        copied = Initiative.objects.get(agreement=copy, ref=original.ref)
        assert copied.lineage == original.lineage and copied.text == ""
        assert copied.area.agreement_id == copy.pk
        assert copied.parent is None or copied.parent.agreement_id == copy.pk
    assert not ActivityLink.objects.filter(initiative__agreement=copy).exists()
    assert ActivityLink.objects.filter(initiative__agreement=agreement).count() == 2
    assert list(Appendix.objects.filter(agreement=copy).values_list("title", "file")) == [
        ("Bilaga 1", ""),
        ("Bilaga 2", ""),
    ]
    records = Initiative.history.filter(agreement_id=copy.pk)
    assert records.count() == 8 and {r.history_user_id for r in records} == {superuser.pk}
    assert len({r.history_date for r in records}) == 1  # one change


@pytest.mark.parametrize("size", [(1, 1, 1), (4, 5, 3)])
def test_its_queries_do_not_grow_with_the_initiatives(
    agreement_builder, superuser, django_assert_num_queries, size
):
    areas, per_area, children = size
    big = agreement_builder(
        year=2050, areas=areas, initiatives_per_area=per_area, children=children
    )
    # the check; the draft's validation (its unique year, its two check constraints) and its
    # insert with history; the areas, the initiatives and the appendices read, each inserted
    # with its history (the initiatives one level at a time: two levels here); savepoints
    with django_assert_num_queries(NUM_QUERIES):
        agreement_copy(agreement=big, year=2051, user=superuser)
    copied = Initiative.objects.filter(agreement__year=2051).count()
    assert copied == areas * per_area * (1 + children)


def test_it_refuses_a_year_that_has_an_agreement(agreement, agreement_builder, superuser):
    agreement_builder(year=2041, areas=1, initiatives_per_area=1, children=0)

    with pytest.raises(ValidationError, match="Det finns redan en överenskommelse för 2041."):
        agreement_copy(agreement=agreement, year=2041, user=superuser)

    assert Initiative.objects.filter(agreement__year=2041).count() == 1


def test_it_refuses_an_implausible_year_and_writes_nothing(agreement, superuser):
    with pytest.raises(ValidationError):
        agreement_copy(agreement=agreement, year=2101, user=superuser)
    assert not Agreement.objects.filter(year=2101).exists()


class TestTheAdminAction:
    URL = reverse("admin:agreements_agreement_changelist")

    def _copy(self, client, agreement):
        return client.post(
            self.URL,
            {"action": "copy_to_next_year", "_selected_action": [agreement.pk]},
            follow=True,
        )

    def test_a_superuser_copies_to_next_year(self, client, superuser, agreement):
        client.force_login(superuser)

        response = self._copy(client, agreement)

        assert (
            "Strukturen för 2040 är kopierad till ett utkast för 2041." in response.content.decode()
        )
        assert Initiative.objects.filter(agreement__year=2041).count() == 8

    def test_it_says_when_next_year_exists(self, client, superuser, agreement, agreement_builder):
        agreement_builder(year=2041, areas=1, initiatives_per_area=1, children=0)
        client.force_login(superuser)

        response = self._copy(client, agreement)

        assert "Det finns redan en överenskommelse för 2041." in response.content.decode()
        assert Initiative.objects.filter(agreement__year=2041).count() == 1

    def test_staff_without_superuser_rights_do_not_get_the_agreements(
        self, client, coordinator, agreement
    ):
        coordinator.is_staff = True
        coordinator.save()
        client.force_login(coordinator)

        assert client.get(self.URL).status_code == 403
        assert self._copy(client, agreement).status_code == 403
        assert not Agreement.objects.filter(year=2041).exists()


class TestTheAdmin:
    def test_a_superuser_edits_agreements_areas_and_initiatives(self, client, superuser, agreement):
        client.force_login(superuser)
        found = initiative(agreement, "1.1")
        urls = [
            reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            reverse("admin:agreements_area_change", args=[agreement.areas.first().pk]),
            reverse("admin:agreements_initiative_change", args=[found.pk]),
            reverse("admin:agreements_initiative_changelist")
            + f"?agreement__id__exact={agreement.pk}&q=1.2",
            reverse("admin:agreements_agreement_history", args=[agreement.pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 200, url
        listed = client.get(urls[3]).content.decode()
        assert "Insats 1.2" in listed and "Delinsats 1.2.1" in listed
        assert "Insats 2." not in listed and "Insats 1.1" not in listed
