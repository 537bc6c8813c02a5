"""The start page's "Att göra": what needs the person now, per role, in fixed queries."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse

from followup.services import region_report_return, region_report_submit
from meetings.models import Decision
from notifications.selectors import todo_for
from registry.models import Person

pytestmark = pytest.mark.django_db
DURING = date(2025, 4, 1)  # round_builder's rounds close on 30 April of the next year
AFTER = date(2025, 5, 2)


def texts(user, today=DURING) -> list[str]:
    return [todo.text for todo in todo_for(user, today)]


def fresh(user):
    """The user as a new request loads them, their roles not yet known."""
    return get_user_model().objects.get(pk=user.pk)


def render(user) -> str:
    return Template("{% load notifications_tags %}{% todo_list user %}").render(
        Context({"user": user})
    )


class TestAReporter:
    def test_sees_their_form_to_fill_with_the_deadline_until_it_is_submitted(
        self, round_builder, reporter_a, reporter_b
    ):
        round = round_builder()
        report = round.reports.select_related("region").get(region__code="RJH")

        (todo,) = [t for t in todo_for(reporter_a, DURING) if t.url == report.get_absolute_url()]
        assert todo.text == f"Fyll i och skicka in {report.region} rapport för {round}"
        assert (todo.url, todo.due, todo.late) == (report.get_absolute_url(), round.deadline, False)
        assert str(report.region) not in " ".join(texts(reporter_b))  # RN's reporter

        region_report_submit(report=report, user=reporter_a)
        assert not any(t.url == report.get_absolute_url() for t in todo_for(reporter_a, DURING))

    def test_sees_a_returned_report(self, round_builder, reporter_a, coordinator):
        round = round_builder()
        report = round.reports.get(region__code="RJH")
        region_report_submit(report=report, user=reporter_a)
        region_report_return(report=report, user=coordinator, message="Mer, tack.")

        (todo,) = [t for t in todo_for(reporter_a, DURING) if t.url == report.get_absolute_url()]
        assert todo.text.startswith("Ändra och skicka in")

    def test_sees_it_on_the_start_page_with_a_late_mark(self, client, round_builder, reporter_a):
        round = round_builder(year=2020)  # its deadline, 30 April 2021, has passed
        client.force_login(reporter_a)

        content = client.get(reverse("plans:plan-list")).content.decode()

        assert '<h2 id="todo-heading">Att göra</h2>' in content
        assert round.reports.get(region__code="RJH").get_absolute_url() in content
        assert "<strong>försenad,</strong>" in content
        assert reverse("notifications:preferences") in content

    @pytest.mark.parametrize("rounds", [1, 3])
    def test_its_queries_are_fixed(
        self, round_builder, reporter_a, rounds, django_assert_num_queries
    ):
        built = [round_builder(year=year) for year in range(2021, 2021 + rounds)]
        user = fresh(reporter_a)

        # memberships, the reports to fill, the decisions the user's Person is responsible for
        with django_assert_num_queries(3):
            content = render(user)

        for round in built:
            assert round.reports.get(region__code="RJH").get_absolute_url() in content


class TestACoordinator:
    def test_sees_the_submitted_reports_to_review_and_the_late_rounds(
        self, round_builder, coordinator, other_coordinator, reporter_a
    ):
        round = round_builder()
        report = round.reports.select_related("region").get(region__code="RJH")
        region_report_submit(report=report, user=reporter_a)

        assert f"Granska {report.region} inskickade rapport för {round}" in texts(coordinator)
        assert f"{round}: sista dag har passerat, 1 av 4 inskickade" in texts(coordinator, AFTER)
        assert not any(str(round) in text for text in texts(other_coordinator, AFTER))

    @pytest.mark.parametrize("rounds", [1, 3])
    def test_its_queries_are_fixed(
        self, round_builder, coordinator, reporter_a, rounds, django_assert_num_queries
    ):
        built = [round_builder(year=year) for year in range(2019, 2019 + rounds)]  # all late
        for round in built:
            region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
        user = fresh(coordinator)

        # memberships, the reports of the open rounds (to review, and the late rounds'
        # progress), the decisions due in the RCC's steering group or to the user's Person
        with django_assert_num_queries(3):
            content = render(user)

        for round in built:
            assert round.reports.get(region__code="RJH").get_absolute_url() in content
            assert f'href="{round.get_absolute_url()}"' in content


@pytest.fixture
def decision(mellansverige):
    from .conftest import Meeting

    meeting = Meeting.objects.get(group__healthcare_region=mellansverige, date=date(2025, 6, 3))
    person = Person.objects.create(name="Ansvarig", organisation="RCC")
    return Decision.objects.create(
        item=meeting.items.order_by("number").first(),
        text="Skriv remissvaret",
        responsible_person=person,
        due_on=date(2025, 6, 30),
    )


class TestDecisions:
    def test_the_responsible_person_sees_a_decision_due_within_a_week(self, decision, reader):
        Person.objects.filter(pk=decision.responsible_person_id).update(user=reader)

        assert "Skriv remissvaret" not in " ".join(texts(reader, date(2025, 6, 1)))
        (todo,) = [t for t in todo_for(reader, date(2025, 6, 25)) if "Skriv" in t.text]
        assert todo.url == reverse(
            "meetings:group-decisions", args=[decision.item.meeting.group_id]
        )

    def test_the_rccs_coordinators_see_it_and_others_do_not(
        self, decision, other_coordinator, coordinator, reader
    ):
        assert any("Skriv remissvaret" in t for t in texts(other_coordinator, date(2025, 7, 1)))
        assert not any("Skriv remissvaret" in t for t in texts(coordinator, date(2025, 7, 1)))
        assert not any("Skriv remissvaret" in t for t in texts(reader, date(2025, 7, 1)))

    def test_a_decision_done_is_gone(self, decision, other_coordinator):
        Decision.objects.filter(pk=decision.pk).update(done_on=date(2025, 6, 28), done_note="Klart")

        assert not any("Skriv remissvaret" in t for t in texts(other_coordinator, date(2025, 7, 1)))

    def test_a_decision_left_for_the_next_meeting_shows_when_that_meeting_nears_or_passed(
        self, decision, other_coordinator
    ):
        Decision.objects.filter(pk=decision.pk).update(due_on=None, due_next_meeting=True)

        def todo(today):
            return [t for t in todo_for(other_coordinator, today) if "Skriv" in t.text]

        assert todo(date(2025, 8, 1)) == []  # the next meeting, 18 September, is far
        (soon,) = todo(date(2025, 9, 10))
        assert (soon.due, soon.late) == (date(2025, 9, 18), False)
        (late,) = todo(date(2025, 10, 1))  # held, and the decision still open
        assert late.late
