"""The coordinator prepares and records a meeting: details, agenda items in order with their
time, minutes, decisions, the summary, attendance and the meeting's state."""

from datetime import date, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Decision, Meeting, Member, SummaryPoint
from meetings.selectors import decisions_due_at
from registry.models import Membership, Person, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(planned_meeting) -> Meeting:
    return planned_meeting


@pytest.fixture
def as_coordinator(client, other_coordinator):
    """Logged in as the Mellansverige coordinator (the demo meetings' RCC)."""
    client.force_login(other_coordinator)
    return client


def _url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def _add_item(client, meeting, **data):
    data = {"title": "Punkt", "kind": "information", "planned_minutes": "15", **data}
    return client.post(_url("item-create", meeting.pk), data)


class TestTheAgenda:
    def test_the_decision_of_3_june_is_due_on_18_september(self, as_coordinator, planned):
        content = as_coordinator.get(_url("meeting-agenda", planned.pk)).content.decode()

        assert "Återkoppling från förra mötet" in content
        assert "Styrgruppens representanter tar med frågan om implementering" in content
        assert [d.text[:30] for d in decisions_due_at(planned)] == [
            "Styrgruppens representanter ta"
        ]

    def test_a_done_decision_is_no_longer_due(self, planned):
        decision = Decision.objects.get(item__meeting__date=date(2025, 6, 3))
        decision.done_on = date(2025, 9, 18)
        decision.followed_up_at = planned
        decision.save()

        assert list(decisions_due_at(planned)) == []

    def test_a_decision_for_the_next_meeting_is_not_due_two_meetings_later(self, planned):
        november = Meeting.objects.get(group=planned.group, date=date(2025, 11, 20))

        assert list(decisions_due_at(november)) == []

    def test_a_decision_due_by_a_date_shows_at_the_first_meeting_on_or_after_it(self, planned):
        decision = Decision.objects.get(item__meeting__date=date(2025, 6, 3))
        decision.due_next_meeting, decision.due_on = False, date(2025, 10, 1)
        decision.save()
        november = Meeting.objects.get(group=planned.group, date=date(2025, 11, 20))

        assert list(decisions_due_at(planned)) == []
        assert list(decisions_due_at(november)) == [decision]

    def test_items_are_added_at_the_end_timed_and_split_by_kind(self, as_coordinator, planned):
        _add_item(as_coordinator, planned, title="Nyheter", kind="information")
        _add_item(as_coordinator, planned, title="Samtal", kind="discussion", planned_minutes=20)

        items = list(planned.items.order_by("number").values_list("number", "title"))
        assert items == [(1, "Nyheter"), (2, "Samtal")]
        content = as_coordinator.get(_url("meeting-agenda", planned.pk)).content.decode()
        assert "<td>15</td><td>43 %</td>" in content
        assert "<td>20</td><td>57 %</td>" in content
        assert "Mötet är 240 minuter långt." in content

    def test_an_agenda_longer_than_the_meeting_says_so(self, as_coordinator, planned):
        _add_item(as_coordinator, planned, planned_minutes=250)

        content = as_coordinator.get(_url("meeting-agenda", planned.pk)).content.decode()

        assert "Punkterna tar 10 minuter mer än mötet har." in content

    def test_bad_input_writes_nothing_and_keeps_what_was_typed(self, as_coordinator, planned):
        response = _add_item(as_coordinator, planned, title="Min punkt", planned_minutes="0")

        assert response.status_code == 400
        assert "Planerad tid anges i hela minuter, 1–600." in response.content.decode()
        assert 'value="Min punkt"' in response.content.decode()
        assert not planned.items.exists()

    def test_a_title_over_its_maximum_is_refused(self, as_coordinator, planned):
        response = _add_item(as_coordinator, planned, title="x" * 301)

        assert response.status_code == 400
        assert not planned.items.exists()

    def test_moving_swaps_with_the_neighbour_and_keeps_numbers_unique(
        self, as_coordinator, planned
    ):
        for title in ("A", "B", "C"):
            _add_item(as_coordinator, planned, title=title)
        c = planned.items.get(title="C")

        as_coordinator.post(_url("item-move", planned.pk, c.pk), {"direction": "up"})
        as_coordinator.post(_url("item-move", planned.pk, c.pk), {"direction": "up"})
        as_coordinator.post(_url("item-move", planned.pk, c.pk), {"direction": "up"})

        assert list(planned.items.order_by("number").values_list("title", flat=True)) == [
            "C",
            "A",
            "B",
        ]
        assert c.history.first().history_user.username == "frank"

    def test_deleting_an_item_renumbers_those_after_it(self, as_coordinator, planned):
        for title in ("A", "B", "C"):
            _add_item(as_coordinator, planned, title=title)
        b = planned.items.get(title="B")
        assert as_coordinator.get(_url("item-delete", planned.pk, b.pk)).status_code == 200

        as_coordinator.post(_url("item-delete", planned.pk, b.pk))

        assert list(planned.items.order_by("number").values_list("number", "title")) == [
            (1, "A"),
            (2, "C"),
        ]

    def test_editing_an_item_saves_minutes_and_presenters(self, as_coordinator, planned):
        _add_item(as_coordinator, planned, title="Nyheter")
        item = planned.items.get()
        gustav = Person.objects.get(name="Gustav Ekbäck")
        page = as_coordinator.get(_url("item-edit", planned.pk, item.pk))
        version = page.context["form"].initial["version"]

        response = as_coordinator.post(
            _url("item-edit", planned.pk, item.pk),
            {
                "title": "Nyheter från RCC",
                "kind": "information",
                "planned_minutes": "15",
                "presenters": [gustav.pk],
                "text": "Första stycket.\n\n- en punkt",
                "version": version,
            },
        )

        assert response.status_code == 302
        item.refresh_from_db()
        assert item.title == "Nyheter från RCC" and item.text.startswith("Första stycket.")
        assert list(item.presenters.all()) == [gustav]

    def test_two_coordinators_editing_the_same_item_conflict(self, as_coordinator, planned):
        _add_item(as_coordinator, planned, title="Nyheter")
        item = planned.items.get()
        version = as_coordinator.get(_url("item-edit", planned.pk, item.pk)).context["form"]
        version = version.initial["version"]
        data = {"kind": "information", "planned_minutes": "15", "version": version}
        first = as_coordinator.post(_url("item-edit", planned.pk, item.pk), {**data, "title": "A"})
        second = as_coordinator.post(_url("item-edit", planned.pk, item.pk), {**data, "title": "B"})

        assert first.status_code == 302
        assert second.status_code == 409
        assert "Någon annan har ändrat samma sak" in second.content.decode()
        assert 'value="B"' in second.content.decode()
        item.refresh_from_db()
        assert item.title == "A"

    def test_a_presenter_outside_the_group_is_refused(self, as_coordinator, planned):
        _add_item(as_coordinator, planned)
        stranger = Person.objects.create(name="Utomstående", organisation="Annan")

        response = _add_item(as_coordinator, planned, presenters=[stranger.pk])

        assert response.status_code == 400
        assert planned.items.count() == 1


