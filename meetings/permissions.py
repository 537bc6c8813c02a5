"""Who may see steering-group meetings. Every view fetches its objects through these helpers.

- Coordinators of the group's RCC (and superusers) see every meeting of the group, planned
  ones included.
- Steering-group readers of the RCC see the meetings that have been held; planned meetings
  are shown to them only as coming dates in the list.
- Nobody else sees the group's meetings: they do not exist for them (404).
"""

from django.http import Http404

from registry.roles import Roles, roles_of

from .models import Meeting, SteeringGroup


def _scope(roles: Roles) -> frozenset[int] | None:
    """The healthcare regions whose meetings the user sees; None: all of them."""
    if roles.is_superuser:
        return None
    return roles.coordinated | roles.read


def may_see_meetings(user) -> bool:
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return roles.is_superuser or bool(roles.coordinated or roles.read)


def groups_for_user(user):
    """The steering groups whose meetings the user sees, with their RCC."""
    groups = SteeringGroup.objects.select_related("healthcare_region")
    scope = _scope(roles_of(user))
    return groups if scope is None else groups.for_healthcare_regions(scope)


def reads_meeting(user, meeting: Meeting) -> bool:
    roles = roles_of(user)
    region_id = meeting.group.healthcare_region_id
    if roles.coordinates(region_id):
        return True
    return roles.reads(region_id) and meeting.state != Meeting.State.PLANNED


def get_meeting_for_user(user, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "group__healthcare_region", "chair__region", "note_taker__region", "adjuster__region"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not reads_meeting(user, meeting):
        raise Http404
    return meeting


def manages_meeting(user, meeting: Meeting) -> bool:
    """Whether the user prepares and records the meeting: its RCC's coordinators."""
    return roles_of(user).coordinates(meeting.group.healthcare_region_id)


def get_meeting_for_coordinator(user, pk: int) -> Meeting:
    """A meeting the user manages; 404 for everyone else, as for a meeting that does not
    exist (readers of a held meeting learn nothing more from a 403)."""
    meeting = get_meeting_for_user(user, pk)
    if not manages_meeting(user, meeting):
        raise Http404
    return meeting


def get_group_for_coordinator(user, pk: int) -> SteeringGroup:
    group = SteeringGroup.objects.select_related("healthcare_region").filter(pk=pk).first()
    if group is None or not roles_of(user).coordinates(group.healthcare_region_id):
        raise Http404
    return group
