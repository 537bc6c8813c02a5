"""An attachment as the meeting pages show it: its download URL, type and size."""

from django import template
from django.urls import reverse

from ..attachments import file_name, size_label, type_label

register = template.Library()


@register.filter
def attachment_url(attachment) -> str:
    return reverse(
        "meetings:attachment-download",
        args=[attachment.meeting_id, attachment.pk, file_name(attachment)],
    )


@register.filter
def attachment_type(attachment) -> str:
    return type_label(attachment.content_type)


@register.filter
def attachment_size(attachment) -> str:
    return size_label(attachment.size)
