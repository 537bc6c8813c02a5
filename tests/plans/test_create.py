"""Creating a plan: empty or from a spreadsheet, by those who may own it, as a draft."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from plans.models import Activity, Area, Plan
from plans.permissions import may_create_plans, owners_for
from registry.models import HealthcareRegion, Membership, Region
from tests.conftest import MELLANSVERIGE, NORR

CREATE_URL = reverse("plans:plan-create")
HEADER = ["Område", "Mål", "Vad ska göras?", "Vem?", "Tidsram"]
ROWS = [
    ["Patienter", "Alla ska ha en kontaktsjuksköterska.", "Utbilda", "VPK", "2026"],
    ["Patienter", "Alla ska ha en kontaktsjuksköterska.", "Följa upp", "RCC", "2026"],
    ["Kunskap", "Fler i studier.", "Informera", "", "2026–2027"],
]


def csv_upload(rows, header=HEADER, name="plan.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode())
    upload.name = name
    return upload


def user_with(username, role, **scope):
    user = get_user_model().objects.create_user(username, password="pw")
    Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def planner(registry):
    """A planner of Region Jämtland Härjedalen (in Norr)."""
    return user_with("pia", Membership.Role.PLANNER, region=Region.objects.get(code="RJH"))


@pytest.fixture
def other_planner(registry):
    """A planner of Region Norrbotten, another region of the same RCC."""
    return user_with("per", Membership.Role.PLANNER, region=Region.objects.get(code="RN"))


def owner_value(owner):
    prefix = "region" if isinstance(owner, Region) else "sjukvardsregion"
    return f"{prefix}-{owner.pk}"


def data(owner, **values):
    return {
        "title": "Handlingsplan 2026",
        "slug": "ny-plan-2026",
        "kind": Plan.Kind.LOCAL_PLAN if isinstance(owner, Region) else Plan.Kind.ACTION_PLAN,
        "owner": owner_value(owner),
        "period": "2026",
        "parent": "",
        "introduction": "",
        **values,
    }


@pytest.mark.django_db
class TestWhoMayCreate:
    def test_owners_follow_the_roles(self, coordinator, planner, reader, outsider, norr):
        assert owners_for(coordinator) == ([norr], [])
        assert owners_for(planner) == ([], [Region.objects.get(code="RJH")])
        superuser = get_user_model().objects.create_superuser("root", password="pw")
        healthcare_regions, regions = owners_for(superuser)
        assert len(healthcare_regions) == HealthcareRegion.objects.count() == 6
        assert len(regions) == Region.objects.count() == 21
        assert [may_create_plans(u) for u in (coordinator, planner, reader, outsider)] == [
            True,
            True,
            False,
            False,
        ]

    def test_a_coordinator_creates_an_empty_draft_of_their_rcc(self, client, coordinator, norr):
        client.force_login(coordinator)

        response = client.post(CREATE_URL, data(norr), follow=True)

        plan = Plan.objects.get(slug="ny-plan-2026")
        assert response.redirect_chain[-1][0] == plan.get_absolute_url()
        assert "Handlingsplan 2026 är skapad som ett tomt utkast." in response.content.decode()
        assert (plan.status, plan.owner, plan.kind, plan.period) == (
            Plan.Status.DRAFT,
            norr,
            Plan.Kind.ACTION_PLAN,
            "2026",
        )
        assert plan.areas.count() == 0
        assert plan.history.get().history_user == coordinator

    def test_a_planner_creates_a_local_plan_of_their_region(self, client, planner):
        rjh = Region.objects.get(code="RJH")
        parent = Plan.objects.get(slug=NORR)
        client.force_login(planner)

        response = client.post(CREATE_URL, data(rjh, parent=parent.pk, period="2026-2028"))

        assert response.status_code == 302
        plan = Plan.objects.get(slug="ny-plan-2026")
        assert (plan.owner, plan.kind, plan.parent, plan.period) == (
            rjh,
            Plan.Kind.LOCAL_PLAN,
            parent,
            "2026–2028",
        )

    def test_the_form_offers_only_the_users_owners_and_kinds(self, client, coordinator, planner):
        client.force_login(coordinator)
        content = client.get(CREATE_URL).content.decode()
        assert "Norra sjukvårdsregionen" in content and "Mellansverige" not in content
        assert 'value="lokal"' not in content and 'value="handlingsplan" selected' in content

        client.force_login(planner)
        content = client.get(CREATE_URL).content.decode()
        assert "Region Jämtland Härjedalen" in content and "Region Norrbotten" not in content
        assert 'value="lokal"' in content and 'value="handlingsplan"' not in content

    @pytest.mark.parametrize(
        ("creator", "owner"),
        [
            ("coordinator", ("healthcare", "mellansverige")),
            ("coordinator", ("region", "RJH")),  # a region of their RCC: its planners' plan
            ("other_coordinator", ("healthcare", "norr")),
            ("planner", ("region", "RN")),
            ("planner", ("healthcare", "norr")),
            ("other_planner", ("region", "RJH")),
        ],
    )
    def test_a_forged_owner_is_refused_and_nothing_is_written(
        self, client, request, creator, owner
    ):
        model, code = owner
        target = (
            HealthcareRegion.objects.get(code=code)
            if model == "healthcare"
            else Region.objects.get(code=code)
        )
        client.force_login(request.getfixturevalue(creator))
        before = Plan.objects.count()

        response = client.post(CREATE_URL, data(target))

        assert response.status_code == 400
        assert "Välj ett giltigt alternativ" in response.content.decode()
        assert Plan.objects.count() == before

    def test_a_forged_kind_is_refused(self, client, planner):
        client.force_login(planner)

        response = client.post(
            CREATE_URL, data(Region.objects.get(code="RJH"), kind=Plan.Kind.CANCER_PLAN)
        )

        assert response.status_code == 400
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()

    def test_others_may_not_create_plans(
        self, client, reporter_a, reader, outsider, norr, coordinator
    ):
        for user in (reporter_a, reader, outsider):
            client.force_login(user)
            assert client.get(CREATE_URL).status_code == 403
            assert client.post(CREATE_URL, data(norr)).status_code == 403
            assert CREATE_URL not in client.get(reverse("plans:plan-list")).content.decode()
        client.logout()
        response = client.post(CREATE_URL, data(norr))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()
        client.force_login(coordinator)
        assert CREATE_URL in client.get(reverse("plans:plan-list")).content.decode()

    def test_a_superuser_may_give_any_owner(self, client, mellansverige):
        superuser = get_user_model().objects.create_superuser("root", password="pw")
        client.force_login(superuser)

        assert client.post(CREATE_URL, data(mellansverige)).status_code == 302
        assert Plan.objects.get(slug="ny-plan-2026").owner == mellansverige


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"title": ""}, "Detta fält måste fyllas i."),
            ({"title": "x" * 301}, "som mest 300 tecken"),
            ({"slug": MELLANSVERIGE}, "Det finns redan en plan med kortnamnet"),
            ({"slug": "med mellanslag"}, "utan mellanslag"),
            ({"period": "2026–2024"}, "Skriv det första året först, t.ex. 2024–2026."),
            ({"period": "1999"}, "Planens år ska ligga mellan 2000 och 2100."),
            ({"period": "tjugotjugosex"}, "ska skrivas som 2022-2024"),
            ({"introduction": "x" * 20_001}, "som mest 20000 tecken"),
        ],
    )
    def test_it_is_told_on_the_field_and_kept(self, client, coordinator, norr, values, message):
        client.force_login(coordinator)
        posted = data(norr, **values)

        response = client.post(CREATE_URL, posted)

        content = response.content.decode()
        assert response.status_code == 400
        assert message in content
        assert 'class="field field--error"' in content
        kept = values.get("title", values.get("slug", values.get("period")))
        assert kept is None or len(kept) > 100 or f'value="{kept}"' in content
        assert not Plan.objects.filter(title="Handlingsplan 2026").exists()

    def test_a_parent_must_be_a_cancer_plan_the_user_can_read(
        self, client, coordinator, norr, mellansverige, plan_builder
    ):
        hidden = plan_builder(
            slug="mv-utkast",
            owner=mellansverige,
            status=Plan.Status.DRAFT,
            kind=Plan.Kind.CANCER_PLAN,
        )
        action_plan = Plan.objects.get(slug=MELLANSVERIGE)
        client.force_login(coordinator)

        for parent in (action_plan, hidden):
            response = client.post(CREATE_URL, data(norr, parent=parent.pk))

            assert response.status_code == 400
            assert "Välj en cancerplan som du kan se." in response.content.decode()
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()
        options = client.get(CREATE_URL).content.decode()
        assert Plan.objects.get(slug=NORR).title in options
        assert action_plan.title not in options and hidden.title not in options

    def test_the_kind_must_suit_the_owner(self, client, norr):
        both = user_with("bo", Membership.Role.COORDINATOR, healthcare_region=norr)
        Membership.objects.create(
            user=both, role=Membership.Role.PLANNER, region=Region.objects.get(code="RJH")
        )
        client.force_login(both)

        for owner, kind, message in [
            (norr, Plan.Kind.LOCAL_PLAN, "En lokal handlingsplan ägs av en region."),
            (
                Region.objects.get(code="RJH"),
                Plan.Kind.CANCER_PLAN,
                "En cancerplan eller handlingsplan ägs av en sjukvårdsregion.",
            ),
        ]:
            response = client.post(CREATE_URL, data(owner, kind=kind))

            content = response.content.decode()
            assert response.status_code == 400 and message in content
            assert content.index(message) > content.index('name="owner"')
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()


@pytest.mark.django_db
class TestFromASpreadsheet:
    def test_a_file_gives_the_plan_its_tables(self, client, coordinator, norr):
        client.force_login(coordinator)

        preview = client.post(CREATE_URL, {**data(norr), "file": csv_upload(ROWS)}, follow=True)

        # A preview first: what the plan gets, nothing written yet.
        html = preview.content.decode()
        assert "Planen får 2 områden ur filen" in html and "Patienter" in html
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()
        url = preview.redirect_chain[-1][0]
        response = client.post(url, {"action": "confirm"}, follow=True)

        plan = Plan.objects.get(slug="ny-plan-2026")
        assert "2 områden, 2 mål, 3 aktiviteter och 0 kapitel" in response.content.decode()
        assert client.get(url).status_code == 404  # the file is gone with its token
        assert list(plan.areas.values_list("title", flat=True)) == ["Patienter", "Kunskap"]
        assert plan.status == Plan.Status.DRAFT
        users = {r.history_user for r in Activity.history.filter(goal__area__plan=plan)}
        assert users == {coordinator} and plan.history.get().history_user == coordinator
        dates = {r.history_date for r in Area.history.filter(plan_id=plan.pk)}
        assert dates == {plan.history.get().history_date}

    def test_cancelling_the_preview_creates_nothing(self, client, coordinator, norr):
        client.force_login(coordinator)
        preview = client.post(CREATE_URL, {**data(norr), "file": csv_upload(ROWS)})

        response = client.post(preview["Location"], {"action": "cancel"})

        assert response.status_code == 302
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()

    def test_the_preview_is_the_creators_own(self, client, coordinator, norr, reader):
        client.force_login(coordinator)
        preview = client.post(CREATE_URL, {**data(norr), "file": csv_upload(ROWS)})
        client.force_login(reader)  # may not create plans
        assert client.post(preview["Location"], {"action": "confirm"}).status_code == 403
        other = get_user_model().objects.create_user("kollega", password="pw")
        Membership.objects.create(
            user=other, role=Membership.Role.COORDINATOR, healthcare_region=norr
        )
        client.force_login(other)  # may, but it is not their file
        assert client.post(preview["Location"], {"action": "confirm"}).status_code == 404
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()

    def test_a_bad_file_is_told_by_row_and_column_and_nothing_is_written(
        self, client, coordinator, norr
    ):
        rows = [*ROWS, ["Kunskap", "", "Något", "", ""]]
        client.force_login(coordinator)
        before = (Plan.objects.count(), Area.objects.count())

        response = client.post(CREATE_URL, {**data(norr), "file": csv_upload(rows)})

        content = response.content.decode()
        assert response.status_code == 400
        assert "Filen kunde inte läsas in. Ingenting är sparat." in content
        assert "Rad 5, kolumn Mål: Målet saknas." in content
        assert "filen behöver väljas igen" in content
        assert 'value="Handlingsplan 2026"' in content and 'value="ny-plan-2026"' in content
        assert (Plan.objects.count(), Area.objects.count()) == before

    def test_a_file_too_big_is_refused(self, client, coordinator, norr):
        client.force_login(coordinator)
        upload = io.BytesIO(b"x" * (5 * 1024 * 1024 + 1))
        upload.name = "stor.csv"

        response = client.post(CREATE_URL, {**data(norr), "file": upload})

        content = response.content.decode()
        assert response.status_code == 400
        assert "Filen är för stor (5,0\xa0MB); den får vara högst 5,0\xa0MB." in content
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()

    def test_a_file_with_too_many_rows_is_refused(self, client, coordinator, norr, monkeypatch):
        monkeypatch.setattr("documents.spreadsheets.MAX_ROWS", 2)
        client.force_login(coordinator)

        response = client.post(CREATE_URL, {**data(norr), "file": csv_upload(ROWS)})

        content = response.content.decode()
        assert response.status_code == 400
        assert "Filen har 3 rader; högst 2 rader läses in åt gången." in content
        assert not Plan.objects.filter(slug="ny-plan-2026").exists()

    def test_a_file_must_be_csv_or_xlsx(self, client, coordinator, norr):
        client.force_login(coordinator)
        upload = io.BytesIO(b"%PDF-1.7")
        upload.name = "plan.pdf"

        response = client.post(CREATE_URL, {**data(norr), "file": upload})

        assert response.status_code == 400
        assert "Ange en fil som slutar på .csv eller .xlsx." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("cancer_plans", [0, 5])
def test_the_page_queries_do_not_grow_with_the_plans(
    client, coordinator, norr, plan_builder, cancer_plans, django_assert_num_queries
):
    for n in range(cancer_plans):
        plan_builder(slug=f"cancerplan-{n}", owner=norr, kind=Plan.Kind.CANCER_PLAN, areas=1)
    client.force_login(coordinator)

    # session, user, memberships, the healthcare regions the user coordinates, the cancer
    # plans they can read (the parent's choices)
    with django_assert_num_queries(5):
        response = client.get(CREATE_URL)

    assert response.content.decode().count("<option") == 1 + 2 + 1 + 1 + cancer_plans