class TestDecisionsAndSummary:
    def test_a_decision_is_recorded_due_at_the_next_meeting(self, as_coordinator, planned):
        _add_item(as_coordinator, planned)
        item = planned.items.get()

        response = as_coordinator.post(
            _url("decision-create", planned.pk, item.pk),
            {"text": "Vi gör så.", "responsible": "Samordnarna", "due": "next"},
        )

        assert response.status_code == 302
        decision = item.decisions.get()
        assert decision.due_next_meeting and decision.due_on is None
        november = Meeting.objects.get(group=planned.group, date=date(2025, 11, 20))
        assert decision in decisions_due_at(november)

    def test_a_due_date_is_required_when_chosen(self, as_coordinator, planned):
        _add_item(as_coordinator, planned)
        item = planned.items.get()

        response = as_coordinator.post(
            _url("decision-create", planned.pk, item.pk), {"text": "Vi gör så.", "due": "date"}
        )

        assert response.status_code == 400
        assert "Ange datumet för återkopplingen." in response.content.decode()
        assert not item.decisions.exists()

    def test_a_decision_is_edited_and_deleted(self, as_coordinator, planned):
        _add_item(as_coordinator, planned)
        item = planned.items.get()
        decision = Decision.objects.create(item=item, text="Gammalt", due_next_meeting=True)
        version = as_coordinator.get(_url("decision-edit", planned.pk, decision.pk))
        version = version.context["form"].initial["version"]

        as_coordinator.post(
            _url("decision-edit", planned.pk, decision.pk),
            {"text": "Nytt", "due": "date", "due_on": "2025-12-01", "version": version},
        )
        decision.refresh_from_db()
        assert (decision.text, decision.due_on, decision.due_next_meeting) == (
            "Nytt",
            date(2025, 12, 1),
            False,
        )

        as_coordinator.post(_url("decision-delete", planned.pk, decision.pk))
        assert not Decision.objects.filter(pk=decision.pk).exists()

    def test_the_summary_is_one_point_per_line(self, as_coordinator, planned):
        url = _url("summary-edit", planned.pk)
        as_coordinator.post(url, {"points": "- Mer diskussion\n\nTidigare utskick\n"})
        as_coordinator.post(url, {"points": "Mer diskussion\nTidigare dagordning"})

        points = SummaryPoint.objects.filter(meeting=planned).order_by("order")
        assert list(points.values_list("text", flat=True)) == [
            "Mer diskussion",
            "Tidigare dagordning",
        ]
        assert points.first().history.count() == 1  # unchanged points are not rewritten


