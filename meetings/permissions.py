"""Who may see steering-group meetings. Every view fetches its objects through these helpers.

- Coordinators of the group's RCC (and superusers) see every meeting of the group, planned
  ones included.
- Steering-group readers of the RCC see the meetings that have been held; planned meetings
  are shown to them only as coming dates in the list.
- Nobody else sees the group's meetings: they do not exist for them (404).
"""

from django.http import Http404

from registry.roles import Roles, roles_of

from .models import Decision, Meeting, SteeringGroup
from .selectors import MEETING_RELATED


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
    meeting = Meeting.objects.select_related(*MEETING_RELATED).filter(pk=pk).first()
    if meeting is None or not reads_meeting(user, meeting):
        raise Http404
    return meeting


def manages_group(user, group: SteeringGroup) -> bool:
    """Whether the user prepares and records the group's meetings: its RCC's coordinators."""
    return roles_of(user).coordinates(group.healthcare_region_id)


def manages_meeting(user, meeting: Meeting) -> bool:
    return manages_group(user, meeting.group)


def get_meeting_for_coordinator(user, pk: int) -> Meeting:
    """A meeting the user manages; 404 for everyone else, as for a meeting that does not
    exist (readers of a held meeting learn nothing more from a 403)."""
    meeting = get_meeting_for_user(user, pk)
    if not manages_meeting(user, meeting):
        raise Http404
    return meeting


def _get_group(user, pk: int, allowed) -> SteeringGroup:
    group = SteeringGroup.objects.select_related("healthcare_region").filter(pk=pk).first()
    if group is None or not allowed(user, group):
        raise Http404
    return group


def get_group_for_coordinator(user, pk: int) -> SteeringGroup:
    return _get_group(user, pk, manages_group)


# Members' part (proposals, open decisions, the calendar subscription). Members are not yet
# linked to users: for now the members acting in the app are the RCC's steering-group readers.


def takes_part(user, group: SteeringGroup) -> bool:
    """Whether the user takes part in the group's work, and sees its meetings in the list:
    its RCC's coordinators and readers."""
    roles = roles_of(user)
    region_id = group.healthcare_region_id
    return roles.coordinates(region_id) or roles.reads(region_id)


def get_group_for_member(user, pk: int) -> SteeringGroup:
    return _get_group(user, pk, takes_part)


def get_meeting_for_proposer(user, pk: int) -> Meeting:
    """A meeting, planned ones included, whose agenda the user may propose items for; readers
    see no more of a planned meeting than its date and kind (the proposals page shows them)."""
    meeting = Meeting.objects.select_related("group__healthcare_region").filter(pk=pk).first()
    if meeting is None or not takes_part(user, meeting.group):
        raise Http404
    return meeting


def get_proposal_for_user(user, meeting: Meeting, pk: int, *, decide: bool = False):
    """One of the meeting's proposals: with `decide`, for its coordinators to accept or
    decline; otherwise the proposer's own, to withdraw. Another meeting's proposal, or
    someone else's, is a 404."""
    proposal = meeting.proposals.filter(pk=pk).first()
    if proposal is None:
        raise Http404
    proposal.meeting = meeting
    allowed = manages_meeting(user, meeting) if decide else proposal.proposed_by_id == user.pk
    if not allowed:
        raise Http404
    return proposal


def get_decision_for_coordinator(user, pk: int) -> Decision:
    """A decision of a meeting the user manages (its RCC's coordinators); 404 otherwise."""
    decision = (
        Decision.objects.select_related(
            "item__meeting__group__healthcare_region", "responsible_person"
        )
        .filter(pk=pk)
        .first()
    )
    if decision is None or not manages_meeting(user, decision.item.meeting):
        raise Http404
    return decision


def get_attachment_for_meeting(meeting: Meeting, pk: int):
    """One of the meeting's attachments, for someone the caller let see the meeting: another
    meeting's attachment under this meeting's URL (a forged id) is a 404."""
    attachment = meeting.attachments.select_related("item").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    attachment.meeting = meeting
    return attachment
