"""Attaching files to a meeting and taking them away."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.history import change_batch

from ..attachments import check_attachment, default_title
from ..models import AgendaItem, Attachment, Meeting


@transaction.atomic
def attachment_upload(
    *, meeting: Meeting, upload, title: str = "", item: AgendaItem | None = None, user
) -> Attachment:
    """Store the file and its row.

    1. Check the file (size, extension, content) and that the item is the meeting's: a
       refusal writes nothing.
    2. Store the file under a random folder of the meeting, then the row; if the row cannot
       be written, the stored file is deleted again.
    """
    checked = check_attachment(upload)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Punkten hör inte till mötet."), code="item")
    attachment = Attachment(
        meeting=meeting,
        item=item,
        title=(title or "").strip() or default_title(upload.name) or checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    attachment.full_clean(exclude=["file", "uploaded_by"])  # the file: checked above
    with change_batch(user):
        attachment.file.save(checked.name, upload, save=False)
        try:
            attachment.save()
        except BaseException:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, user) -> None:
    """Delete the row; its file goes once the deletion is committed (a rollback keeps both).
    A second click finds the row gone and does nothing."""
    locked = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
    if locked is None:
        return
    storage, name = locked.file.storage, locked.file.name
    with change_batch(user):
        locked.delete()
    transaction.on_commit(partial(storage.delete, name))
