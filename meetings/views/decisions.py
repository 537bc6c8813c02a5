"""A group's decisions across its meetings: the open ones to follow up, filtered by state,
responsible and due; the coordinators mark them done (or open them again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, DateField, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms_members import DecisionDoneForm, DecisionFilter
from ..models import Decision, Meeting, SteeringGroup
from ..permissions import get_decision_for_coordinator, get_group_for_member, manages_group
from ..services import decisions as services

PER_PAGE = 50


def group_decisions_queryset(group: SteeringGroup, *, held_only: bool):
    """The group's decisions with their item, meeting and people, each with `next_meeting_date`
    (the group's first meeting after the decision's) and `due_date` (the date it is due: its
    own, or that meeting's for "nästa möte"). Drafts (planned meetings) only for coordinators."""
    next_meeting = Meeting.objects.filter(
        group_id=group.pk, date__gt=OuterRef("item__meeting__date")
    ).order_by("date")
    decisions = Decision.objects.filter(item__meeting__group=group)
    if held_only:
        decisions = decisions.exclude(item__meeting__state=Meeting.State.PLANNED)
    return (
        decisions.select_related("item__meeting", "responsible_person", "followed_up_at")
        .annotate(next_meeting_date=Subquery(next_meeting.values("date")[:1]))
        .annotate(
            due_date=Coalesce(
                "due_on",
                Case(When(due_next_meeting=True, then=F("next_meeting_date"))),
                output_field=DateField(),
            )
        )
        .order_by(
            F("due_date").asc(nulls_last=True), "item__meeting__date", "item__number", "order", "pk"
        )
    )


def _responsible_names(decisions) -> list[str]:
    pairs = decisions.order_by().values_list("responsible", "responsible_person__name").distinct()
    return sorted({name for pair in pairs for name in pair if name}, key=str.casefold)


def _decisions_url(group_id: int) -> str:
    return reverse("meetings:group-decisions", args=[group_id])


@login_required
@require_GET
def group_decisions(request, pk: int):
    group = get_group_for_member(request.user, pk)
    manages = manages_group(request.user, group)
    decisions = group_decisions_queryset(group, held_only=not manages)
    names = _responsible_names(decisions)
    decision_filter = DecisionFilter(request.GET, queryset=decisions, responsible=names)
    page = Paginator(decision_filter.qs, PER_PAGE).get_page(request.GET.get("sida"))
    context = {
        "group": group,
        "filter": decision_filter,
        "page": page,
        "manages": manages,
        "today": timezone.localdate(),
    }
    status = 400 if decision_filter.errors else 200
    return render(request, "meetings/group_decisions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decision_done(request, pk: int):
    decision = get_decision_for_coordinator(request.user, pk)
    group = decision.item.meeting.group
    form = DecisionDoneForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_mark_done(decision=decision, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if exc.code == "already_done":  # someone else marked it meanwhile
                messages.error(request, " ".join(exc.messages))
                return redirect(_decisions_url(group.pk))
            form.add_error(None, exc)
        else:
            messages.success(request, _("Beslutet är markerat som klart."))
            return redirect(_decisions_url(group.pk))
    context = {"decision": decision, "group": group, "form": form}
    status = 400 if form.errors else 200
    return render(request, "meetings/decision_done.html", context, status=status)


@login_required
@require_POST
def decision_reopen(request, pk: int):
    decision = get_decision_for_coordinator(request.user, pk)
    try:
        services.decision_reopen(decision=decision, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Beslutet är öppet igen."))
    return redirect(_decisions_url(decision.item.meeting.group_id))
