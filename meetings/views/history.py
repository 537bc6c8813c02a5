"""A meeting's history: every change to it and to what it holds, for its coordinators."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..history import meeting_changes
from ..permissions import get_meeting_for_coordinator


@login_required
@require_GET
def meeting_history(request, pk: int):
    """Newest first, one change batch at a time: who, when, which rows, each field before and
    after."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    context = {
        "meeting": meeting,
        "history": meeting_changes(meeting, page=request.GET.get("sida")),
    }
    return render(request, "meetings/meeting_history.html", context)
