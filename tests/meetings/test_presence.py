"""Presence per region per year: the computation, the statement, the overview page, the
meeting list's summary, and the suggestion follow-up shows beside a linked goal's level."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from meetings.models import Attendance, Meeting, PresenceGoal, SteeringGroup
from meetings.presence import group_presence, swedish_percent
from plans.models import Goal
from registry.models import Person, Region
from tests.conftest import NORR

pytestmark = pytest.mark.django_db

Status = Attendance.Status
HELD = Meeting.State.HELD


@pytest.fixture
def group(norr) -> SteeringGroup:
    return SteeringGroup.objects.create(healthcare_region=norr, name="Testgruppen")


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def person(name: str, code: str = "", organisation: str = "") -> Person:
    return Person.objects.create(
        name=name, region=region(code) if code else None, organisation=organisation
    )


def meeting(group, on: date, attendance: dict[Person, str] = None, state=HELD) -> Meeting:
    held = Meeting.objects.create(group=group, date=on, kind=Meeting.Kind.DIGITAL, state=state)
    for order, (who, status) in enumerate((attendance or {}).items()):
        Attendance.objects.create(
            meeting=held,
            person=who,
            status=status,
            topic="Ett ämne" if status == Status.INVITED else "",
            order=order,
        )
    return held


def every_region(suffix: str) -> dict[Person, str]:
    return {person(f"{code} {suffix}", code): Status.PRESENT for code in ("RJH", "RN", "RV", "RVN")}


def rows(presence) -> dict[str, tuple[list[str], int]]:
    return {row.label: (row.cells, row.represented) for row in presence.regions}


def row_text(content: str, label: str) -> str:
    """A table row's cells as a person reads them, after its header."""
    row = content.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def url(group, year: str | None = None) -> str:
    base = reverse("meetings:group-presence", args=[group.pk])
    return f"{base}?ar={year}" if year is not None else base


class TestComputation:
    def test_it_counts_two_people_of_one_region_once(self, group):
        one, two = person("Ett", "RJH"), person("Två", "RJH")
        meeting(group, date(2023, 3, 1), {one: Status.PRESENT, two: Status.PRESENT})
        meeting(group, date(2023, 9, 1), {one: Status.PRESENT})

        presence = group_presence(group, 2023)

        assert rows(presence)["Region Jämtland Härjedalen"] == (["present", "present"], 2)
        assert presence.regions[0].share == "100 %"

    def test_it_counts_a_region_on_a_link_and_prefers_someone_in_the_room(self, group):
        remote, local = person("Länk", "RN"), person("Plats", "RN")
        only_remote = person("Bara länk", "RV")
        meeting(
            group,
            date(2023, 3, 1),
            {remote: Status.REMOTE, local: Status.PRESENT, only_remote: Status.REMOTE},
        )

        found = rows(group_presence(group, 2023))

        assert found["Region Norrbotten"] == (["present"], 1)
        assert found["Region Västerbotten"] == (["remote"], 1)

    def test_it_does_not_count_the_absent_or_the_specially_invited(self, group):
        meeting(
            group,
            date(2023, 3, 1),
            {person("Borta", "RV"): Status.ABSENT, person("Kallad", "RVN"): Status.INVITED},
        )

        found = rows(group_presence(group, 2023))

        assert found["Region Västerbotten"] == ([""], 0)
        assert found["Region Västernorrland"] == ([""], 0)

    def test_it_shows_organisations_apart_from_the_regions_figure(self, group):
        attendance = {
            **every_region("a"),
            person("Forskare", organisation="Umeå universitet"): Status.PRESENT,
            person("Gäst", "RUP"): Status.REMOTE,  # a region of another healthcare region
            person("Borta", organisation="PNR"): Status.ABSENT,
            person("Kallad", organisation="Socialstyrelsen"): Status.INVITED,
        }
        meeting(group, date(2023, 3, 1), attendance)
        meeting(group, date(2023, 9, 1), every_region("b"))

        presence = group_presence(group, 2023)

        assert [row.label for row in presence.regions] == [
            "Region Jämtland Härjedalen",
            "Region Norrbotten",
            "Region Västerbotten",
            "Region Västernorrland",
        ]
        others = {row.label: (row.cells, row.share) for row in presence.organisations}
        assert others == {
            "PNR": (["", ""], "0 %"),
            "Region Uppsala": (["remote", ""], "50 %"),
            "Umeå universitet": (["present", ""], "50 %"),
        }
        assert presence.all_represented and presence.fully_represented == 2

    def test_it_leaves_out_planned_meetings_and_other_years(self, group):
        meeting(group, date(2022, 11, 1), every_region("2022"))
        meeting(group, date(2023, 3, 1), every_region("mars"))
        meeting(group, date(2023, 11, 1), every_region("planerat"), state=Meeting.State.PLANNED)
        approved = meeting(
            group, date(2023, 6, 1), every_region("juni"), state=Meeting.State.APPROVED
        )

        presence = group_presence(group, 2023)

        assert [m.date for m in presence.meetings] == [date(2023, 3, 1), approved.date]
        assert presence.years == [2023, 2022]
        assert group_presence(group).year == 2023  # the latest year with a held meeting

    def test_a_group_without_held_meetings_says_so(self, group):
        meeting(group, date(2023, 11, 1), every_region("planerat"), state=Meeting.State.PLANNED)

        presence = group_presence(group)

        assert (presence.year, presence.meetings, presence.years) == (None, [], [])
        assert not presence.all_represented
        assert presence.statement == "Inga genomförda möten är registrerade."
        assert group_presence(group, 2023).statement == (
            "Inga genomförda möten under 2023 är registrerade."
        )
        assert [row.share for row in presence.regions] == ["–"] * 4


