"""The demo's agreements, transcribed from the national report on 2024 and the Mellansverige
business plan's 2025 tasks, and the plan rows linked to them."""

import io

import pytest
from django.core.management import call_command

from agreements.models import ActivityLink, Agreement, Appendix, Area, Initiative

pytestmark = pytest.mark.django_db

# The table of contents of seeds/rcc-rapport-overenskommelsen-2024.txt (L11–37), as printed.
TABLE_OF_CONTENTS = [
    "Jämlik och effektiv cancervård med kortare väntetider",
    "Innehåll",
    "Inledning",
    "Prevention",
    "Särskild satsning för att utrota livmoderhalscancer",
    "Tidig upptäckt",
    "Tidig upptäckt i primärvården",
    "Organiserad prostatacancer-testning",
    "Cancerscreening",
    "Tillgänglig och god vård med fokus på patienten",
    "Standardiserade vårdförlopp",
    "Min vårdplan",
    "Rehabilitering och palliativ vård",
    "Rehabilitering",
    "Palliativ vård",
    "Barncancer",
    "Kunskapsutveckling samt kompetensförsörjning och forskning",
    "Kunskapsutveckling",
    "Arbete med nationella vårdprogram",
    "Arbete med regimbiblioteket",
    "Insatser som underlättar uppföljningen av cancervården",
    "Kompetensförsörjning och forskning",
    "Tillgång till och användning av medicinska teknologier",
    "Bilaga 1 Samverkansregionala insatser",
    "Bilaga 2 Utvecklingsområden inom barncancervården",
    "Bilaga 3 Kortare väntetider i cancervården",
    "Bilaga 4 Kvalitetssäkring vid bedömning av EIN",
]
# The table of contents' lines that are no area or initiative: the title, the contents page
# itself and the introduction (the agreement's introduction).
NOT_INITIATIVES = {
    "Jämlik och effektiv cancervård med kortare väntetider",
    "Innehåll",
    "Inledning",
}


@pytest.fixture
def agreement_2024(db) -> Agreement:
    return Agreement.objects.get(year=2024)


def test_the_2024_agreement_is_the_reports(agreement_2024):
    assert agreement_2024.title == "Jämlik och effektiv cancervård med kortare väntetider"
    assert agreement_2024.parties == "staten och SKR"
    assert agreement_2024.amount_kronor == 809_000_000
    assert "omfattar totalt 809 miljoner kronor" in agreement_2024.introduction
    assert list(agreement_2024.areas.values_list("ref", flat=True)) == ["1", "2", "3", "4"]
    assert agreement_2024.appendices.count() == 4


def test_every_heading_of_the_table_of_contents_is_there_with_its_text(agreement_2024):
    titles = {area.title: area for area in agreement_2024.areas.all()}
    titles |= {initiative.title: initiative for initiative in agreement_2024.initiatives.all()}
    appendices = set(agreement_2024.appendices.values_list("title", flat=True))

    for heading in TABLE_OF_CONTENTS:
        if heading in NOT_INITIATIVES:
            continue
        if heading.startswith("Bilaga"):
            assert heading in appendices
            continue
        assert heading in titles, heading
        entry = titles[heading]
        has_text = bool(entry.text) or (
            isinstance(entry, Initiative) and entry.children.exclude(text="").exists()
        )
        has_text = has_text or (isinstance(entry, Area) and entry.initiatives.exists())
        assert has_text, heading


def test_initiatives_nest_as_the_report_nests_them(agreement_2024):
    knowledge = agreement_2024.initiatives.get(title="Kunskapsutveckling")
    follow_up = knowledge.children.get(
        title="Insatser som underlättar uppföljningen av cancervården"
    )

    assert list(knowledge.children.values_list("title", flat=True)) == [
        "Arbete med nationella vårdprogram",
        "Arbete med regimbiblioteket",
        "Insatser som underlättar uppföljningen av cancervården",
    ]
    titles = list(follow_up.children.values_list("title", flat=True))
    assert len(titles) == 4
    assert titles == [
        "Individuell patientöversikt (IPÖ) i cancervården",
        "Läkemedelsregistrering",
        "Automatöverföring av strukturerad data",
        "AI för optimerad datahantering",
    ]


def test_min_vardplan_has_the_national_text(agreement_2024):
    min_vardplan = agreement_2024.initiatives.get(title="Min vårdplan")

    assert min_vardplan.area.ref == "2"
    assert len(min_vardplan.text) > 500


def test_the_2025_tasks_continue_2024s_initiatives():
    tasks = Initiative.objects.filter(agreement__year=2025)
    min_vardplan = Initiative.objects.get(agreement__year=2024, title="Min vårdplan")

    assert tasks.count() == 16
    assert tasks.filter(lineage=min_vardplan.lineage).exists()
    assert Area.objects.filter(agreement__year=2025).count() == 4


def test_the_mellansverige_plan_rows_are_linked_to_the_2025_tasks():
    links = ActivityLink.objects.filter(
        activity__goal__area__plan__slug="mellansverige-handlingsplan-2025"
    )

    assert links.count() == 43
    assert {
        link.initiative.agreement.year for link in links.select_related("initiative__agreement")
    } == {2025}
    prostate = links.filter(activity__goal__area__title__icontains="prostatacancertestning")
    # The task on finding patients at raised risk of cancer as early as possible.
    assert set(prostate.values_list("initiative__ref", flat=True)) == {"2025-1.3"}


def test_loading_again_changes_nothing():
    before = (
        Agreement.objects.count(),
        Initiative.objects.count(),
        Appendix.objects.count(),
        ActivityLink.objects.count(),
    )

    call_command("load_demo", "--no-users", stdout=io.StringIO())

    assert (
        Agreement.objects.count(),
        Initiative.objects.count(),
        Appendix.objects.count(),
        ActivityLink.objects.count(),
    ) == before
