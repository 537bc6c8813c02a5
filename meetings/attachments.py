"""What may be attached to a meeting: the limits on size and type, checked on the file's
content rather than on what the browser says; and how an attachment's type and size read.

The form and the service both call check_attachment, so a file refused in one is refused in
the other. The stored content type follows the extension, never the browser's word.
"""

import os
import zipfile
from dataclasses import dataclass

from django import forms
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, AgendaItem

PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, .xls and .ppt
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"

# For OOXML, the folder the zip holds its document in; OpenDocument names its type in the
# zip's first entry, "mimetype".
OOXML_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
OPENDOCUMENT = {".odt", ".ods", ".odp"}

TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument-text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument-kalkylblad",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument-presentation",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}

NAME_MAX = 150  # the file's own name; its stored path adds the meeting and a random folder


@dataclass(frozen=True)
class CheckedFile:
    name: str  # sanitised, as stored and offered for download
    content_type: str
    size: int


def check_attachment(upload) -> CheckedFile:
    """The upload's safe name, its content type (from the extension) and size, or a Swedish
    ValidationError (coded empty, too_big, type, content)."""
    max_bytes = ATTACHMENT_MAX_BYTES  # read here, so that tests can lower it
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Filen är tom."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("Filen är större än %(limit)s.") % {"limit": size_label(max_bytes)}, code="too_big"
        )
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Bara PDF, Office-dokument och bilder (PNG, JPEG) kan bifogas."), code="type"
        )
    content_type = ATTACHMENT_TYPES[extension]
    if not _content_matches(upload, extension):
        raise ValidationError(
            _(
                "Filen är inte en %(type)s-fil, fast den heter %(extension)s. Den kan vara skadad"
                " eller ha fått fel filändelse."
            )
            % {"type": TYPE_LABELS[content_type], "extension": extension},
            code="content",
        )
    return CheckedFile(safe_name(upload.name, extension), content_type, size)


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(PDF)
    if extension in (".doc", ".xls", ".ppt"):
        return head.startswith(OLE2)
    if extension == ".png":
        return head.startswith(PNG)
    if extension in (".jpg", ".jpeg"):
        return head.startswith(JPEG)
    return head.startswith(ZIP) and _zip_matches(upload, extension)


def _zip_matches(upload, extension: str) -> bool:
    """Whether the zip is the document its extension says, from its table of contents (and,
    for OpenDocument, the few bytes of its mimetype entry): nothing else is unpacked."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension in OPENDOCUMENT:
                if not names or names[0] != "mimetype":
                    return False
                with archive.open("mimetype") as entry:
                    return entry.read(100).decode("ascii", "replace") == ATTACHMENT_TYPES[extension]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    finally:
        upload.seek(0)
    folder = OOXML_FOLDERS[extension]
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def safe_name(name: str, extension: str) -> str:
    """The file's name as people gave it, made safe for storage and headers: no folders,
    spaces as underscores, nothing but letters, digits, '-', '_' and '.' (get_valid_filename)."""
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # nothing readable left, e.g. "..."
        stem = ""
    stem = stem.strip("._")[:NAME_MAX] or _("bilaga")
    return f"{stem}{extension}"


def default_title(name: str) -> str:
    """The title an attachment gets when none is given: its file name without the extension."""
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    return stem.replace("_", " ").strip()[:200]


def size_label(size: int) -> str:
    """A size as people read it in Swedish: "120 kB", "1,5 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    megabytes = size / (1024 * 1024)
    shown = number_format(megabytes, 0 if megabytes >= 10 or megabytes.is_integer() else 1)
    return f"{shown} MB"


def file_name(attachment) -> str:
    """The attachment's file name, as offered for download."""
    return os.path.basename(attachment.file.name)


def type_label(content_type: str) -> str:
    return TYPE_LABELS.get(content_type, content_type)


class AttachmentForm(forms.Form):
    """A file to attach to the meeting, its title and, optionally, the item it belongs to."""

    file = forms.FileField(
        label=_lazy("Fil"),
        help_text=_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, PNG eller JPEG; högst 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}),
        error_messages={"empty": _lazy("Filen är tom."), "required": _lazy("Välj en fil.")},
    )
    title = forms.CharField(
        label=_lazy("Rubrik"),
        max_length=200,
        required=False,
        help_text=_lazy("Tomt: filens namn."),
    )
    item = forms.ModelChoiceField(
        label=_lazy("Punkt"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_lazy("Hela mötet"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.order_by("number")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_attachment(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") and not cleaned.get("title"):
            cleaned["title"] = default_title(cleaned["file"].name) or self.checked.name
        return cleaned
