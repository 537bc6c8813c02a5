"""Rounds: the list, starting one, the coordinator's page, its actions and the matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plans.models import Goal
from plans.views import CONTENT_TYPES, get_plan_for_user

from .. import services
from ..forms import (
    DeadlineForm,
    RoundCreateForm,
    RoundTextsForm,
)
from ..matrix import build_matrix
from ..models import FollowUpRound, RegionReport, RoundEvent
from ..permissions import (
    can_manage_plan_rounds,
    get_round_for_user,
)
from ..summary import summarise
from .common import posted_with

ACTIONS = {
    "open": RoundEvent.Action.OPENED,
    "close": RoundEvent.Action.CLOSED,
    "reopen": RoundEvent.Action.REOPENED,
    "publish": RoundEvent.Action.PUBLISHED,
}


ACTION_DONE = {
    "open": gettext_lazy("Omgången är öppen. Regionerna kan nu fylla i sina rapporter."),
    "close": gettext_lazy("Omgången är stängd."),
    "reopen": gettext_lazy("Omgången är öppen igen."),
    "publish": gettext_lazy("Omgången är publicerad för styrgruppen."),
}


@login_required
def round_list(request):
    rounds = (
        FollowUpRound.objects.visible_to(request.user).with_plan().order_by("-year", "plan__title")
    )
    reporter_regions = [m.region_id for m in request.user.memberships.all() if m.role == "reporter"]
    own_reports = (
        RegionReport.objects.filter(region_id__in=reporter_regions)
        .exclude(round__state=FollowUpRound.State.DRAFT)
        .select_related("region", "round__plan")
        .order_by("-round__year")
    )
    return render(
        request, "followup/round_list.html", {"rounds": rounds, "own_reports": own_reports}
    )


@login_required
def round_create(request, slug):
    plan = get_plan_for_user(request.user, slug)
    if not can_manage_plan_rounds(request.user, plan):
        raise PermissionDenied
    form = RoundCreateForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        round = services.round_create(
            plan=plan,
            user=request.user,
            regions=list(form.cleaned_data["regions"]),
            **{k: form.cleaned_data[k] for k in ("year", "opens_on", "deadline", "introduction")},
        )
        messages.success(request, _("Uppföljningen är skapad som utkast."))
        return redirect(round)
    return render(request, "followup/round_form.html", {"plan": plan, "form": form})


@login_required
def round_detail(request, pk):
    round, access = get_round_for_user(request.user, pk)
    reports = round.reports.with_progress()
    goal_count = Goal.objects.filter(area__plan_id=round.plan_id).count()
    context = {
        "round": round,
        "access": access,
        "reports": reports,
        "goal_count": goal_count,
        "summary": summarise(round),
        "events": round.events.select_related("user", "region")[:20] if access.manage else [],
        "deadline_form": DeadlineForm(initial={"deadline": round.deadline}),
    }
    return render(request, "followup/round_detail.html", context)


@login_required
def round_texts(request, pk):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    initial = {
        "introduction": round.introduction,
        "summary": round.summary,
        "original_introduction": round.introduction,
        "original_summary": round.summary,
    }
    form = RoundTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_update_texts(
                round=round,
                introduction=data["introduction"],
                summary=data["summary"],
                original={
                    "introduction": data["original_introduction"],
                    "summary": data["original_summary"],
                },
                user=request.user,
            )
        except ValidationError as exc:
            round.refresh_from_db()
            form = RoundTextsForm(
                posted_with(
                    request.POST,
                    original_introduction=round.introduction,
                    original_summary=round.summary,
                )
            )
            form.is_valid()
            form.add_error(None, exc)
            return render(
                request,
                "followup/round_texts.html",
                {"round": round, "form": form, "theirs": round},
                status=409,
            )
        messages.success(request, _("Texterna är sparade."))
        return redirect(round)
    return render(request, "followup/round_texts.html", {"round": round, "form": form})


@login_required
@require_POST
def round_transition(request, pk, action):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    if action not in ACTIONS:
        raise Http404
    try:
        services.round_transition(round=round, action=ACTIONS[action], user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, ACTION_DONE[action])
    return redirect(round)


@login_required
@require_POST
def round_deadline(request, pk):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange sista dag som ett datum, t.ex. 2025-04-30."))
        return redirect(round)
    try:
        services.round_set_deadline(
            round=round, deadline=form.cleaned_data["deadline"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sista dag är ändrad."))
    return redirect(round)


@login_required
def round_matrix(request, pk):
    round, access = get_round_for_user(request.user, pk)
    matrix = build_matrix(
        round, area=request.GET.get("omrade", ""), level=request.GET.get("niva", "")
    )
    return render(
        request, "followup/round_matrix.html", {"round": round, "access": access, "matrix": matrix}
    )


@login_required
def round_export(request, pk, fmt):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = services.followup_export(round=round, fmt=fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{round.plan.slug}-uppfoljning-{round.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
