from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry.roles import roles_of

from .permissions import get_meeting_for_user, groups_for_user, may_see_meetings
from .selectors import meeting_minutes, meetings_of_groups


@login_required
@require_GET
def meeting_list(request):
    if not may_see_meetings(request.user):
        raise Http404
    roles = roles_of(request.user)
    groups = [
        (group, past, planned, roles.coordinates(group.healthcare_region_id))
        for group, past, planned in meetings_of_groups(groups_for_user(request.user))
    ]
    return render(request, "meetings/meeting_list.html", {"groups": groups})


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "minutes": meeting_minutes(meeting),
            "meeting": meeting,
            "manages": roles_of(request.user).coordinates(meeting.group.healthcare_region_id),
        },
    )
