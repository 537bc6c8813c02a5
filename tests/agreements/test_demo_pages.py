"""The demo's agreements as a coordinator reads them (the issue's "done means")."""

import re

import pytest

from agreements.models import Initiative

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_coordinator_reads_min_vardplan_and_finds_the_rows_that_carry_it_out(client, coordinator):
    min_vardplan = Initiative.objects.get(agreement__year=2024, title="Min vårdplan")
    task = Initiative.objects.get(agreement__year=2025, lineage=min_vardplan.lineage)
    client.force_login(coordinator)

    page = text(client.get(min_vardplan.get_absolute_url()))

    assert "Min vårdplan fortsätter att utvecklas som patientens kunskapsstöd" in page
    assert f'<a href="{task.get_absolute_url()}">2025:' in page
    count = task.activity_links.count()
    assert count >= 1
    noun = "aktivitet" if count == 1 else "aktiviteter"
    assert f"({count} {noun} i RCC:ernas planer)" in page

    page = text(client.get(task.get_absolute_url()))
    assert 'id="rcc-mellansverige"' in page and "Handlingsplan för RCC Mellansverige 2025" in page


def test_the_2025_coverage_shows_mellansveriges_links(client, coordinator):
    client.force_login(coordinator)

    page = text(client.get("/overenskommelser/2025/tackning/"))

    foot = page[page.index("<tfoot>") : page.index("</tfoot>")]
    totals = [int(n) for n in re.findall(r'<td class="coverage__total">(\d+)</td>', foot)]
    assert totals[1] > 0  # RCC Mellansverige: its 2025 action plan is linked
    assert totals[-1] == sum(totals[:-1])
