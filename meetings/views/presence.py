"""A steering group's presence per region for a year: one row per region, one column per held
meeting."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..permissions import groups_for_user, may_see_meetings
from ..presence import group_presence

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(text: str) -> int | None:
    """The year asked for (?ar=2023), or None for the default: what is no plausible year."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


@login_required
@require_GET
def group_presence_view(request, pk: int):
    """Rights as the meeting list: whoever sees the group's meetings sees its presence."""
    if not may_see_meetings(request.user):
        raise Http404
    group = groups_for_user(request.user).filter(pk=pk).first()
    if group is None:
        raise Http404
    presence = group_presence(group, _year(request.GET.get("ar", "")))
    return render(request, "meetings/group_presence.html", {"group": group, "presence": presence})