class TestStatement:
    def test_it_states_that_every_region_was_represented(self, group):
        meeting(group, date(2023, 3, 1), every_region("a"))
        meeting(group, date(2023, 9, 1), every_region("b"))

        assert group_presence(group, 2023).statement == (
            "Vid alla möten under 2023 deltog minst en representant per region."
        )

    def test_it_says_which_region_missed_which_meeting(self, group):
        first = every_region("a")
        meeting(group, date(2023, 3, 1), first)
        meeting(group, date(2023, 9, 1), {p: s for p, s in first.items() if "RV " not in p.name})
        meeting(group, date(2023, 11, 7), {p: s for p, s in first.items() if "RV" not in p.name})

        presence = group_presence(group, 2023)

        assert not presence.all_represented
        assert presence.fully_represented == 1
        assert presence.statement == (
            "Inte vid alla möten under 2023 deltog minst en representant per region: "
            "Region Västerbotten saknades den 1 september 2023 och den 7 november 2023; "
            "Region Västernorrland saknades den 7 november 2023."
        )

    @pytest.mark.parametrize(
        ("part", "whole", "text"), [(2, 3, "67 %"), (1, 2, "50 %"), (4, 4, "100 %"), (0, 0, "–")]
    )
    def test_shares_are_written_the_swedish_way(self, part, whole, text):
        assert swedish_percent(part, whole) == text


