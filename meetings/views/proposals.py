"""Members' proposals for a coming meeting's agenda ("Till nästa gång vill jag"): the
proposer's form and own proposals; the coordinators' accept and decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms_members import DeclineForm, ProposalForm
from ..models import Meeting
from ..permissions import get_meeting_for_proposer, get_proposal_for_user, manages_meeting
from ..services import proposals as services


def _proposals_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-proposals", args=[meeting.pk])


def _context(request, meeting: Meeting, form: ProposalForm) -> dict:
    """Coordinators see every proposal; anyone else only their own."""
    manages = manages_meeting(request.user, meeting)
    proposals = meeting.proposals.select_related("proposed_by", "decided_by", "item")
    if not manages:
        proposals = proposals.filter(proposed_by=request.user)
    proposals = list(proposals)
    pending = sum(1 for p in proposals if p.state == p.State.PROPOSED)
    return {
        "meeting": meeting,
        "form": form,
        "proposals": proposals,
        "manages": manages,
        "pending": pending,
        "open": meeting.state == Meeting.State.PLANNED,
    }


@login_required
@require_http_methods(["GET", "POST"])
def meeting_proposals(request, pk: int):
    meeting = get_meeting_for_proposer(request.user, pk)
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:  # the meeting was held meanwhile
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tack! Ditt förslag är skickat till samordnarna."))
            return redirect(_proposals_url(meeting))
    context = _context(request, meeting, form)
    return render(request, "meetings/proposals.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def proposal_accept(request, pk: int, proposal_pk: int):
    meeting = get_meeting_for_proposer(request.user, pk)
    proposal = get_proposal_for_user(request.user, meeting, proposal_pk, decide=True)
    try:
        item = services.proposal_accept(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("”%(title)s” är antagen som punkt %(number)s på dagordningen.")
            % {"title": item.title, "number": item.number},
        )
    return redirect(_proposals_url(meeting))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decline(request, pk: int, proposal_pk: int):
    meeting = get_meeting_for_proposer(request.user, pk)
    proposal = get_proposal_for_user(request.user, meeting, proposal_pk, decide=True)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decline(
                proposal=proposal, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if exc.code != "reason_required":  # decided, or the meeting held, meanwhile
                messages.error(request, " ".join(exc.messages))
                return redirect(_proposals_url(meeting))
            form.add_error("reason", exc)
        else:
            messages.success(request, _("”%(title)s” är avböjd.") % {"title": proposal.title})
            return redirect(_proposals_url(meeting))
    context = {"meeting": meeting, "proposal": proposal, "form": form}
    status = 400 if form.errors else 200
    return render(request, "meetings/proposals_decline.html", context, status=status)


@login_required
@require_POST
def proposal_withdraw(request, pk: int, proposal_pk: int):
    """The proposer takes back a proposal that nobody has answered yet."""
    meeting = get_meeting_for_proposer(request.user, pk)
    proposal = get_proposal_for_user(request.user, meeting, proposal_pk)
    try:
        services.proposal_withdraw(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("”%(title)s” är tillbakatagen.") % {"title": proposal.title})
    return redirect(_proposals_url(meeting))
