"""A steering group's presence per region for a year: one row per region, one column per held
meeting."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..permissions import get_group_for_member
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
    group = get_group_for_member(request.user, pk)
    presence = group_presence(group, _year(request.GET.get("ar", "")))
    return render(request, "meetings/group_presence.html", {"group": group, "presence": presence})