class TestOverviewPage:
    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("coordinator", 200),
            ("reader", 200),
            ("superuser", 200),
            ("other_coordinator", 404),
            ("reporter_a", 404),
            ("outsider", 404),
        ],
    )
    def test_it_answers_per_role(self, client, request, group, who, status):
        meeting(group, date(2023, 3, 1), every_region("a"))
        if who == "superuser":
            user = get_user_model().objects.create_superuser(username="root", password="pw")
        else:
            user = request.getfixturevalue(who)
        client.force_login(user)

        assert client.get(url(group)).status_code == status

    def test_it_sends_the_anonymous_to_log_in(self, client, group):
        response = client.get(url(group))

        assert response.status_code == 302 and "/logga-in/" in response["Location"]

    def test_it_answers_a_forged_id_with_404(self, client, coordinator, group, mellansverige):
        theirs = SteeringGroup.objects.get(healthcare_region=mellansverige)
        client.force_login(coordinator)

        assert client.get(url(theirs)).status_code == 404
        assert client.get(reverse("meetings:group-presence", args=[999_999])).status_code == 404

    def test_it_shows_a_row_per_region_and_a_column_per_held_meeting(self, client, reader, group):
        attendance = every_region("a")
        attendance[person("Länk", "RJH")] = Status.REMOTE
        meeting(group, date(2023, 3, 1), attendance)
        on_link = {
            person("Bara länk", "RN"): Status.REMOTE,
            person("Org", organisation="PNR"): "present",
        }
        meeting(group, date(2023, 9, 18), on_link)
        meeting(group, date(2023, 11, 20), every_region("planerat"), state=Meeting.State.PLANNED)
        client.force_login(reader)

        content = client.get(url(group)).content.decode()

        assert content.count('<th scope="col"><a href="/moten/') == 2  # not the planned one
        assert ">1 mars</time>" in content and ">18 september</time>" in content
        assert row_text(content, "Region Norrbotten") == "● Närvarande ◐ På länk 2 av 2 100 %"
        assert row_text(content, "Region Västerbotten") == (
            "● Närvarande – Inte representerad 1 av 2 50 %"
        )
        assert "Övriga organisationer" in content and "PNR</th>" in content
        assert "Region Västerbotten saknades den 18 september 2023" in content

    @pytest.mark.parametrize(
        ("asked", "shown"),
        [("", 2023), ("abc", 2023), ("1800", 2023), ("2022", 2022), ("2019", 2019)],
    )
    def test_it_shows_the_year_asked_for_or_the_latest(
        self, client, coordinator, group, asked, shown
    ):
        meeting(group, date(2022, 5, 1), every_region("2022"))
        meeting(group, date(2023, 5, 1), every_region("2023"))
        client.force_login(coordinator)

        response = client.get(url(group, asked))

        content = response.content.decode()
        assert response.status_code == 200
        assert f"<h1>Närvaro per region {shown}</h1>" in content
        other = 2022 if shown == 2023 else 2023
        assert f'<a href="?ar={other}">{other}</a>' in content
        if shown == 2019:
            assert "Inga genomförda möten under 2019 är registrerade." in content

    @pytest.mark.parametrize("size", [2, 6])
    def test_it_shows_the_overview_in_a_fixed_number_of_queries(
        self, client, coordinator, group, size, django_assert_num_queries
    ):
        for n in range(size):
            people = {
                person(f"P{n}-{k}", ("RJH", "RN", "RV")[k % 3]): Status.PRESENT for k in range(size)
            }
            meeting(group, date(2023, 1, 1 + n), people)
        client.force_login(coordinator)

        # session, user, roles, the group, its held meetings, the year's attendances with
        # their people and regions, the group's regions
        with django_assert_num_queries(7):
            response = client.get(url(group))

        assert response.content.decode().count('<th scope="col"><a href="/moten/') == size


class TestMeetingList:
    def test_it_shows_each_groups_presence_and_links_the_overview(self, client, coordinator, group):
        meeting(group, date(2023, 3, 1), every_region("a"))
        client.force_login(coordinator)

        content = client.get(reverse("meetings:meeting-list")).content.decode()

        assert "Närvaro per region 2023" in content
        assert "Region Norrbotten: 1 av 1 (100 %)" in content
        assert "Vid alla möten under 2023 deltog minst en representant per region." in content
        assert f'href="{url(group)}"' in content


