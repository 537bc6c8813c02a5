import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Rendering
from documents.pdf import render_pdf
from documents.renderings import rendering_for
from plans.models import Plan
from tests.conftest import MELLANSVERIGE

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings, monkeypatch):
    """Tasks wait in the database for the worker, as in production.

    The worker runs in the test's own transaction, where its check for stale connections
    would close the test's connection (on PostgreSQL); it is not what these tests test.
    """
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def work():
    """The worker does what is queued, then stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


@pytest.mark.django_db
class TestAReportLaidOutByTheWorker:
    def test_it_is_queued_followed_and_then_downloaded(self, client, queued, reader):
        client.force_login(reader)
        url = reverse("plans:plan-pdf", args=[MELLANSVERIGE])

        waiting = client.get(url)
        work()
        ready = client.get(f"{url}?vanta=1")
        download = client.get(url)

        content = waiting.content.decode()
        assert waiting.status_code == 202
        assert "PDF-filen står i kö för att tas fram…" in content
        assert f'data-wait-url="{url}?vanta=1"' in content
        assert 'http-equiv="refresh"' not in content  # it is followed in place, not reloaded
        assert ready.status_code == 200
        assert f'<a class="button" href="{url}">' in ready.content.decode()
        assert download["Content-Type"] == "application/pdf"
        assert download.content.startswith(b"%PDF")
        assert download["Content-Disposition"] == f'attachment; filename="{MELLANSVERIGE}.pdf"'

    def test_the_same_data_is_laid_out_once_and_new_data_again(self, client, queued, reader):
        client.force_login(reader)
        url = reverse("plans:plan-pdf", args=[MELLANSVERIGE])
        client.get(url)
        work()
        first = Rendering.objects.get(key=f"{MELLANSVERIGE}.pdf")

        again = client.get(url)
        Plan.objects.filter(slug=MELLANSVERIGE).update(title="Ny titel")
        changed = client.get(url)
        work()

        assert again.content.startswith(b"%PDF")
        assert changed.status_code == 202
        kept = Rendering.objects.get(key=f"{MELLANSVERIGE}.pdf")  # the old one is gone
        assert kept.pk != first.pk and kept.state == Rendering.State.READY
        assert client.get(url).content == bytes(kept.content)

    def test_a_failure_is_retried_then_shown_and_asked_for_again_later(
        self, client, queued, reader, monkeypatch
    ):
        monkeypatch.setattr("documents.tasks.render_pdf", fail)
        monkeypatch.setattr("documents.tasks.RETRY_DELAYS", ())
        client.force_login(reader)
        url = reverse("plans:plan-pdf", args=[MELLANSVERIGE])

        client.get(url)
        work()
        failed = client.get(url)

        content = failed.content.decode()
        assert "PDF-filen kunde inte tas fram." in content
        assert "RuntimeError: skrivaren är trasig" in content
        rendering = Rendering.objects.get(key=f"{MELLANSVERIGE}.pdf")
        assert (rendering.state, rendering.attempts) == (Rendering.State.FAILED, 1)

        monkeypatch.setattr("documents.tasks.render_pdf", render_pdf)
        long_ago = rendering.finished_at.replace(year=2000)
        Rendering.objects.filter(pk=rendering.pk).update(finished_at=long_ago)
        again = client.get(url)
        work()

        assert again.status_code == 202
        assert client.get(url).content.startswith(b"%PDF")


def fail(html):
    raise RuntimeError("skrivaren är trasig")


@pytest.mark.django_db
def test_two_requests_for_the_same_html_share_one_rendering(queued, reader):
    first = rendering_for(key="x.pdf", html="<p>Hej</p>", filename="x.pdf", user=reader)
    second = rendering_for(key="x.pdf", html="<p>Hej</p>", filename="x.pdf", user=reader)

    assert first.pk == second.pk
    assert Rendering.objects.filter(key="x.pdf").count() == 1


@pytest.mark.django_db
def test_a_mail_server_that_does_not_answer_is_tried_again_later(queued, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from documents.tasks import send_email

    def refuse(**kwargs):
        raise ConnectionRefusedError("no answer")

    monkeypatch.setattr("documents.tasks.send_mail", refuse)
    send_email.enqueue("Påminnelse", "Hej!", ["bob@rjh.se"])

    work()

    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.args_kwargs["args"] == ["Påminnelse", "Hej!", ["bob@rjh.se"], 2]
    assert retry.run_after is not None


def test_a_large_preview_keeps_the_chapters_that_fit_and_says_so(monkeypatch):
    from documents import pdf

    monkeypatch.setattr(pdf, "PREVIEW_MAX_CHARS", 150)
    chapters = [f"<section>{'x' * 40} kapitel {n}</section>" for n in range(1, 5)]
    html = "<html><body>" + pdf.PART_BREAK.join(chapters) + "</body></html>"

    preview = pdf.preview_html(html, notice="<p>Hela rapporten finns som PDF.</p>")

    assert "kapitel 1" in preview and "kapitel 2" in preview and "kapitel 3" not in preview
    assert preview.endswith("<p>Hela rapporten finns som PDF.</p></body></html>")
    assert pdf.preview_html("<html><body>liten</body></html>", notice="x") == (
        "<html><body>liten</body></html>"
    )
