import pytest
from django.urls import reverse

from plans.models import Abbreviation, Activity, GoalPart, Plan
from plans.services import plan_import
from registry.models import Region

PLAN_PAGES = ["plans:plan-detail", "plans:plan-abbreviations"]


@pytest.fixture
def plan(norr, plan_builder):
    return plan_builder(slug="norr-plan", owner=norr)


@pytest.fixture
def draft(norr, plan_builder):
    return plan_builder(slug="norr-utkast", owner=norr, status=Plan.Status.DRAFT)


@pytest.mark.django_db
class TestRights:
    @pytest.mark.parametrize("name", PLAN_PAGES)
    def test_anonymous_users_are_sent_to_login(self, client, plan, name):
        response = client.get(reverse(name, args=[plan.slug]))

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_anonymous_users_cannot_export(self, client, plan):
        url = reverse("plans:plan-export", args=[plan.slug, "csv"])

        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert "Content-Disposition" not in response

    @pytest.mark.parametrize("who", ["reader", "reporter_a", "outsider", "coordinator"])
    def test_every_user_reads_approved_plans(self, client, plan, who, request):
        client.force_login(request.getfixturevalue(who))

        response = client.get(plan.get_absolute_url())

        assert response.status_code == 200
        content = response.content.decode()
        assert f"<h1>{plan.title}</h1>" in content
        assert "Mål 2.3" in content and "Aktivitet 2.3.1" in content

    @pytest.mark.parametrize("who", ["reader", "reporter_a", "outsider"])
    def test_only_the_rccs_coordinators_see_a_draft(self, client, draft, who, request):
        client.force_login(request.getfixturevalue(who))

        for name in PLAN_PAGES:
            assert client.get(reverse(name, args=[draft.slug])).status_code == 404
        assert client.get(reverse("plans:plan-export", args=[draft.slug, "csv"])).status_code == 404
        assert draft.title not in client.get(reverse("plans:plan-list")).content.decode()

    def test_a_coordinator_sees_their_rccs_draft(self, client, draft, coordinator):
        client.force_login(coordinator)

        response = client.get(draft.get_absolute_url())

        assert response.status_code == 200
        assert f"<h1>{draft.title}</h1>" in response.content.decode()
        assert draft.title in client.get(reverse("plans:plan-list")).content.decode()

    def test_another_rccs_coordinator_does_not_see_the_draft(
        self, client, mellansverige, plan_builder, coordinator
    ):
        other = plan_builder(slug="annan", owner=mellansverige, status=Plan.Status.DRAFT)
        client.force_login(coordinator)

        assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.django_db
class TestPlanList:
    def test_it_lists_plans_by_healthcare_region(self, client, reader, plan):
        client.force_login(reader)

        response = client.get(reverse("plans:plan-list"))

        content = response.content.decode()
        assert "Norra sjukvårdsregionen" in content
        assert "Västra sjukvårdsregionen" in content
        assert plan.title in content

    def test_it_filters(self, client, reader, plan, mellansverige, plan_builder):
        plan_builder(slug="mitt", owner=mellansverige)
        client.force_login(reader)

        response = client.get(reverse("plans:plan-list"), {"healthcare_region": mellansverige.pk})

        content = response.content.decode()
        assert "Plan mitt" in content
        assert plan.title not in content
        assert 'id="region-vast"' not in content

    @pytest.mark.parametrize("plans", [1, 6])
    def test_its_queries_do_not_grow_with_the_plans(
        self, client, reader, norr, mellansverige, plans, django_assert_num_queries
    ):
        created = []
        for n in range(plans):
            owner = {"owner_healthcare_region": norr if n % 2 else mellansverige}
            if n % 3 == 2:  # a local plan, owned by a region
                owner = {"owner_region": Region.objects.get(code="RJH")}
            created.append(
                Plan.objects.create(
                    slug=f"lista-{n}",
                    title=f"Listplan {n}",
                    kind=Plan.Kind.LOCAL_PLAN if "owner_region" in owner else Plan.Kind.ACTION_PLAN,
                    first_year=2025,
                    last_year=2026,
                    status=Plan.Status.APPROVED,
                    **owner,
                )
            )
        client.force_login(reader)

        # session, user, memberships, the visible plans (with owners and parent), the healthcare
        # regions for the sections, the healthcare regions again for the filter's choices, the
        # decisions due to the person (notifications' "Att göra")
        with django_assert_num_queries(7):
            response = client.get(reverse("plans:plan-list"))

        sections = {
            section.split('"', 1)[0]: section
            for section in response.content.decode().split('aria-labelledby="region-')[1:]
        }
        for plan in created:  # each in its healthcare region's section, local plans too
            assert f'href="{plan.get_absolute_url()}"' in sections[plan.healthcare_region.code]


