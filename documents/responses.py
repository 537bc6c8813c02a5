"""Downloads: a document's bytes as an attachment, named the one way every app names them."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
SPREADSHEET_FORMATS = ("csv", "xlsx")


def download_response(content: bytes, filename: str) -> HttpResponse:
    """The content as an attachment; the type follows the file name's extension."""
    fmt = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
