"""Published reports are frozen (issue 11 §3): publishing stores the report, and downloads,
previews and render_report serve that version whatever changes afterwards; a reopened round
published again gets a new version beside the old ones."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from documents.models import Rendering
from followup.models import FollowUpRound, PublishedRegionReport, PublishedReport, RoundEvent
from followup.services import round_transition
from plans.models import Area, Goal
from registry.models import Region
from tests.documents.test_renderings import DATABASE_TASKS, work
from tests.followup.test_pdf import read, squeeze

State = FollowUpRound.State
Action = RoundEvent.Action
OLD_TEXT = "Alla patienter får en skriftlig vårdplan"
NEW_TEXT = "Alla patienter får en digital vårdplan"
ROLES = ["coordinator", "reporter_a", "reporter_b", "reader", "outsider", "other_coordinator"]


@pytest.fixture
def published(round_builder, coordinator):
    """A round of a small Norr plan, its first goal's text OLD_TEXT, published by alice."""
    round = round_builder(state=State.CLOSED)
    Goal.objects.filter(pk=first_goal(round).pk).update(text=OLD_TEXT)
    return round_transition(round=round, action=Action.PUBLISHED, user=coordinator)


@pytest.fixture
def queued(settings, monkeypatch):
    """PDFs wait for the worker, as in production (see tests/documents/test_renderings.py)."""
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def first_goal(round) -> Goal:
    return Goal.objects.for_plan(round.plan).first()


def edit_everything_after_publishing(round) -> None:
    """A goal's text, an area's title and a region's name change after publication."""
    goal = first_goal(round)
    Goal.objects.filter(pk=goal.pk).update(text=NEW_TEXT)
    Area.objects.filter(pk=goal.area_id).update(title="Nytt områdesnamn")
    Region.objects.filter(code="RJH").update(name="Region Nyttnamn")


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return squeeze(read(response.content)[1])


def transition(client, round, action):
    url = reverse("followup:round-transition", kwargs={"pk": round.pk, "action": action})
    return client.post(url, follow=True)


def version_url(round, number):
    return reverse("followup:published-report-pdf", args=[round.pk, number])


