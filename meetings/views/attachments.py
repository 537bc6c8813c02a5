"""A meeting's attachments: the coordinators' page to upload and delete them, and the download
for everyone who may read the meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..attachments import AttachmentForm, file_name
from ..permissions import (
    get_attachment_for_meeting,
    get_meeting_for_coordinator,
    get_meeting_for_user,
)
from ..services.attachments import attachment_delete, attachment_upload

TEMPLATE = "meetings/attachments.html"


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attachments(request, pk: int):
    """The meeting's attachments and the form to upload one; a refused file writes nothing
    and the form comes back as typed (400)."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    posted = request.method == "POST"
    form = AttachmentForm(
        request.POST if posted else None, request.FILES if posted else None, meeting=meeting
    )
    if posted and form.is_valid():
        try:
            attachment = attachment_upload(meeting=meeting, user=request.user, **_upload(form))
        except ValidationError as exc:
            form.add_error("item" if getattr(exc, "code", "") == "item" else "file", exc)
        else:
            messages.success(
                request, _("Bilagan ”%(title)s” är uppladdad.") % {"title": attachment.title}
            )
            return redirect("meetings:meeting-attachments", pk=meeting.pk)
    attachments = meeting.attachments.select_related("item", "uploaded_by").order_by(
        "item__number", "uploaded_at", "pk"
    )
    context = {"meeting": meeting, "form": form, "attachments": attachments}
    return render(request, TEMPLATE, context, status=400 if form.is_bound else 200)


def _upload(form: AttachmentForm) -> dict:
    data = form.cleaned_data
    return {"upload": data["file"], "title": data["title"], "item": data["item"]}


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete_confirm(request, pk: int, attachment: int):
    """Asks first; the POST deletes the attachment and, once that is committed, its file."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    found = get_attachment_for_meeting(meeting, attachment)
    if request.method == "POST":
        attachment_delete(attachment=found, user=request.user)
        messages.success(request, _("Bilagan ”%(title)s” är borttagen.") % {"title": found.title})
        return redirect("meetings:meeting-attachments", pk=meeting.pk)
    context = {"meeting": meeting, "attachment": found}
    return render(request, "meetings/attachments_delete.html", context)


@login_required
@require_GET
def attachment_download(request, pk: int, attachment: int, filename: str):
    """The file, for whoever may read the meeting, as stored: its own name and type, never
    shown in the browser (a PDF or image could otherwise be opened as a page of this site)."""
    meeting = get_meeting_for_user(request.user, pk)
    found = get_attachment_for_meeting(meeting, attachment)
    if filename != file_name(found) or not default_storage.exists(found.file.name):
        raise Http404
    response = FileResponse(
        default_storage.open(found.file.name, "rb"),
        as_attachment=True,
        filename=file_name(found),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
