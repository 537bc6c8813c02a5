from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from documents.renderings import pdf_download

from ..pdf import minutes_filename, minutes_heading, render_minutes_html
from ..permissions import get_meeting_for_user


@login_required
@require_GET
def meeting_minutes_pdf(request, pk: int):
    """The minutes as PDF (a planned meeting's: its agenda), for whoever may read the meeting's
    page, laid out by the background worker (see documents.renderings)."""
    meeting = get_meeting_for_user(request.user, pk)
    return pdf_download(
        request,
        html=render_minutes_html(meeting),
        filename=minutes_filename(meeting),
        title=minutes_heading(meeting),
        back_url=meeting.get_absolute_url(),
    )