def region_urls(round, code="RJH") -> tuple[str, str]:
    """The region's report as PDF, and its preview."""
    return (
        reverse("followup:region-report-pdf", args=[round.pk, code]),
        reverse("followup:region-report-pdf-preview", args=[round.pk, code]),
    )


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.mark.django_db
class TestPublishingStoresTheReport:
    def test_the_pdf_and_preview_keep_the_old_text_and_the_matrix_shows_the_new(
        self, client, published, coordinator
    ):
        client.force_login(coordinator)
        edit_everything_after_publishing(published)

        pdf = pdf_text(client.get(reverse("followup:round-pdf", args=[published.pk])))
        preview = client.get(reverse("followup:round-pdf-preview", args=[published.pk]))
        matrix = client.get(reverse("followup:round-matrix", args=[published.pk]))

        assert squeeze(OLD_TEXT) in pdf and squeeze(NEW_TEXT) not in pdf
        assert squeeze("Område 1") in pdf and "Nyttområdesnamn" not in pdf
        assert "RegionJämtlandHärjedalen(RJH)" in pdf and "Nyttnamn" not in pdf
        assert "Publicerad" in pdf and "version1" in pdf and "UTKAST" not in pdf
        content = preview.content.decode()
        assert OLD_TEXT in content and NEW_TEXT not in content
        assert "Region Jämtland Härjedalen (RJH)" in content and "Nytt områdesnamn" not in content
        # the preview around the stored HTML: screen styles, the site's name, the PDF's link
        assert "Förhandsvisning av rapporten" in content and " – Cancerplan</title>" in content
        assert 'href="/static/css/preview.css"' in content
        assert f'href="{reverse("followup:round-pdf", args=[published.pk])}"' in content
        live = matrix.content.decode()
        assert NEW_TEXT in live and OLD_TEXT not in live

    def test_the_version_holds_its_html_and_pdf_as_files_and_the_rendering_goes(
        self, round_builder, coordinator, django_capture_on_commit_callbacks
    ):
        round = round_builder(state=State.CLOSED)

        with django_capture_on_commit_callbacks(execute=True):
            round_transition(round=round, action=Action.PUBLISHED, user=coordinator)

        report = round.published_reports.get()
        event = round.events.filter(action=Action.PUBLISHED).get()
        assert (report.number, report.published_by, report.published_at) == (
            1,
            coordinator,
            event.at,
        )
        assert default_storage.exists(report.html.name) and default_storage.exists(report.pdf.name)
        assert report.html.name.startswith(f"uppfoljning/{round.pk}/publicerad/")
        with report.pdf.open("rb") as file:
            assert file.read().startswith(b"%PDF")
        assert "Publicerad" in report.read_html()
        assert not Rendering.objects.filter(key=report.rendering_key).exists()

    def test_the_pdf_is_made_by_the_worker_not_by_the_request_that_publishes(
        self, client, round_builder, coordinator, queued, django_capture_on_commit_callbacks
    ):
        round = round_builder(state=State.CLOSED)
        client.force_login(coordinator)
        url = reverse("followup:round-pdf", args=[round.pk])

        transition(client, round, "publish")
        report = round.published_reports.get()
        waiting = client.get(url)
        Goal.objects.filter(pk=first_goal(round).pk).update(text=NEW_TEXT)
        with django_capture_on_commit_callbacks(execute=True):
            work()
        ready = client.get(f"{url}?vanta=1")
        download = client.get(url)

        assert not report.pdf  # stored as HTML at publication, in the same transaction
        assert waiting.status_code == 202
        assert "PDF-filen står i kö för att tas fram…" in waiting.content.decode()
        report.refresh_from_db()
        assert report.pdf and not Rendering.objects.filter(key=report.rendering_key).exists()
        assert ready.status_code == 200 and f'href="{url}"' in ready.content.decode()
        assert squeeze(NEW_TEXT) not in pdf_text(download)  # laid out from the stored HTML
        assert "uppfoljning-2024-norr-2024-version-1.pdf" in download["Content-Disposition"]

    def test_a_rendering_ready_but_not_yet_moved_is_moved_by_the_download(
        self, client, round_builder, coordinator, queued, monkeypatch
    ):
        monkeypatch.setattr("followup.receivers.published_report_keep_pdf", lambda **kw: None)
        round = round_builder(state=State.CLOSED)
        round_transition(round=round, action=Action.PUBLISHED, user=coordinator)
        work()
        client.force_login(coordinator)
        report = round.published_reports.get()
        assert not report.pdf

        download = client.get(version_url(round, 1))

        assert download.content.startswith(b"%PDF")
        report.refresh_from_db()
        assert report.pdf

    def test_the_publish_confirmation_says_the_report_is_stored(
        self, client, round_builder, coordinator
    ):
        round = round_builder(state=State.CLOSED)
        client.force_login(coordinator)
        url = reverse("followup:round-transition", kwargs={"pk": round.pk, "action": "publish"})

        content = client.get(url).content.decode()

        assert "sparas rapporten som den ser ut nu, som version 1" in content


@pytest.mark.django_db
class TestReopeningAndPublishingAgain:
    def test_republishing_keeps_the_old_version_and_lists_both(
        self, client, published, coordinator
    ):
        client.force_login(coordinator)
        first = client.get(version_url(published, 1)).content

        confirm = client.get(
            reverse("followup:round-transition", kwargs={"pk": published.pk, "action": "reopen"})
        )
        reopened = transition(client, published, "reopen")
        Goal.objects.filter(pk=first_goal(published).pk).update(text=NEW_TEXT)
        transition(client, published, "close")
        transition(client, published, "publish")
        page = client.get(published.get_absolute_url()).content.decode()

        assert "finns version 1 (publicerad" in confirm.content.decode()
        assert "Den publicerade versionen finns kvar" in reopened.content.decode()
        published.refresh_from_db()
        assert published.state == State.PUBLISHED
        assert list(published.published_reports.values_list("number", flat=True)) == [2, 1]
        assert page.count('<th scope="row">Version ') == 2
        assert f'href="{version_url(published, 1)}"' in page
        assert f'href="{version_url(published, 2)}"' in page
        assert page.count(">alice</td>") == 2  # who published each
        assert client.get(version_url(published, 1)).content == first  # unchanged
        old, new = pdf_text(client.get(version_url(published, 1))), None
        new = pdf_text(client.get(version_url(published, 2)))
        assert squeeze(OLD_TEXT) in old and squeeze(NEW_TEXT) not in old
        assert squeeze(NEW_TEXT) in new and "version2" in new
        # the round's own download is the latest version
        assert pdf_text(client.get(reverse("followup:round-pdf", args=[published.pk]))) == new

    def test_a_reopened_round_shows_live_data_and_offers_the_last_published_version(
        self, client, published, coordinator
    ):
        client.force_login(coordinator)
        transition(client, published, "reopen")
        Goal.objects.filter(pk=first_goal(published).pk).update(text=NEW_TEXT)

        page = client.get(published.get_absolute_url()).content.decode()
        live = pdf_text(client.get(reverse("followup:round-pdf", args=[published.pk])))
        preview = client.get(reverse("followup:round-pdf-preview", args=[published.pk]))
        stored = pdf_text(client.get(version_url(published, 1)))

        assert "Omgången är öppen igen: sidorna och rapporten visar dagens uppgifter." in page
        assert f'<a class="button button--quiet" href="{version_url(published, 1)}">' in page
        assert "gällande" not in page
        assert "Ladda ner utkastet (PDF)" in page  # the live report, marked as a draft
        assert squeeze(NEW_TEXT) in live and "UTKAST–EJPUBLICERAD" in live
        assert NEW_TEXT in preview.content.decode()
        assert squeeze(OLD_TEXT) in stored and "UTKAST" not in stored