class TestStateAndDetails:
    def test_a_meeting_is_created_planned(self, as_coordinator, planned):
        response = as_coordinator.post(
            _url("meeting-create", planned.group_id),
            {"date": "2026-02-10", "starts_at": "09:00", "ends_at": "12:00", "kind": "digital"},
        )

        meeting = Meeting.objects.get(group=planned.group, date=date(2026, 2, 10))
        assert response["Location"] == _url("meeting-agenda", meeting.pk)
        assert meeting.state == Meeting.State.PLANNED and meeting.starts_at == time(9)

    def test_a_second_meeting_the_same_day_is_refused_in_swedish(self, as_coordinator, planned):
        response = as_coordinator.post(
            _url("meeting-create", planned.group_id), {"date": "2025-09-18", "kind": "digital"}
        )

        assert response.status_code == 400
        assert "Gruppen har redan ett möte den dagen." in response.content.decode()

    def test_an_end_before_the_start_is_refused(self, as_coordinator, planned):
        response = as_coordinator.post(
            _url("meeting-create", planned.group_id),
            {"date": "2026-02-10", "starts_at": "12:00", "ends_at": "09:00", "kind": "digital"},
        )

        assert response.status_code == 400
        assert "Sluttiden ska vara efter starttiden." in response.content.decode()

    def test_held_then_approved_then_reopened(self, as_coordinator, planned):
        url = _url("meeting-state", planned.pk)
        as_coordinator.post(url, {"state": "held"})
        planned.refresh_from_db()
        assert planned.state == Meeting.State.HELD

        as_coordinator.post(url, {"state": "approved"})
        planned.refresh_from_db()
        assert planned.state == Meeting.State.APPROVED

        as_coordinator.post(url, {"state": "held"})
        planned.refresh_from_db()
        assert planned.state == Meeting.State.HELD

    def test_a_state_changed_meanwhile_changes_nothing_and_says_so(
        self, as_coordinator, planned, monkeypatch
    ):
        """The page loaded says planned; someone marked the meeting held meanwhile. The click
        on "Protokollet är justerat" (held → approved) is not taken for the stale planned."""
        from meetings.views import agenda as views

        stale = Meeting.objects.get(pk=planned.pk)
        Meeting.objects.filter(pk=planned.pk).update(state=Meeting.State.HELD)
        monkeypatch.setattr(views, "get_meeting_for_coordinator", lambda user, pk: stale)

        response = as_coordinator.post(
            _url("meeting-state", planned.pk), {"state": "approved"}, follow=True
        )

        assert "Någon har just ändrat mötets status; det är nu genomfört." in (
            response.content.decode()
        )
        planned.refresh_from_db()
        assert planned.state == Meeting.State.HELD

    def test_a_future_meeting_cannot_be_held_nor_skip_a_step(self, as_coordinator, planned):
        planned.date = timezone.localdate() + timedelta(days=3)
        planned.save()
        url = _url("meeting-state", planned.pk)

        first = as_coordinator.post(url, {"state": "held"}, follow=True)
        as_coordinator.post(url, {"state": "approved"})

        assert "tidigast på mötesdagen" in first.content.decode()
        planned.refresh_from_db()
        assert planned.state == Meeting.State.PLANNED

    def test_details_are_saved_with_history(self, as_coordinator, planned):
        form = as_coordinator.get(_url("meeting-edit", planned.pk)).context["form"]
        gustav = Person.objects.get(name="Gustav Ekbäck")

        as_coordinator.post(
            _url("meeting-edit", planned.pk),
            {
                "date": "2025-09-18",
                "starts_at": "08:00",
                "ends_at": "12:00",
                "kind": "digital",
                "link": "https://möte.example.se/sg",
                "chair": gustav.pk,
                "version": form.initial["version"],
            },
        )

        planned.refresh_from_db()
        assert planned.chair == gustav
        latest = planned.history.first()
        assert latest.history_user.username == "frank" and latest.prev_record.chair_id is None


