"""Every view × every role: the right people get in, everyone else gets 403 or 404 and the
database is left exactly as it was, including for POSTs with forged region or goal ids."""

import pytest
from django.urls import reverse

from followup.models import Assessment, FollowUpRound, RccComment, RegionReport, RoundEvent
from followup.services import region_report_submit
from plans.models import Goal

ROLES = ["coordinator", "reporter_a", "reporter_b", "reader", "outsider", "other_coordinator"]


def snapshot():
    return (
        sorted(Assessment.objects.values_list("pk", "level", "comment", "condensed_comment")),
        sorted(RegionReport.objects.values_list("pk", "state", "version")),
        sorted(FollowUpRound.objects.values_list("pk", "state", "deadline", "introduction")),
        sorted(RccComment.objects.values_list("pk", "text")),
        RoundEvent.objects.count(),
    )


def goal_of(round):
    return Goal.objects.for_plan(round.plan).first()


def report_post(round, level="U", comment="Ny text"):
    goal = goal_of(round)
    report = round.reports.get(region__code="RJH")
    return {
        "version": report.version,
        f"g{goal.pk}_level_0": level,
        f"g{goal.pk}_comment": comment,
        "action": "save",
    }


# (name, method, url builder, data builder, {role: status}); unlisted roles expect 404.
def cases_for_open_round():
    rjh = lambda r: {"pk": r.pk, "code": "RJH"}  # noqa: E731
    return [
        (
            "round-detail",
            "get",
            lambda r: {"pk": r.pk},
            None,
            {"coordinator": 200, "reporter_a": 200, "reporter_b": 200},  # theirs only
        ),
        ("round-matrix", "get", lambda r: {"pk": r.pk}, None, {"coordinator": 200}),
        ("round-texts", "get", lambda r: {"pk": r.pk}, None, {"coordinator": 200}),
        (
            "round-texts-save",
            "post",
            lambda r: {"pk": r.pk},
            lambda r: {
                "introduction": "X",
                "summary": "Y",
                "original_introduction": "",
                "original_summary": "",
            },
            {"coordinator": 302},
        ),
        (
            "round-transition",
            "post",
            lambda r: {"pk": r.pk, "action": "close"},
            lambda r: {},
            {"coordinator": 302},
        ),
        (
            "round-deadline",
            "post",
            lambda r: {"pk": r.pk},
            lambda r: {"deadline": "2025-05-15"},
            {"coordinator": 302},
        ),
        ("round-export", "get", lambda r: {"pk": r.pk, "fmt": "csv"}, None, {"coordinator": 200}),
        ("region-report", "get", rjh, None, {"coordinator": 200, "reporter_a": 200}),
        ("region-report-save", "post", rjh, report_post, {"coordinator": 403, "reporter_a": 302}),
        ("region-report-submit", "get", rjh, None, {"coordinator": 403, "reporter_a": 200}),
        (
            "region-report-submit",
            "post",
            rjh,
            lambda r: {},
            {"coordinator": 403, "reporter_a": 302},
        ),
        (
            "assessment-detail",
            "get",
            lambda r: {**rjh(r), "goal_pk": goal_of(r).pk},
            None,
            {"coordinator": 200, "reporter_a": 200},
        ),
        (
            "assessment-condense",
            "post",
            lambda r: {**rjh(r), "goal_pk": goal_of(r).pk},
            lambda r: {"condensed-text": "Kort", "condensed-original": ""},
            {"coordinator": 302, "reporter_a": 403},
        ),
        (
            "rcc-comment-save",
            "post",
            lambda r: {**rjh(r), "goal_pk": goal_of(r).pk},
            lambda r: {"rcc-text": "RCC säger", "rcc-original": ""},
            {"coordinator": 302, "reporter_a": 403},
        ),
    ]


def assert_shows_the_round(response, round):
    """An allowed page is about this round: its title and links into it, or the export's name."""
    if response.get("Content-Disposition"):
        assert f"{round.plan.slug}-uppfoljning-{round.year}." in response["Content-Disposition"]
    else:
        content = response.content.decode()
        assert str(round.title) in content
        assert f'href="{round.get_absolute_url()}' in content


