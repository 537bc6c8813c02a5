from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import calendars
from ..models import Meeting, SteeringGroup
from ..permissions import (
    get_group_for_member,
    get_meeting_for_user,
    groups_for_user,
    manages_group,
    manages_meeting,
    may_see_meetings,
    reads_meeting,
)
from ..presence import groups_presence
from ..selectors import meeting_minutes, meetings_of_groups


@login_required
@require_GET
def meeting_list(request):
    if not may_see_meetings(request.user):
        raise Http404
    listed = meetings_of_groups(groups_for_user(request.user))
    # each group's latest year of presence per region, from the meetings already loaded
    presence = groups_presence([row[0] for row in listed], held={g.pk: p for g, p, _ in listed})
    groups = []
    for group, past, planned in listed:
        group.presence = presence[group.pk]
        groups.append((group, past, planned, manages_group(request.user, group)))
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
            "manages": manages_meeting(request.user, meeting),
        },
    )


def _calendar_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return response


@login_required
@require_GET
def meeting_calendar(request, pk: int):
    """One meeting as an .ics file, for whoever may read the meeting's page."""
    meeting = get_meeting_for_user(request.user, pk)
    event = calendars.meeting_event(
        meeting, url=request.build_absolute_uri(meeting.get_absolute_url()), with_agenda=True
    )
    content = calendars.calendar_bytes(str(meeting), [event])
    return _calendar_response(content, calendars.meeting_filename(meeting), attachment=True)


@login_required
@require_GET
def group_calendar(request, pk: int):
    """A steering group's meetings as a calendar feed. Every meeting the list shows is in it;
    planned meetings a reader may not open are there as dates only, without page or agenda."""
    group = get_group_for_member(request.user, pk)
    return group_calendar_response(
        request, group, opens=lambda meeting: reads_meeting(request.user, meeting)
    )


def group_calendar_response(request, group: SteeringGroup, *, opens) -> HttpResponse:
    """The group's meetings as a calendar feed; the meetings that `opens` lets the caller
    open come with their page and agenda, the others as dates only."""
    events = []
    for meeting in calendars.with_agenda_titles(Meeting.objects.for_group(group).order_by("date")):
        meeting.group = group
        url = request.build_absolute_uri(meeting.get_absolute_url()) if opens(meeting) else None
        events.append(calendars.meeting_event(meeting, url=url, with_agenda=url is not None))
    content = calendars.calendar_bytes(group.name, events)
    return _calendar_response(content, calendars.group_filename(group), attachment=False)