class TestAttendance:
    def test_one_click_records_a_persons_attendance(self, as_coordinator, planned):
        gustav = Person.objects.get(name="Gustav Ekbäck")
        url = _url("meeting-attendance", planned.pk)

        as_coordinator.post(url, {"person": gustav.pk, "status": "remote"})
        assert planned.attendances.get(person=gustav).status == Attendance.Status.REMOTE

        as_coordinator.post(url, {"person": gustav.pk, "status": "present"})
        assert planned.attendances.get(person=gustav).status == Attendance.Status.PRESENT

        as_coordinator.post(url, {"person": gustav.pk, "status": ""})
        assert not planned.attendances.filter(person=gustav).exists()

    def test_the_sheet_lists_every_member_by_region(self, as_coordinator, planned):
        content = as_coordinator.get(_url("meeting-attendance", planned.pk)).content.decode()

        for member in Member.objects.filter(group=planned.group).select_related("person"):
            assert member.person.name in content
        assert "Region Örebro län" in content

    def test_a_person_outside_the_group_cannot_be_recorded(self, as_coordinator, planned):
        stranger = Person.objects.create(name="Utomstående", organisation="Annan")
        url = _url("meeting-attendance", planned.pk)

        for forged in (stranger.pk, 99999999, "x", "99999999999999999999"):
            response = as_coordinator.post(url, {"person": forged, "status": "present"})
            assert response.status_code == 302

        assert not planned.attendances.exists()

    def test_someone_is_invited_for_an_item_and_removed(self, as_coordinator, planned):
        url = _url("invited-add", planned.pk)
        as_coordinator.post(
            url, {"name": "Ny Person", "organisation": "Socialstyrelsen", "topic": "Punkt 2"}
        )
        attendance = planned.attendances.get(person__name="Ny Person")
        assert attendance.status == Attendance.Status.INVITED and attendance.topic == "Punkt 2"

        again = as_coordinator.post(
            url, {"name": "Ny Person", "organisation": "Socialstyrelsen", "topic": "Punkt 3"}
        )
        assert again.status_code == 400
        assert "finns redan med i mötets närvaro" in again.content.decode()

        as_coordinator.post(_url("invited-remove", planned.pk, attendance.pk))
        assert not planned.attendances.exists()

    def test_an_invited_person_needs_a_region_or_organisation(self, as_coordinator, planned):
        response = as_coordinator.post(
            _url("invited-add", planned.pk), {"name": "Ny Person", "topic": "Punkt 2"}
        )

        assert response.status_code == 400
        assert 'value="Ny Person"' in response.content.decode()
        assert not Person.objects.filter(name="Ny Person").exists()

    def test_an_invited_persons_region_must_be_the_rccs(self, as_coordinator, planned):
        norr_region = Region.objects.get(code="RJH")

        response = as_coordinator.post(
            _url("invited-add", planned.pk),
            {"name": "Ny Person", "region": norr_region.pk, "topic": "Punkt 2"},
        )

        assert response.status_code == 400