@pytest.mark.django_db
class TestRegionReportsOfAPublishedRound:
    def test_a_regions_pdf_and_preview_keep_the_old_text_and_name(
        self, client, published, reporter_a
    ):
        client.force_login(reporter_a)
        edit_everything_after_publishing(published)
        pdf_url, preview_url = region_urls(published)

        download = client.get(pdf_url)
        pdf = pdf_text(download)
        preview = client.get(preview_url).content.decode()

        assert squeeze(OLD_TEXT) in pdf and squeeze(NEW_TEXT) not in pdf
        assert "RegionJämtlandHärjedalen" in pdf and "Nyttnamn" not in pdf
        assert "EJPUBLICERAD" not in pdf
        assert "uppfoljning-2024-norr-2024-RJH-version-1.pdf" in download["Content-Disposition"]
        assert OLD_TEXT in preview and NEW_TEXT not in preview
        assert "Region Jämtland Härjedalen" in preview and "Nyttnamn" not in preview
        # the preview around the stored HTML, as the round's
        assert "Förhandsvisning av rapporten" in preview and " – Cancerplan</title>" in preview
        assert f'href="{pdf_url}"' in preview
        # laid out once, then kept with the version
        stored = PublishedRegionReport.objects.get(version__round=published, region__code="RJH")
        assert stored.pdf and client.get(pdf_url).content == download.content

    def test_publishing_stores_every_participating_regions_report_but_lays_out_none(
        self, round_builder, coordinator, queued
    ):
        round = round_builder(state=State.CLOSED)

        round_transition(round=round, action=Action.PUBLISHED, user=coordinator)

        stored = PublishedRegionReport.objects.filter(version__round=round)
        codes = sorted(round.regions.values_list("code", flat=True))
        assert sorted(stored.values_list("region__code", flat=True)) == codes
        assert not any(each.pdf for each in stored)
        assert all(default_storage.exists(each.html.name) for each in stored)
        assert "Region Jämtland Härjedalen" in stored.get(region__code="RJH").read_html()
        # only the round's PDF is queued
        keys = list(Rendering.objects.values_list("key", flat=True))
        assert not [key for key in keys if key.startswith("uppfoljning-publicerad-region-")]

    def test_the_worker_lays_out_a_regions_pdf_when_first_asked_for(
        self, client, round_builder, coordinator, queued, django_capture_on_commit_callbacks
    ):
        round = round_builder(state=State.CLOSED)
        round_transition(round=round, action=Action.PUBLISHED, user=coordinator)
        client.force_login(coordinator)
        pdf_url, _preview_url = region_urls(round)

        waiting = client.get(pdf_url)
        Goal.objects.filter(pk=first_goal(round).pk).update(text=NEW_TEXT)
        with django_capture_on_commit_callbacks(execute=True):
            work()
        download = client.get(pdf_url)

        assert waiting.status_code == 202
        stored = PublishedRegionReport.objects.get(version__round=round, region__code="RJH")
        assert stored.pdf and not Rendering.objects.filter(key=stored.rendering_key).exists()
        assert squeeze(NEW_TEXT) not in pdf_text(download)

    def test_republished_it_serves_the_latest_version_and_reopened_todays_data(
        self, client, published, coordinator
    ):
        client.force_login(coordinator)
        pdf_url, preview_url = region_urls(published)
        round_transition(round=published, action=Action.REOPENED, user=coordinator)
        Goal.objects.filter(pk=first_goal(published).pk).update(text=NEW_TEXT)

        live = pdf_text(client.get(pdf_url))
        round_transition(round=published, action=Action.CLOSED, user=coordinator)
        round_transition(round=published, action=Action.PUBLISHED, user=coordinator)
        Goal.objects.filter(pk=first_goal(published).pk).update(text="Ett tredje mål")
        latest = pdf_text(client.get(pdf_url))

        assert squeeze(NEW_TEXT) in live and "EJPUBLICERAD" in live
        assert squeeze(NEW_TEXT) in latest and "Etttredjemål" not in latest
        assert NEW_TEXT in client.get(preview_url).content.decode()

    def test_a_version_stored_without_region_reports_serves_todays_region_report(
        self, client, published, coordinator
    ):
        PublishedRegionReport.objects.filter(version__round=published).delete()
        Goal.objects.filter(pk=first_goal(published).pk).update(text=NEW_TEXT)
        client.force_login(coordinator)

        assert squeeze(NEW_TEXT) in pdf_text(client.get(region_urls(published)[0]))

    @pytest.mark.parametrize("role", ROLES)
    def test_the_rights_are_those_of_the_regions_report(
        self, client, request, published, round_builder, role
    ):
        # a published round of another plan whose version stored no region reports: the
        # region's report as it is served from today's data
        today = round_builder(year=2023, state=State.PUBLISHED)
        PublishedRegionReport.objects.filter(version__round=today).delete()
        client.force_login(request.getfixturevalue(role))

        for code in ("RJH", "RN"):
            for stored_url, today_url in zip(
                region_urls(published, code), region_urls(today, code), strict=True
            ):
                status = client.get(stored_url).status_code
                assert status == client.get(today_url).status_code, (code, stored_url)
        assert client.get(region_urls(published, "XX")[0]).status_code == 404