def case_ids(cases):
    return [f"{name}-{method}-{i}" for i, (name, method, *_rest) in enumerate(cases)]


OPEN_CASES = cases_for_open_round()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data", "allowed"), OPEN_CASES, ids=case_ids(OPEN_CASES)
)
def test_open_round_rights(
    client, request, round_builder, role, name, method, kwargs, data, allowed
):
    round = round_builder()
    client.force_login(request.getfixturevalue(role))
    url = reverse(f"followup:{name}", kwargs=kwargs(round))
    before = snapshot()

    response = client.get(url) if method == "get" else client.post(url, data(round))

    expected = allowed.get(role, 404)
    assert response.status_code == expected
    if expected not in (200, 302) or method == "get":
        assert snapshot() == before
    if expected == 200:
        assert_shows_the_round(response, round)


@pytest.mark.django_db
def test_the_return_action_is_for_the_coordinator_only(client, request, round_builder, reporter_a):
    round = round_builder()
    report = round.reports.get(region__code="RJH")
    region_report_submit(report=report, user=reporter_a)
    url = reverse("followup:region-report-return", kwargs={"pk": round.pk, "code": "RJH"})
    expected = {
        "reporter_a": 403,
        "reporter_b": 404,
        "reader": 404,
        "outsider": 404,
        "other_coordinator": 404,
    }

    for role, status in expected.items():
        client.force_login(request.getfixturevalue(role))
        before = snapshot()
        assert client.get(url).status_code == status, role
        assert client.post(url, {"message": "x"}).status_code == status, role
        assert snapshot() == before

    client.force_login(request.getfixturevalue("coordinator"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"message": "Komplettera"}).status_code == 302
    report.refresh_from_db()
    assert report.state == RegionReport.State.RETURNED


@pytest.mark.django_db
def test_a_reporter_cannot_reach_another_regions_draft_by_url(client, round_builder, reporter_a):
    round = round_builder()
    client.force_login(reporter_a)
    goal = goal_of(round)
    rn = {"pk": round.pk, "code": "RN"}
    before = snapshot()

    assert client.get(reverse("followup:region-report", kwargs=rn)).status_code == 404
    data = report_post(round)
    assert client.post(reverse("followup:region-report-save", kwargs=rn), data).status_code == 404
    assert client.post(reverse("followup:region-report-submit", kwargs=rn)).status_code == 404
    detail = reverse("followup:assessment-detail", kwargs={**rn, "goal_pk": goal.pk})
    assert client.get(detail).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_forged_goal_ids_in_a_report_post_change_nothing_else(
    client, round_builder, reporter_a, mellansverige, plan_builder, coordinator
):
    round = round_builder()
    other_round = round_builder(year=2025)
    other_goal = goal_of(other_round)
    client.force_login(reporter_a)
    data = report_post(round)
    data[f"g{other_goal.pk}_level_0"] = "E"
    data[f"g{other_goal.pk}_comment"] = "Förfalskat"
    other_before = sorted(other_round.assessments.values_list("pk", "level", "comment"))

    response = client.post(
        reverse("followup:region-report-save", kwargs={"pk": round.pk, "code": "RJH"}), data
    )

    assert response.status_code == 302
    assert sorted(other_round.assessments.values_list("pk", "level", "comment")) == other_before
    assert round.assessments.get(region__code="RJH", goal=goal_of(round)).level == "U"


@pytest.mark.django_db
def test_round_ids_of_another_rcc_are_not_found(client, round_builder, other_coordinator):
    round = round_builder()
    client.force_login(other_coordinator)
    before = snapshot()

    for action in ("open", "close", "publish", "reopen"):
        url = reverse("followup:round-transition", kwargs={"pk": round.pk, "action": action})
        assert client.post(url).status_code == 404
    assert snapshot() == before