def _edit_urls(meeting: Meeting, item: AgendaItem, decision: Decision) -> list[tuple[str, str]]:
    """Every coordinator page and POST of a meeting, with the method it takes."""
    m, i, d = meeting.pk, item.pk, decision.pk
    return [
        ("get", _url("meeting-agenda", m)),
        ("get", _url("meeting-edit", m)),
        ("post", _url("meeting-edit", m)),
        ("post", _url("meeting-state", m)),
        ("post", _url("summary-edit", m)),
        ("get", _url("item-create", m)),
        ("post", _url("item-create", m)),
        ("get", _url("item-edit", m, i)),
        ("post", _url("item-edit", m, i)),
        ("post", _url("item-move", m, i)),
        ("get", _url("item-delete", m, i)),
        ("post", _url("item-delete", m, i)),
        ("get", _url("decision-create", m, i)),
        ("post", _url("decision-create", m, i)),
        ("get", _url("decision-edit", m, d)),
        ("post", _url("decision-edit", m, d)),
        ("post", _url("decision-delete", m, d)),
        ("get", _url("meeting-attendance", m)),
        ("post", _url("meeting-attendance", m)),
        ("post", _url("invited-add", m)),
        ("post", _url("invited-remove", m, 1)),
    ]


def _snapshot():
    return (
        list(Meeting.objects.values_list("pk", "state", "chair")),
        list(AgendaItem.objects.values_list("pk", "number", "title")),
        list(Decision.objects.values_list("pk", "text")),
        Attendance.objects.count(),
        SummaryPoint.objects.count(),
    )


class TestRights:
    @pytest.mark.parametrize(
        "who", ["coordinator", "reader", "reporter_a", "outsider", "mellansverige_reader"]
    )
    def test_only_the_rccs_coordinators_reach_any_page(self, client, request, who, demo_meeting):
        client.force_login(request.getfixturevalue(who))
        decision = Decision.objects.get(item__meeting=demo_meeting)
        before = _snapshot()

        for method, url in _edit_urls(demo_meeting, decision.item, decision):
            response = getattr(client, method)(url, {"state": "planned", "title": "Hack"})
            assert response.status_code == 404, (who, method, url)
        assert client.get(_url("meeting-create", demo_meeting.group_id)).status_code == 404
        assert _snapshot() == before

    def test_the_anonymous_are_sent_to_log_in(self, client, demo_meeting):
        decision = Decision.objects.get(item__meeting=demo_meeting)

        for method, url in _edit_urls(demo_meeting, decision.item, decision):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and "/logga-in/" in response["Location"]

    def test_ids_of_another_meeting_are_not_found(self, as_coordinator, demo_meeting, planned):
        decision = Decision.objects.get(item__meeting=demo_meeting)
        before = _snapshot()

        for method, url in _edit_urls(planned, decision.item, decision)[7:17]:
            response = getattr(as_coordinator, method)(url, {"title": "Hack", "text": "Hack"})
            assert response.status_code == 404, (method, url)
        assert _snapshot() == before

    def test_a_reader_sees_no_edit_link(self, client, mellansverige_reader, demo_meeting):
        client.force_login(mellansverige_reader)

        content = client.get(demo_meeting.get_absolute_url()).content.decode()

        assert _url("meeting-agenda", demo_meeting.pk) not in content


class TestQueries:
    @pytest.mark.parametrize(("items", "people"), [(2, 3), (8, 12)])
    def test_the_agenda_page_is_flat(
        self, client, mellansverige, meeting_builder, django_assert_num_queries, items, people
    ):
        coordinator = get_user_model().objects.create_user(username="kim")
        Membership.objects.create(
            user=coordinator, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
        )
        meeting = meeting_builder(healthcare_region=mellansverige, items=items, people=people)
        client.force_login(coordinator)

        with django_assert_num_queries(10):
            assert client.get(_url("meeting-agenda", meeting.pk)).status_code == 200

    @pytest.mark.parametrize(("items", "people"), [(2, 3), (2, 12)])
    def test_the_attendance_page_is_flat(
        self, client, mellansverige, meeting_builder, django_assert_num_queries, items, people
    ):
        coordinator = get_user_model().objects.create_user(username="kim")
        Membership.objects.create(
            user=coordinator, role=Membership.Role.COORDINATOR, healthcare_region=mellansverige
        )
        meeting = meeting_builder(healthcare_region=mellansverige, items=items, people=people)
        client.force_login(coordinator)

        with django_assert_num_queries(7):
            assert client.get(_url("meeting-attendance", meeting.pk)).status_code == 200