@pytest.mark.django_db
class TestStoringReportsPublishedBefore:
    def published_before(self, round_builder, user, year=2024) -> FollowUpRound:
        """A round published before published reports were stored: it has no version."""
        round = round_builder(year=year, state=State.PUBLISHED)
        round.published_reports.all().delete()
        round.events.filter(action=Action.PUBLISHED).update(user=user)
        return round

    def run(self) -> str:
        out = io.StringIO()
        call_command("store_published_reports", stdout=out)
        return out.getvalue()

    def test_it_stores_version_1_as_published_then_and_only_once(
        self, client, round_builder, coordinator, reporter_a
    ):
        round = self.published_before(round_builder, coordinator)
        without_event = self.published_before(round_builder, None, year=2023)
        without_event.events.filter(action=Action.PUBLISHED).delete()
        event = round.events.get(action=Action.PUBLISHED)

        said = self.run()
        again = self.run()

        report = round.published_reports.get()
        assert (report.number, report.published_by, report.published_at) == (
            1,
            coordinator,
            event.at,
        )
        assert "Publicerad" in report.read_html() and "version 1" in report.read_html()
        regions = report.region_reports.all()
        assert regions.count() == round.regions.count()
        assert without_event.published_reports.get().published_by is None
        assert f"{round}: sparad som version 1 (publicerad " in said and "av alice)" in said
        assert f"{without_event}: sparad som version 1" in said and "av okänd)" in said
        assert "publicerade omgångar fick sin rapport sparad." in said
        assert "inget att göra" in again
        assert round.published_reports.count() == 1
        assert without_event.published_reports.count() == 1
        # and it is served, whatever changes afterwards
        Goal.objects.filter(pk=first_goal(round).pk).update(text=NEW_TEXT)
        client.force_login(reporter_a)
        assert squeeze(NEW_TEXT) not in pdf_text(client.get(region_urls(round)[0]))
        assert squeeze(NEW_TEXT) not in pdf_text(
            client.get(reverse("followup:round-pdf", args=[round.pk]))
        )

    def test_it_leaves_rounds_with_a_version_and_unpublished_rounds_alone(
        self, published, round_builder, coordinator
    ):
        reopened = round_builder(year=2023, state=State.PUBLISHED)
        round_transition(round=reopened, action=Action.REOPENED, user=coordinator)
        reopened.published_reports.all().delete()
        closed = round_builder(year=2022, state=State.CLOSED)

        self.run()

        assert published.published_reports.count() == 1
        assert not reopened.published_reports.exists()
        assert not closed.published_reports.exists()


