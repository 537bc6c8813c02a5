"""A returned report reaches its region: the message, who sent it and when, by mail and on
the reporter's pages; a message that cannot be sent is never dropped silently."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.models import MESSAGE_TEXT, RegionReport, RoundEvent
from followup.services import region_report_return, region_report_submit
from followup.services.reminders import reminders_send

MESSAGE = "Vänligen komplettera mål 1.2 med hur uppföljningen görs.\n\nTack!"


def return_url(round, code="RJH"):
    return reverse("followup:region-report-return", kwargs={"pk": round.pk, "code": code})


@pytest.fixture
def submitted(round_builder, reporter_a):
    round = round_builder()
    region_report_submit(report=round.reports.get(region__code="RJH"), user=reporter_a)
    return round


def report_of(round):
    return round.reports.select_related("returned_by").get(region__code="RJH")


@pytest.mark.django_db
class TestReturning:
    def test_the_report_is_returned_with_the_message_and_a_new_version(
        self, submitted, coordinator
    ):
        before = report_of(submitted)

        region_report_return(report=before, user=coordinator, message=f"  {MESSAGE}\r\n")

        report = report_of(submitted)
        assert report.state == RegionReport.State.RETURNED
        assert (report.returned_by, report.return_message) == (coordinator, MESSAGE)
        assert report.returned_at is not None
        assert report.version == before.version + 1
        event = submitted.events.get(action=RoundEvent.Action.RETURNED)
        assert (event.note, event.region.code) == (MESSAGE, "RJH")

    def test_the_regions_reporters_get_the_message_and_a_link(
        self, submitted, coordinator, reporter_a, reporter_b, django_capture_on_commit_callbacks
    ):
        for user in (reporter_a, reporter_b):
            user.email = f"{user.username}@example.se"
            user.save()
        mail.outbox.clear()

        # mailed once the return is committed (notifications)
        with django_capture_on_commit_callbacks(execute=True):
            report = region_report_return(
                report=report_of(submitted), user=coordinator, message=MESSAGE
            )

        assert len(mail.outbox) == 1
        sent = mail.outbox[0]
        assert sent.to == ["bob@example.se"]  # not the other region's reporter
        assert "återsänd för ändringar" in sent.subject
        assert MESSAGE in sent.body
        assert settings.SITE_URL.rstrip("/") + report.get_absolute_url() in sent.body

    @pytest.mark.parametrize(
        ("message", "code"),
        [
            ("", "message_required"),
            ("  \n ", "message_required"),
            ("x" * (MESSAGE_TEXT + 1), "message_too_long"),
        ],
    )
    def test_a_missing_or_too_long_message_returns_nothing(
        self, submitted, coordinator, message, code
    ):
        mail.outbox.clear()
        with pytest.raises(ValidationError) as raised:
            region_report_return(report=report_of(submitted), user=coordinator, message=message)

        assert raised.value.code == code
        assert report_of(submitted).state == RegionReport.State.SUBMITTED
        assert not submitted.events.filter(action=RoundEvent.Action.RETURNED).exists()
        assert mail.outbox == []

    def test_a_returned_report_is_edited_submitted_again_and_reminded(
        self, client, submitted, coordinator, reporter_a
    ):
        region_report_return(report=report_of(submitted), user=coordinator, message=MESSAGE)
        client.force_login(reporter_a)

        content = client.get(report_of(submitted).get_absolute_url()).content.decode()
        assert "Spara utkast" in content

        reminded = reminders_send(days=365, today=submitted.opens_on)
        assert "RJH" in [reminder.region.code for reminder in reminded]

        region_report_submit(report=report_of(submitted), user=reporter_a)
        assert report_of(submitted).state == RegionReport.State.SUBMITTED


@pytest.mark.django_db
class TestReturnPage:
    def test_the_coordinator_writes_the_message_on_its_own_page(
        self, client, submitted, coordinator
    ):
        client.force_login(coordinator)

        response = client.get(return_url(submitted))

        content = response.content.decode()
        assert response.status_code == 200
        assert 'name="message"' in content and f'maxlength="{MESSAGE_TEXT}"' in content
        response = client.post(return_url(submitted), {"message": MESSAGE}, follow=True)
        assert response.redirect_chain == [(submitted.get_absolute_url(), 302)]
        assert "är återsänd för ändringar" in response.content.decode()

    def test_an_empty_message_is_refused_with_a_swedish_message(
        self, client, submitted, coordinator
    ):
        client.force_login(coordinator)

        response = client.post(return_url(submitted), {"message": ""})

        assert response.status_code == 400
        assert "Skriv ett meddelande till regionen" in response.content.decode()
        assert report_of(submitted).state == RegionReport.State.SUBMITTED

    def test_a_too_long_message_is_refused_and_kept(self, client, submitted, coordinator):
        client.force_login(coordinator)
        message = "Komplettera. " + "x" * MESSAGE_TEXT

        response = client.post(return_url(submitted), {"message": message})

        content = response.content.decode()
        assert response.status_code == 400
        assert message in content
        assert "som mest 2000 tecken" in content
        assert report_of(submitted).state == RegionReport.State.SUBMITTED

    def test_a_report_returned_meanwhile_gets_a_message_not_a_second_return(
        self, client, submitted, coordinator
    ):
        region_report_return(report=report_of(submitted), user=coordinator, message=MESSAGE)
        client.force_login(coordinator)

        response = client.post(return_url(submitted), {"message": "Igen"}, follow=True)

        assert "Bara en inskickad rapport kan återsändas." in response.content.decode()
        assert submitted.events.filter(action=RoundEvent.Action.RETURNED).count() == 1


@pytest.mark.django_db
class TestTheReporterSeesIt:
    @pytest.fixture
    def returned(self, submitted, coordinator):
        coordinator.first_name, coordinator.last_name = "Alice", "Samordnare"
        coordinator.save()
        region_report_return(report=report_of(submitted), user=coordinator, message=MESSAGE)
        return submitted

    def assert_shows_the_return(self, content):
        assert "Återsänd för ändringar" in content
        assert "Vänligen komplettera mål 1.2" in content
        assert "Alice Samordnare återsände rapporten" in content

    def test_on_the_form(self, client, returned, reporter_a):
        client.force_login(reporter_a)

        self.assert_shows_the_return(
            client.get(report_of(returned).get_absolute_url()).content.decode()
        )

    @pytest.mark.parametrize("page", ["plans:plan-list", "followup:round-list"])
    def test_on_the_start_page_and_the_follow_up_page(self, client, returned, reporter_a, page):
        client.force_login(reporter_a)

        content = client.get(reverse(page)).content.decode()

        self.assert_shows_the_return(content)
        assert report_of(returned).get_absolute_url() in content

    def test_not_to_another_regions_reporter(self, client, returned, reporter_b):
        client.force_login(reporter_b)

        assert "Vänligen komplettera" not in client.get(reverse("plans:plan-list")).content.decode()