@pytest.mark.django_db
class TestPlanDetail:
    def test_it_shows_every_goal_and_activity_in_the_table_columns(self, client, reader, plan):
        plan.areas.first().goals.first().activities.update(from_agreement=True)
        client.force_login(reader)

        response = client.get(plan.get_absolute_url())

        content = response.content.decode()
        for header in [
            "Vad ska göras?",
            "Mål",
            "Hur?",
            "Vem?",
            "När?",
            "Uppföljning",
            "Ansvarig",
            "Tidsram",
        ]:
            assert f">{header}</th>" in content
        for a in (1, 2):
            assert f"Tabell {a}. Område {a}" in content
            for g in (1, 2, 3):
                assert f"Mål {a}.{g}" in content
                assert f"Aktivitet {a}.{g}.1" in content
        assert content.count('class="star"') == 1
        assert "överenskommelse mellan staten och SKR" in content

    @pytest.mark.parametrize("goals_per_area", [1, 10])
    def test_its_queries_do_not_grow_with_the_plan(
        self, client, reader, norr, plan_builder, goals_per_area, django_assert_num_queries
    ):
        plan = plan_builder(
            slug="stor", owner=norr, areas=3, goals_per_area=goals_per_area, activities_per_goal=2
        )
        client.force_login(reader)

        # session, user, plan (with owner and parent), areas, goals, goal parts, activities,
        # chapters, the plan's follow-up rounds, whether the user coordinates the plan's RCC, the
        # activities' initiatives (agreements' plan_links)
        with django_assert_num_queries(11):
            response = client.get(plan.get_absolute_url())

        assert response.content.decode().count("Aktivitet ") == 3 * goals_per_area * 2


@pytest.mark.django_db
def test_the_abbreviation_list_is_in_printed_order(client, reader, plan):
    Abbreviation.objects.create(
        plan=plan, abbreviation="VPK", meaning="vårdprocesskoordinator", order=2
    )
    Abbreviation.objects.create(plan=plan, abbreviation="EC", meaning="enhetschef", order=1)
    client.force_login(reader)

    content = client.get(reverse("plans:plan-abbreviations", args=[plan.slug])).content.decode()

    assert content.index("enhetschef") < content.index("vårdprocesskoordinator")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_plan_downloads_in_the_plan_format(client, reader, plan, fmt):
    client.force_login(reader)

    response = client.get(reverse("plans:plan-export", args=[plan.slug, fmt]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="norr-plan.{fmt}"'
    result = plan_import(
        content=response.content,
        filename=f"x.{fmt}",
        slug="kopia",
        title="Kopia",
        kind="handlingsplan",
        owner="norr",
        first_year=2025,
        last_year=2025,
    )
    assert (result.areas, result.goals, result.activities) == (2, 6, 6)


@pytest.mark.django_db
def test_an_unknown_export_format_is_not_found(client, reader, plan):
    client.force_login(reader)

    assert client.get(reverse("plans:plan-export", args=[plan.slug, "pdf"])).status_code == 404


@pytest.mark.django_db
def test_login_and_logout(client, reader):
    response = client.post(reverse("login"), {"username": "dana", "password": "pw"})
    assert response.url == reverse("plans:plan-list")

    content = client.get(reverse("plans:plan-list")).content.decode()
    assert '<span class="user-menu__name">dana</span>' in content
    assert "Logga ut" in content
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    response = client.get(reverse("plans:plan-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_wrong_password_is_told_in_swedish(client, reader):
    response = client.post(reverse("login"), {"username": "dana", "password": "fel"})

    assert "korrekt användarnamn och lösenord" in response.content.decode()


@pytest.mark.django_db
def test_the_plan_page_shows_each_goal_once_with_its_parts_state_and_rows(client, reader, plan):
    area = plan.areas.get(order=1)
    with_two, without, _third = area.goals.all()
    with_two.current_state = "Nuläget\när"
    with_two.save()
    GoalPart.objects.create(goal=with_two, name="Inklusion", order=1)
    GoalPart.objects.create(goal=with_two, name="Ledtider", order=2)
    Activity.objects.create(goal=with_two, what="Aktivitet 1.1.2", order=2)
    without.activities.all().delete()
    Activity.objects.filter(goal__area__order=2, goal__area__plan=plan).delete()
    GoalPart.objects.create(goal=plan.areas.get(order=2).goals.first(), name="Del", order=1)
    client.force_login(reader)

    content = client.get(plan.get_absolute_url()).content.decode()

    goal_cell = (
        '<td class="col-goal" rowspan="2">Mål 1.1\n<p class="goal-parts"><span class="muted">'
        'Bedöms i delar:</span> Inklusion · Ledtider</p>\n<p class="current-state">'
        '<span class="muted">Nuläge:</span> Nuläget<br>är</p>\n</td>'
    )
    assert content.count(goal_cell) == 1
    assert content.count("Mål 1.1\n") == 1
    empty_row = (
        '<td class="col-what muted">Ingen aktivitet</td>\n    <td class="col-goal">Mål 1.2\n'
    )
    assert empty_row in content
    # Area 2 has no activities left: a list of its goals, not a table.
    assert content.count('class="plan-table"') == 1
    assert (
        '<span class="goal-number">2.1</span>\n          <div>Mål 2.1\n<p class="goal-parts">'
        '<span class="muted">Bedöms i delar:</span> Del</p>\n</div>'
    ) in content