class TestDemo:
    def test_all_seven_mellansverige_regions_were_represented_on_3_june_2025(
        self, client, other_coordinator, mellansverige
    ):
        group = SteeringGroup.objects.get(healthcare_region=mellansverige)
        client.force_login(other_coordinator)

        presence = group_presence(group, 2025)
        content = client.get(url(group, "2025")).content.decode()

        assert [m.date for m in presence.meetings] == [date(2025, 6, 3)]  # not the planned ones
        assert len(presence.regions) == 7
        assert all(row.cells in (["present"], ["remote"]) for row in presence.regions)
        assert rows(presence)["Region Uppsala"] == (["remote"], 1)  # "(På länk)" in the minutes
        assert {row.label for row in presence.organisations} >= {"PNR", "RCC", "Örebro Universitet"}
        assert "Vid alla möten under 2025 deltog minst en representant per region." in content
        assert content.count("<td>1 av 1</td>") == 7 + len(presence.organisations)

    def test_norr_goal_6_5_is_answered_by_a_group_without_meetings(self, norr):
        link = PresenceGoal.objects.select_related("group", "goal").get(
            group__healthcare_region=norr
        )

        assert link.goal.number == "6.5" and "90 % närvaro" in link.goal.text
        assert link.group.name == "RCC Norrs styrgrupp" and not link.group.meetings.exists()
        assert link.group.body.abbreviation == "SG"


def goal_detail(round, goal) -> str:
    return reverse("followup:goal-detail", kwargs={"pk": round.pk, "goal_pk": goal.pk})


def report_form(round, code="RJH") -> str:
    return reverse("followup:region-report", kwargs={"pk": round.pk, "code": code}) + "?omrade=alla"


class TestFollowUpHint:
    @pytest.fixture
    def linked(self, round_builder, group):
        """A 2024 round whose first goal is linked to the group's presence: RJH at both
        meetings, RN on a link at one."""
        round = round_builder(year=2024)
        goals = list(Goal.objects.filter(area__plan=round.plan).order_by("area__order", "order"))
        PresenceGoal.objects.create(group=group, goal=goals[0])
        rjh, rn = person("Jämtland", "RJH"), person("Norrbotten", "RN")
        meeting(group, date(2024, 3, 1), {rjh: Status.PRESENT, rn: Status.REMOTE})
        meeting(group, date(2024, 9, 1), {rjh: Status.PRESENT})
        meeting(group, date(2023, 9, 1), every_region("förra året"))
        return round, goals

    def test_the_goal_view_shows_the_presence_of_the_rounds_year_per_region(
        self, client, coordinator, linked
    ):
        round, goals = linked
        client.force_login(coordinator)

        content = client.get(goal_detail(round, goals[0])).content.decode()

        assert "Närvaro 2024: 0 av 2 möten med minst en representant per region" in content
        assert "Region Jämtland Härjedalen var representerad vid 2 av 2 möten (100 %)" in content
        assert "Region Norrbotten var representerad vid 1 av 2 möten (50 %)" in content
        assert "Region Västerbotten var representerad vid 0 av 2 möten (0 %)" in content
        other = client.get(goal_detail(round, goals[1])).content.decode()
        assert "Närvaro" not in other and "var representerad" not in other

    def test_the_report_form_shows_the_reporters_own_region(self, client, reporter_a, linked):
        round, goals = linked
        client.force_login(reporter_a)

        content = client.get(report_form(round)).content.decode()

        hint = "Närvaro 2024: Region Jämtland Härjedalen var representerad vid 2 av 2 möten (100 %)"
        assert content.count(hint) == 1
        card = content.split(f'id="mal-{goals[0].pk}"')[1].split("</fieldset>")[0]
        assert hint in card
        assert "Region Norrbotten var" not in content

    def test_the_norr_demo_goal_says_no_meetings_are_registered(self, client, coordinator, norr):
        link = PresenceGoal.objects.get(group__healthcare_region=norr)
        round = link.goal.area.plan.rounds.get(year=2023)
        client.force_login(coordinator)

        content = client.get(goal_detail(round, link.goal)).content.decode()

        assert "Närvaro 2023: inga genomförda möten registrerade" in content
        other = Goal.objects.filter(area__plan__slug=NORR, number="6.4").get()
        assert "Närvaro 2023" not in client.get(goal_detail(round, other)).content.decode()


def test_followup_does_not_import_meetings():
    """Dependencies run one way: meetings answers follow-up's signal, never the reverse."""
    root = Path(settings.BASE_DIR)
    offending = [
        str(path.relative_to(root))
        for folder in (root / "followup", root / "templates" / "followup")
        for path in folder.rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and "meetings" in path.read_text(encoding="utf-8")
    ]
    assert offending == []