PUBLISHED_READ = [
    ("round-detail", lambda r: {"pk": r.pk}),
    ("round-matrix", lambda r: {"pk": r.pk}),
    ("region-report", lambda r: {"pk": r.pk, "code": "RN"}),
    ("assessment-detail", lambda r: {"pk": r.pk, "code": "RN", "goal_pk": goal_of(r).pk}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PUBLISHED_READ, ids=[n for n, _k in PUBLISHED_READ])
def test_published_rounds_are_read_by_the_steering_group_and_the_regions(
    client, request, round_builder, name, kwargs
):
    round = round_builder(state=FollowUpRound.State.PUBLISHED)
    url = reverse(f"followup:{name}", kwargs=kwargs(round))
    expected = {
        "coordinator": 200,
        "reader": 200,
        "reporter_a": 200,
        "reporter_b": 200,
        "outsider": 404,
        "other_coordinator": 404,
    }

    for role, status in expected.items():
        client.force_login(request.getfixturevalue(role))
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert_shows_the_round(response, round)


@pytest.mark.django_db
def test_readers_cannot_manage_a_published_round(client, round_builder, reader):
    round = round_builder(state=FollowUpRound.State.PUBLISHED)
    client.force_login(reader)
    before = snapshot()

    assert client.get(reverse("followup:round-texts", kwargs={"pk": round.pk})).status_code == 403
    assert (
        client.get(
            reverse("followup:round-export", kwargs={"pk": round.pk, "fmt": "csv"})
        ).status_code
        == 403
    )
    url = reverse(
        "followup:rcc-comment-save",
        kwargs={"pk": round.pk, "code": "RJH", "goal_pk": goal_of(round).pk},
    )
    assert client.post(url, {"rcc-text": "x", "rcc-original": ""}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reader", "reporter_a", "outsider", "other_coordinator"])
def test_only_the_rccs_coordinators_start_a_round(client, request, norr, plan_builder, role):
    plan = plan_builder(slug="ny", owner=norr)
    client.force_login(request.getfixturevalue(role))
    url = reverse("followup:round-create", kwargs={"slug": plan.slug})

    assert client.get(url).status_code == 403
    response = client.post(url, {"year": 2025, "opens_on": "2026-03-01", "deadline": "2026-04-30"})
    assert response.status_code == 403
    assert not FollowUpRound.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_drafts_are_hidden_from_reporters(client, round_builder, reporter_a):
    round = round_builder(state=FollowUpRound.State.DRAFT)
    client.force_login(reporter_a)

    url = reverse("followup:region-report", kwargs={"pk": round.pk, "code": "RJH"})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["round-list"])
def test_anonymous_users_are_sent_to_login(client, name):
    response = client.get(reverse(f"followup:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_reporter_reads_the_rccs_texts_only_once_the_round_is_published(
    client, round_builder, reporter_a, coordinator
):
    round = round_builder()
    goal = goal_of(round)
    assessment = round.assessments.get(region__code="RJH", goal=goal)
    assessment.condensed_comment = "RCC:s förkortning av regionens text"
    assessment._history_user = coordinator
    assessment.save()
    RccComment.objects.create(round=round, goal=goal, text="RCC:s eget utkast till kommentar")
    url = reverse(
        "followup:assessment-detail", kwargs={"pk": round.pk, "code": "RJH", "goal_pk": goal.pk}
    )

    client.force_login(reporter_a)
    draft = client.get(url).content.decode()
    client.force_login(coordinator)
    coordinators = client.get(url).content.decode()
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.PUBLISHED)
    client.force_login(reporter_a)
    published = client.get(url).content.decode()

    for text in ("RCC:s förkortning av regionens text", "RCC:s eget utkast till kommentar"):
        assert text not in draft  # neither on the page nor in its history
        assert text in coordinators
        assert text in published


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/uppfoljning/99999999999999999999/",
        "/uppfoljning/{round}/region/RJH/mal/99999999999999999999/",
        "/uppfoljning/{round}/region/RJH/mal/9223372036854775808/kondenserad/",
        "/uppfoljning/9223372036854775808/matris/",
    ],
)
def test_ids_too_large_for_the_database_are_not_found(client, round_builder, coordinator, path):
    round = round_builder()
    client.force_login(coordinator)

    assert client.get(path.format(round=round.pk)).status_code == 404