@pytest.mark.django_db
class TestAFailingPublicationLeavesNoFile:
    @pytest.mark.parametrize(
        "failing",
        [
            "followup.services.published._queue_pdf",
            "followup.services.published.PublishedRegionReport.objects.bulk_create",
        ],
    )
    def test_the_files_written_are_deleted_and_nothing_is_published(
        self, round_builder, coordinator, monkeypatch, failing
    ):
        round = round_builder(state=State.CLOSED)
        before = stored_files()

        def fail(*args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(failing, fail)
        with pytest.raises(RuntimeError):
            round_transition(round=round, action=Action.PUBLISHED, user=coordinator)

        assert stored_files() == before
        round.refresh_from_db()
        assert round.state == State.CLOSED
        assert not round.published_reports.exists()
        assert not round.events.filter(action=Action.PUBLISHED).exists()


@pytest.mark.django_db
class TestRenderReport:
    def run(self, round, tmp_path, *args) -> tuple[str, str]:
        out = tmp_path / "rapport.pdf"
        stdout = io.StringIO()
        call_command(
            "render_report",
            "followup",
            "--plan",
            round.plan.slug,
            "--year",
            str(round.year),
            *args,
            "-o",
            str(out),
            stdout=stdout,
        )
        return squeeze(read(out.read_bytes())[1]), stdout.getvalue()

    def test_it_writes_the_stored_version_and_with_fresh_todays_data(self, published, tmp_path):
        Goal.objects.filter(pk=first_goal(published).pk).update(text=NEW_TEXT)

        stored, said = self.run(published, tmp_path)
        fresh, said_fresh = self.run(published, tmp_path, "--fresh")

        assert squeeze(OLD_TEXT) in stored and squeeze(NEW_TEXT) not in stored
        assert "(publicerad version 1," in said
        assert squeeze(NEW_TEXT) in fresh and squeeze(OLD_TEXT) not in fresh
        assert "(dagens uppgifter)" in said_fresh

    def test_it_writes_an_earlier_version_and_refuses_one_that_does_not_exist(
        self, published, coordinator, tmp_path
    ):
        round_transition(round=published, action=Action.REOPENED, user=coordinator)
        Goal.objects.filter(pk=first_goal(published).pk).update(text=NEW_TEXT)
        round_transition(round=published, action=Action.CLOSED, user=coordinator)
        round_transition(round=published, action=Action.PUBLISHED, user=coordinator)

        latest, _said = self.run(published, tmp_path)
        first, said = self.run(published, tmp_path, "--published", "1")

        assert squeeze(NEW_TEXT) in latest
        assert squeeze(OLD_TEXT) in first and "(publicerad version 1," in said
        with pytest.raises(CommandError, match="ingen publicerad version 7 \\(den har 2, 1\\)"):
            self.run(published, tmp_path, "--published", "7")
        with pytest.raises(CommandError, match="antingen --fresh eller --published"):
            self.run(published, tmp_path, "--published", "1", "--fresh")

    def test_a_version_the_worker_has_not_laid_out_yet_is_laid_out_and_kept(
        self, round_builder, coordinator, queued, tmp_path
    ):
        round = round_builder(state=State.CLOSED)
        round_transition(round=round, action=Action.PUBLISHED, user=coordinator)

        text, _said = self.run(round, tmp_path)

        assert "version1" in text
        assert round.published_reports.get().pdf


@pytest.mark.django_db
class TestRights:
    @pytest.mark.parametrize("role", ROLES)
    def test_versions_are_read_as_the_rounds_report_and_forged_ids_are_not_found(
        self, client, request, published, round_builder, norr, plan_builder, coordinator, role
    ):
        # another published round, of another plan, with two versions
        other = round_builder(
            year=2023, plan=plan_builder(slug="annan", owner=norr), state=State.PUBLISHED
        )
        for action in (Action.REOPENED, Action.CLOSED, Action.PUBLISHED):
            other = round_transition(round=other, action=action, user=coordinator)
        client.force_login(request.getfixturevalue(role))
        readers = {"coordinator", "reporter_a", "reporter_b", "reader"}

        status = client.get(version_url(published, 1)).status_code

        assert status == (200 if role in readers else 404)
        assert client.get(version_url(published, 2)).status_code == 404  # the other's number
        assert client.get(version_url(other, 2)).status_code == (200 if role in readers else 404)
        assert client.get(version_url(published, 999_999_999_999_999_999)).status_code == 404

    @pytest.mark.parametrize(
        ("role", "status"),
        [("coordinator", 200), ("reader", 404), ("reporter_a", 404), ("outsider", 404)],
    )
    def test_while_reopened_only_the_coordinators_download_the_published_version(
        self, client, request, published, coordinator, role, status
    ):
        round_transition(round=published, action=Action.REOPENED, user=coordinator)
        client.force_login(request.getfixturevalue(role))

        assert client.get(version_url(published, 1)).status_code == status

    @pytest.mark.parametrize("role", ["reader", "reporter_a", "other_coordinator"])
    def test_only_the_coordinators_reopen_a_published_round(self, client, request, published, role):
        client.force_login(request.getfixturevalue(role))

        response = transition(client, published, "reopen")

        assert response.status_code in (403, 404)
        published.refresh_from_db()
        assert published.state == State.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [1, 3])
