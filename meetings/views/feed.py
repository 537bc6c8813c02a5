"""A steering group's calendar as a subscription: a secret address per group that calendar
apps fetch without logging in (they cannot), and the coordinators' "Byt adress"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..models import SteeringGroup
from ..permissions import get_group_for_coordinator
from ..services.feed import group_feed_token_rotate
from .meetings import group_calendar_response

TOKEN_MAX = 64  # SteeringGroup.feed_token's max_length


@require_GET
def group_feed(request, token: str):
    """What a reader's session feed gives (meetings.views.meetings.group_calendar): planned
    meetings as dates only, held ones with their page and agenda. The address is the key."""
    group = None
    if len(token) <= TOKEN_MAX:
        group = SteeringGroup.objects.filter(feed_token=token).first()
    if group is None:
        raise Http404
    response = group_calendar_response(request, group, opens=lambda meeting: meeting.has_minutes)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def group_feed_rotate(request, pk: int):
    group = get_group_for_coordinator(request.user, pk)
    group_feed_token_rotate(group=group, user=request.user)
    messages.success(
        request,
        _("%(group)s har en ny prenumerationsadress; den gamla fungerar inte längre.")
        % {"group": group.name},
    )
    return redirect(reverse("meetings:meeting-list") + f"#group-{group.pk}-heading")
