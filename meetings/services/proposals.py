"""Members' proposals for a coming meeting's agenda ("Till nästa gång vill jag"), and the
coordinator's answer: an item at the end of the agenda, or a reason to decline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.history import change_batch
from followup.services.base import normalise_text

from ..models import AgendaItem, AgendaProposal, Meeting
from .agenda import _locked

State = AgendaProposal.State


def _planned_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked, if it is still planned: its agenda can still change."""
    meeting = _locked(meeting)
    if meeting.state != Meeting.State.PLANNED:
        raise ValidationError(
            _("Mötet är redan genomfört; dess dagordning tar inte emot fler förslag."),
            code="meeting_not_planned",
        )
    return meeting


def _undecided(proposal: AgendaProposal) -> AgendaProposal:
    """The proposal, locked, if nobody has accepted or declined it meanwhile."""
    proposal = AgendaProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != State.PROPOSED:
        raise ValidationError(
            _("Förslaget är redan %(state)s.") % {"state": proposal.get_state_display().lower()},
            code="already_decided",
        )
    return proposal


@transaction.atomic
def proposal_create(
    *,
    meeting: Meeting,
    user,
    title: str,
    description: str = "",
    kind: str = AgendaItem.Kind.DISCUSSION,
    planned_minutes: int | None = None,
) -> AgendaProposal:
    with change_batch(user):
        meeting = _planned_meeting(meeting)
        proposal = AgendaProposal(
            meeting=meeting,
            title=normalise_text(title),
            description=normalise_text(description),
            kind=kind,
            planned_minutes=planned_minutes,
            proposed_by=user,
        )
        proposal.full_clean()
        proposal._history_user = user
        proposal.save()
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: AgendaProposal, user) -> AgendaItem:
    """Accept a proposal as the meeting's last item.

    1. Lock the meeting (so that two acceptances do not take the same number) and check
       that it is still planned; lock the proposal and check that it is undecided.
    2. Add the item after the last one, with the proposal's title, kind and minutes; the
       proposer's description goes to the item's discussion points, not to its minutes text.
    3. Mark the proposal accepted and link it to the item.
    """
    with change_batch(user):
        meeting = _planned_meeting(proposal.meeting)
        proposal = _undecided(proposal)
        last = meeting.items.aggregate(last=Max("number"))["last"] or 0
        item = AgendaItem(
            meeting=meeting,
            number=last + 1,
            title=proposal.title,
            kind=proposal.kind,
            planned_minutes=proposal.planned_minutes,
            discussion_points=proposal.description,
        )
        item.full_clean()
        item._history_user = user
        item.save()
        proposal.state = State.ACCEPTED
        proposal.decided_by = user
        proposal.decided_at = timezone.now()
        proposal.item = item
        proposal._history_user = user
        proposal.save()
    return item


@transaction.atomic
def proposal_decline(*, proposal: AgendaProposal, user, reason: str) -> AgendaProposal:
    reason = normalise_text(reason)
    if not reason:
        raise ValidationError(
            _("Skriv varför förslaget avböjs; förslagsställaren ser skälet."),
            code="reason_required",
        )
    with change_batch(user):
        _planned_meeting(proposal.meeting)
        proposal = _undecided(proposal)
        proposal.state = State.DECLINED
        proposal.decided_by = user
        proposal.decided_at = timezone.now()
        proposal.decline_reason = reason
        proposal.full_clean()
        proposal._history_user = user
        proposal.save()
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: AgendaProposal, user) -> None:
    """The proposer takes back a proposal nobody has answered yet (it is deleted; the
    history keeps it)."""
    with change_batch(user):
        proposal = _undecided(proposal)
        proposal._history_user = user
        proposal.delete()
