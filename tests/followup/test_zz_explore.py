import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from followup.services import region_report_save
from plans.models import Goal

def show(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    print(url, r.status_code, len(ctx.captured_queries))
    for q in ctx.captured_queries:
        print("   ", q["sql"][:160])

@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 4])
def test_explore(client, round_builder, coordinator, reporter_a, norr, plan_builder, n):
    for i in range(n):
        round_builder(year=2030 + i, plan=plan_builder(slug=f"p{i}", owner=norr))
    client.force_login(coordinator)
    show(client, reverse("followup:round-list"))
    client.force_login(reporter_a)
    show(client, reverse("followup:round-list"))
    show(client, reverse("plans:plan-list"))
    client.force_login(coordinator)
    r = round_builder(year=2024)
    g = Goal.objects.for_plan(r.plan).first()
    rep = r.reports.get(region__code="RJH")
    for i in range(n):
        rep = region_report_save(report=rep, values={g.pk: ("UPE"[i % 3], f"t{i}")}, original={}, version=rep.version, user=reporter_a)
    show(client, reverse("followup:assessment-detail", kwargs={"pk": r.pk, "code": "RJH", "goal_pk": g.pk}))
