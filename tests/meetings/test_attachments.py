import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cancerplan.settings import env_storage
from meetings import attachments as checks
from meetings.attachments import size_label
from meetings.models import Attachment, Meeting
from meetings.services.attachments import attachment_delete, attachment_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _zip(**entries: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = _zip(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip(mimetype="application/vnd.oasis.opendocument.text", **{"content.xml": "<office/>"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _list(meeting) -> str:
    return reverse("meetings:meeting-attachments", args=[meeting.pk])


def _download(attachment, meeting=None, filename=None) -> str:
    meeting_pk = meeting.pk if meeting else attachment.meeting_id
    name = filename or attachment.file.name.rsplit("/", 1)[-1]
    return reverse("meetings:attachment-download", args=[meeting_pk, attachment.pk, name])


def _delete(attachment, meeting=None) -> str:
    meeting_pk = meeting.pk if meeting else attachment.meeting_id
    return reverse("meetings:attachment-delete", args=[meeting_pk, attachment.pk])


def _file(name="Bilaga 1.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _stored(meeting, user=None, **kwargs) -> Attachment:
    return attachment_upload(meeting=meeting, upload=_file(**kwargs), user=user)


def test_it_uploads_a_file_for_an_item(client, other_coordinator, demo_meeting, media):
    item = demo_meeting.items.get(number=3)
    client.force_login(other_coordinator)

    # The browser's word for the type counts for nothing: the extension decides.
    upload = _file("Lägesrapport LPO juni.pdf", content_type="text/html")
    response = client.post(_list(demo_meeting), {"file": upload, "title": "", "item": item.pk})

    assert response.status_code == 302
    attachment = Attachment.objects.get(meeting=demo_meeting)
    assert attachment.item == item
    assert attachment.title == "Lägesrapport LPO juni"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.uploaded_by == other_coordinator
    assert attachment.file.name.endswith("/Lägesrapport_LPO_juni.pdf")
    assert [p.read_bytes() for p in _stored_files(media)] == [PDF]
    assert attachment.history.get().history_user == other_coordinator
    html = client.get(demo_meeting.get_absolute_url()).content.decode()
    assert f'Bilaga: <a href="{_download(attachment)}" download>Lägesrapport LPO juni</a>' in html
    assert "(PDF, 1 kB)" in html


def test_it_lists_the_meetings_own_attachments_apart(client, other_coordinator, demo_meeting):
    _stored(demo_meeting, name="Deltagarlista.docx", content=DOCX)
    client.force_login(other_coordinator)

    html = client.get(demo_meeting.get_absolute_url()).content.decode()

    assert '<h2 id="attachments-heading">Bilagor</h2>' in html
    assert ">Deltagarlista</a> (Word, 1 kB)" in html
    page = client.get(_list(demo_meeting)).content.decode()
    assert "Deltagarlista" in page and "Hela mötet" in page and "frank" in page


@pytest.mark.parametrize(
    "name, content",
    [
        ("Protokoll.pdf", PDF),
        ("Karta.PNG", PNG),
        ("Foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        ("Gammal.doc", OLE2),
        ("Budget.xls", OLE2),
        ("Ny.docx", DOCX),
        ("Text.odt", ODT),
    ],
)
def test_it_accepts_what_the_files_really_are(demo_meeting, name, content):
    attachment = _stored(demo_meeting, name=name, content=content)
    assert attachment.content_type == checks.ATTACHMENT_TYPES["." + name.rsplit(".")[1].lower()]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("Tom.pdf", b"", "Filen är tom."),
        ("Sida.html", b"<html></html>", "Bara PDF, Office-dokument och bilder (PNG, JPEG)"),
        ("Program.exe", b"MZ\x90\x00", "Bara PDF, Office-dokument och bilder (PNG, JPEG)"),
        ("Utan ändelse", PDF, "Bara PDF, Office-dokument och bilder (PNG, JPEG)"),
        ("Falsk.pdf", PNG, "Filen är inte en PDF-fil"),
        ("Falsk.png", PDF, "Filen är inte en PNG-fil"),
        ("Falsk.doc", PDF, "Filen är inte en Word-fil"),
        ("Falsk.docx", _zip(**{"a.txt": "hej"}), "Filen är inte en Word-fil"),
        ("Kalkyl.xlsx", DOCX, "Filen är inte en Excel-fil"),
        ("Falsk.odt", DOCX, "Filen är inte en OpenDocument-text-fil"),
        ("Trasig.docx", b"PK\x03\x04trasig", "Filen är inte en Word-fil"),
    ],
)
def test_it_refuses_a_file_and_writes_nothing(
    client, other_coordinator, demo_meeting, media, name, content, message
):
    item = demo_meeting.items.get(number=2)
    client.force_login(other_coordinator)

    response = client.post(
        _list(demo_meeting),
        {"file": _file(name, content), "title": "Min rubrik", "item": item.pk},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Min rubrik"' in html  # what was typed is kept
    assert f'<option value="{item.pk}" selected>' in html
    assert not Attachment.objects.exists()
    assert _stored_files(media) == []


def test_it_refuses_a_file_over_the_limit(
    client, other_coordinator, demo_meeting, media, monkeypatch
):
    monkeypatch.setattr(checks, "ATTACHMENT_MAX_BYTES", 1024)
    client.force_login(other_coordinator)

    response = client.post(_list(demo_meeting), {"file": _file(content=PDF + b"0" * 1024)})

    assert response.status_code == 400
    assert "Filen är större än 1 kB." in response.content.decode()
    assert not Attachment.objects.exists() and _stored_files(media) == []
    # At the limit itself the file is taken.
    assert (
        client.post(_list(demo_meeting), {"file": _file(content=PDF.ljust(1024))}).status_code
        == 302
    )


def test_the_limit_is_20_mb_in_swedish():
    upload = _file(content=PDF)
    upload.size = checks.ATTACHMENT_MAX_BYTES + 1
    with pytest.raises(ValidationError, match="Filen är större än 20 MB.") as exc:
        checks.check_attachment(upload)
    assert exc.value.code == "too_big"


def test_it_asks_for_a_file(client, other_coordinator, demo_meeting):
    client.force_login(other_coordinator)
    response = client.post(_list(demo_meeting), {"title": "Ingen fil"})
    assert response.status_code == 400
    assert "Välj en fil." in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_service_checks_the_file_and_the_item_too(demo_meeting, planned_meeting, media):
    with pytest.raises(ValidationError) as exc:
        attachment_upload(meeting=demo_meeting, upload=_file("Falsk.pdf", PNG), user=None)
    assert exc.value.code == "content"
    other_item = planned_meeting.items.create(number=99, title="Annan")
    with pytest.raises(ValidationError) as exc:
        attachment_upload(meeting=demo_meeting, upload=_file(), item=other_item, user=None)
    assert exc.value.code == "item"
    assert not Attachment.objects.exists() and _stored_files(media) == []


def test_it_refuses_another_meetings_item_in_the_form(
    client, other_coordinator, demo_meeting, planned_meeting
):
    item = planned_meeting.items.create(number=42, title="Annat möte")
    client.force_login(other_coordinator)
    response = client.post(_list(demo_meeting), {"file": _file(), "item": item.pk})
    assert response.status_code == 400
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "name, stored",
    [
        ("../../etc/Protokoll (utkast) 3 juni.pdf", "Protokoll_utkast_3_juni.pdf"),
        ("C:\\Users\\maria\\Årsrapport.PDF", "Årsrapport.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("???.pdf", "bilaga.pdf"),
    ],
)
def test_it_keeps_file_names_readable_and_safe(demo_meeting, name, stored):
    attachment = _stored(demo_meeting, name=name)
    assert attachment.file.name.rsplit("/", 1)[-1] == stored
    assert attachment.file.name.startswith(f"meetings/{demo_meeting.pk}/")


def test_it_serves_the_download_as_stored(client, mellansverige_reader, demo_meeting):
    attachment = _stored(demo_meeting, name="Protokoll 3 juni.pdf")
    client.force_login(mellansverige_reader)

    response = client.get(_download(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Protokoll_3_juni.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_it_deletes_the_file_once_committed(
    client, other_coordinator, demo_meeting, media, django_capture_on_commit_callbacks
):
    attachment = _stored(demo_meeting)
    client.force_login(other_coordinator)
    confirm = client.get(_delete(attachment))
    assert confirm.status_code == 200
    assert "Ta bort bilagan ”Bilaga 1”?" in confirm.content.decode()
    assert _stored_files(media) != []  # asking deletes nothing

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_delete(attachment))
        assert _stored_files(media) != []  # not before the commit
    for callback in callbacks:
        callback()

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert _stored_files(media) == []
    assert attachment.history.filter(history_type="-").get().history_user == other_coordinator
    assert client.post(_delete(attachment)).status_code == 404  # a second click


def test_a_second_delete_of_the_same_attachment_does_nothing(demo_meeting, media):
    attachment = _stored(demo_meeting)
    attachment_delete(attachment=attachment, user=None)
    attachment_delete(attachment=attachment, user=None)
    assert not Attachment.objects.exists()


# The rights: who may list, upload, delete and download.


def _statuses(client, meeting, attachment) -> dict[str, int]:
    return {
        "list": client.get(_list(meeting)).status_code,
        "upload": client.post(_list(meeting), {"file": _file("Ny.pdf")}).status_code,
        "download": client.get(_download(attachment)).status_code,
        "delete": client.post(_delete(attachment)).status_code,
    }


@pytest.mark.parametrize(
    "who, held, planned",
    [
        ("other_coordinator", [200, 302, 200, 302], [200, 302, 200, 302]),
        ("superuser", [200, 302, 200, 302], [200, 302, 200, 302]),
        ("coordinator", [404] * 4, [404] * 4),  # Norr's
        ("mellansverige_reader", [404, 404, 200, 404], [404] * 4),
        ("reader", [404] * 4, [404] * 4),  # Norr's
        ("reporter_a", [404] * 4, [404] * 4),
        ("outsider", [404] * 4, [404] * 4),
    ],
)
def test_it_lets_only_coordinators_manage_and_readers_download_held_meetings(
    client, request, who, held, planned, demo_meeting, planned_meeting, registry
):
    if who == "superuser":
        user = get_user_model().objects.create_superuser(username="root", password="pw")
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for meeting, expected in ((demo_meeting, held), (planned_meeting, planned)):
        attachment = _stored(meeting)
        statuses = _statuses(client, meeting, attachment)
        assert list(statuses.values()) == expected, (meeting, statuses)
        assert Attachment.objects.filter(pk=attachment.pk).exists() == (expected[3] != 302)


def test_it_sends_the_anonymous_to_log_in(client, demo_meeting):
    attachment = _stored(demo_meeting)
    for status in _statuses(client, demo_meeting, attachment).values():
        assert status == 302
    response = client.get(_download(attachment))
    assert "/logga-in/" in response["Location"]
    assert Attachment.objects.count() == 1


def test_it_answers_forged_ids_with_404(
    client, other_coordinator, demo_meeting, planned_meeting, mellansverige_reader
):
    elsewhere = _stored(planned_meeting)
    client.force_login(other_coordinator)
    # Another meeting's attachment under this meeting's URL; a name that is not the file's.
    assert client.get(_download(elsewhere, meeting=demo_meeting)).status_code == 404
    assert client.post(_delete(elsewhere, meeting=demo_meeting)).status_code == 404
    assert client.get(_download(elsewhere, filename="annat.pdf")).status_code == 404
    assert client.get(_list(Meeting(pk=999_999_999))).status_code == 404
    assert Attachment.objects.filter(pk=elsewhere.pk).exists()
    # A reader cannot reach a planned meeting's file through a held meeting either.
    client.force_login(mellansverige_reader)
    assert client.get(_download(elsewhere, meeting=demo_meeting)).status_code == 404


def test_it_shows_the_managing_links_to_coordinators_only(
    client, other_coordinator, mellansverige_reader, demo_meeting
):
    client.force_login(other_coordinator)
    html = client.get(demo_meeting.get_absolute_url()).content.decode()
    assert f'href="{_list(demo_meeting)}">Hantera bilagor</a>' in html
    assert reverse("meetings:meeting-history", args=[demo_meeting.pk]) in html
    client.force_login(mellansverige_reader)
    html = client.get(demo_meeting.get_absolute_url()).content.decode()
    assert "Hantera bilagor" not in html and "/historik/" not in html


@pytest.mark.parametrize("count", [1, 6])
def test_it_lists_attachments_in_a_fixed_number_of_queries(
    client, other_coordinator, demo_meeting, django_assert_num_queries, count
):
    items = list(demo_meeting.items.all())
    for n in range(count):
        attachment_upload(
            meeting=demo_meeting, upload=_file(f"B{n}.pdf"), item=items[n], user=other_coordinator
        )
    client.force_login(other_coordinator)
    # session, user, meeting with group and people, roles, attachments with items and users,
    # the form's items
    with django_assert_num_queries(6):
        response = client.get(_list(demo_meeting))
    assert response.content.decode().count("/ta-bort/") == count


def test_sizes_read_in_swedish():
    assert size_label(1) == "1 kB"
    assert size_label(120 * 1024) == "120 kB"
    assert size_label(1536 * 1024) == "1,5 MB"
    assert size_label(20 * 1024 * 1024) == "20 MB"


def test_the_storage_is_the_disk_unless_chosen(monkeypatch):
    monkeypatch.delenv("STORAGE_BACKEND", raising=False)
    monkeypatch.delenv("STORAGE_OPTIONS", raising=False)
    default = env_storage("STORAGE_BACKEND", "STORAGE_OPTIONS")
    assert default == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}
    assert default_storage.__class__.__name__ == "FileSystemStorage"

    monkeypatch.setenv("STORAGE_BACKEND", "django.core.files.storage.InMemoryStorage")
    monkeypatch.setenv("STORAGE_OPTIONS", '{"location": "bilagor"}')
    chosen = env_storage("STORAGE_BACKEND", "STORAGE_OPTIONS")
    assert chosen == {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"location": "bilagor"},
    }


@pytest.mark.parametrize(
    "backend, options, message",
    [
        ("inte en klass", "", "STORAGE_BACKEND"),
        ("finnsinte.backends.Storage", "", "not installed"),
        ("filesystem", "{location: x}", "STORAGE_OPTIONS is not valid JSON"),
        ("filesystem", "[1, 2]", "STORAGE_OPTIONS must be a JSON object"),
    ],
)
def test_a_wrong_storage_fails_at_start(monkeypatch, backend, options, message):
    monkeypatch.setenv("STORAGE_BACKEND", backend)
    monkeypatch.setenv("STORAGE_OPTIONS", options)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_storage("STORAGE_BACKEND", "STORAGE_OPTIONS")