def test_the_round_page_lists_the_versions_in_a_fixed_number_of_queries(
    client, round_builder, coordinator, versions, django_assert_num_queries
):
    round = round_builder(state=State.CLOSED)
    round = round_transition(round=round, action=Action.PUBLISHED, user=coordinator)
    for _n in range(versions - 1):
        for action in (Action.REOPENED, Action.CLOSED, Action.PUBLISHED):
            round = round_transition(round=round, action=action, user=coordinator)
    client.force_login(coordinator)

    # session, user, round, its regions, memberships, reports with progress, the summary's
    # goals, levels, previous round (there is none); the latest events, the published
    # versions with who published them
    with django_assert_num_queries(11):
        response = client.get(round.get_absolute_url())

    content = response.content.decode()
    assert content.count('<th scope="row">Version ') == versions
    assert content.count(">alice</td>") == versions
    assert "gällande" in content


@pytest.mark.django_db
def test_deleting_a_round_deletes_its_stored_files(
    client, round_builder, coordinator, django_capture_on_commit_callbacks
):
    round = round_builder(state=State.CLOSED)
    round_transition(round=round, action=Action.PUBLISHED, user=coordinator)
    round_transition(round=round, action=Action.REOPENED, user=coordinator)
    round_transition(round=round, action=Action.CLOSED, user=coordinator)
    round_transition(round=round, action=Action.PUBLISHED, user=coordinator)
    client.force_login(coordinator)
    client.get(region_urls(round)[0])  # one region's PDF laid out and kept
    reports = list(round.published_reports.all())
    names = [name for report in reports for name in (report.html.name, report.pdf.name)]
    assert len(names) == 4 and all(default_storage.exists(name) for name in names)
    regions = list(PublishedRegionReport.objects.filter(version__round=round))
    region_names = [each.html.name for each in regions] + [
        each.pdf.name for each in regions if each.pdf
    ]
    assert len(regions) == 2 * round.regions.count() and len(region_names) == len(regions) + 1
    assert all(default_storage.exists(name) for name in region_names)
    keys = [r.rendering_key for r in reports] + [each.rendering_key for each in regions]

    with django_capture_on_commit_callbacks(execute=True):
        round.delete()

    assert not any(default_storage.exists(name) for name in names + region_names)
    assert not PublishedReport.objects.filter(pk__in=[r.pk for r in reports]).exists()
    assert not PublishedRegionReport.objects.filter(pk__in=[r.pk for r in regions]).exists()
    assert not Rendering.objects.filter(key__in=keys).exists()


@pytest.mark.django_db
class TestTheDemo:
    def test_the_published_norr_2023_round_has_its_stored_report(self, norr_2023):
        report = norr_2023.published_reports.get()

        assert report.number == 1 and report.published_by is None
        html = report.read_html()
        assert "Publicerad" in html and "RCC Norr" in html and "UTKAST" not in html
        assert report.pdf and default_storage.exists(report.pdf.name)
        with report.pdf.open("rb") as file:
            assert file.read().startswith(b"%PDF")

    def test_loading_it_again_stores_nothing_new_and_stores_a_missing_report(self, norr_2023):
        call_command("load_demo", "--no-users", stdout=io.StringIO())
        assert norr_2023.published_reports.count() == 1

        norr_2023.published_reports.all().delete()
        out = io.StringIO()
        call_command("load_demo", "--no-users", stdout=out)

        assert norr_2023.published_reports.count() == 1
        assert "rapporten sparad som publicerad" in out.getvalue()
