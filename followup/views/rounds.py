"""Rounds: the list, starting one, the coordinator's page, its actions and the matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, conflict_response, rebased
from documents.responses import SPREADSHEET_FORMATS, download_response
from plans.models import Goal, Plan
from plans.permissions import coordinated_filter
from registry.roles import roles_of

from .. import services
from ..forms import DeadlineForm, RoundCreateForm, RoundTextsForm
from ..matrix import build_matrix
from ..models import FollowUpRound, RoundEvent
from ..permissions import get_plan_for_round_manager, get_round_for_user
from ..selectors import area_page, reports_with_progress, round_data, round_levels
from ..summary import round_summary
from .reports import round_overview

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
REOPENED_PUBLISHED = gettext_lazy(
    "Omgången är öppen igen. Den publicerade versionen finns kvar som den publicerades."
)


@login_required
def round_list(request):
    rounds = (
        FollowUpRound.objects.visible_to(request.user)
        .with_plan()
        .with_progress()
        .order_by("-year", "plan__title")
    )
    roles = roles_of(request.user)
    startable = (
        Plan.objects.filter(coordinated_filter(request.user))
        .exclude(status=Plan.Status.ARCHIVED)
        .with_owner()
        .order_by("title")
        if roles.coordinated or roles.is_superuser
        else Plan.objects.none()
    )
    context = {"rounds": rounds, "startable": startable}
    return render(request, "followup/round_list.html", context)


@login_required
def round_create(request, slug):
    plan = get_plan_for_round_manager(request.user, slug)
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
    round, access = get_round_for_user(request.user, pk, overview=True)
    if not access.read:
        return round_overview(request, round, access)
    return _round_page(request, round, access)


def _round_page(request, round, access, *, deadline_form=None, status=200):
    data = round_levels(round)
    context = {
        "round": round,
        "access": access,
        "reports": reports_with_progress(data),
        "goal_count": len(data.goals),
        "summary": round_summary(data),
        "events": round.events.select_related("user", "region")[:20] if access.manage else [],
        # every version published, newest first (a round reopened and published again has more)
        "versions": list(round.published_reports.select_related("published_by")),
        "deadline_form": deadline_form
        or DeadlineForm(initial={"deadline": round.deadline}, round=round),
    }
    return render(request, "followup/round_detail.html", context, status=status)


def _texts_form(round: FollowUpRound, data=None) -> RoundTextsForm:
    initial = {
        "introduction": round.introduction,
        "summary": round.summary,
        "original_introduction": round.introduction,
        "original_summary": round.summary,
    }
    return RoundTextsForm(data, initial=initial)


@login_required
def round_texts(request, pk):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    return render(
        request, "followup/round_texts.html", {"round": round, "form": _texts_form(round)}
    )


@login_required
@require_POST
def round_texts_save(request, pk):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    form = _texts_form(round, request.POST)
    if not form.is_valid():
        return render(
            request, "followup/round_texts.html", {"round": round, "form": form}, status=400
        )
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
    except EditConflict as conflict:
        return _texts_conflict(request, round, conflict)
    messages.success(request, _("Texterna är sparade."))
    return redirect(round)


def _texts_conflict(request, round: FollowUpRound, conflict: EditConflict):
    """The texts as the person typed them, beside the ones saved now; saving again is deliberate."""
    originals = {f"original_{name}": text for name, text in conflict.stored.items()}
    form = _texts_form(round, rebased(request.POST, **originals))
    form.is_valid()
    form.add_error(None, conflict)
    context = {"round": round, "form": form, "theirs": conflict.stored}
    return conflict_response(request, "followup/round_texts.html", context, conflict)


# State changes that cannot simply be undone are confirmed on a page that says what follows:
# closing, publishing and reopening a published round.
CONFIRMED = {"close", "publish"}


def _confirmed(round: FollowUpRound, action: str) -> bool:
    return action in CONFIRMED or (action == "reopen" and round.state == round.State.PUBLISHED)


@login_required
def round_transition(request, pk, action):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    if action not in ACTIONS:
        raise Http404
    if request.method != "POST":
        if not _confirmed(round, action):
            return redirect(round)
        return _confirm_transition(request, round, action)
    was_published = round.state == round.State.PUBLISHED
    try:
        services.round_transition(round=round, action=ACTIONS[action], user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        reopened = action == "reopen" and was_published
        messages.success(request, REOPENED_PUBLISHED if reopened else ACTION_DONE[action])
    return redirect(round)


def _confirm_transition(request, round, action):
    reports = list(round.reports.select_related("region"))
    versions = list(round.published_reports.select_related("published_by"))
    not_submitted = [r for r in reports if r.state != r.State.SUBMITTED]
    context = {
        "round": round,
        "action": action,
        "not_submitted": [] if action == "reopen" else not_submitted,
        "regions": [r.region for r in reports],
        "latest": versions[0] if versions else None,
        "next_version": versions[0].number + 1 if versions else 1,
    }
    return render(request, "followup/round_transition_confirm.html", context)


@login_required
@require_POST
def round_deadline(request, pk):
    round, access = get_round_for_user(request.user, pk, manage=True)
    form = DeadlineForm(request.POST, round=round)
    if form.is_valid():
        try:
            services.round_set_deadline(
                round=round, deadline=form.cleaned_data["deadline"], user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sista dag är ändrad."))
        return redirect(round)
    return _round_page(request, round, access, deadline_form=form, status=400)


@login_required
def round_matrix(request, pk):
    round, access = get_round_for_user(request.user, pk)
    goals = list(Goal.objects.for_plan(round.plan))
    page = area_page(goals, request.GET.get("omrade", ""))
    data = round_data(round, area=page.current, goals=goals)
    area = str(page.current.pk) if page.current else ""
    matrix = build_matrix(
        data,
        area=area,
        level=request.GET.get("niva", ""),
        show_previous=request.GET.get("forra") == "1",
        show_condensed=access.reads_rcc_texts(round),
    )
    context = {
        "round": round,
        "access": access,
        "matrix": matrix,
        "page": page,
        # the goal view's URLs up to the goal's id, reversed once, not once per row
        "goal_url_start": reverse("followup:goal-detail", args=[round.pk, 0]).removesuffix("0/"),
    }
    response = render(request, "followup/round_matrix.html", context)
    _remember_matrix_filters(request, round, response)
    return response


MATRIX_FILTERS = ("omrade", "niva", "forra")


def _matrix_cookie(round) -> str:
    return f"matris-{round.pk}"


def _filters(query) -> str:
    query = query.copy()
    for key in [key for key in query if key not in MATRIX_FILTERS]:
        del query[key]
    return query.urlencode()


def _remember_matrix_filters(request, round, response) -> None:
    """The matrix's filters, kept in a cookie so that coming back to the matrix keeps them."""
    response.set_cookie(
        _matrix_cookie(round),
        _filters(request.GET),
        max_age=60 * 60 * 24 * 30,
        path=reverse("followup:round-detail", args=[round.pk]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def matrix_url(request, round) -> str:
    """The round's matrix with the filters the person last used on it."""
    url = reverse("followup:round-matrix", args=[round.pk])
    query = _filters(QueryDict(request.COOKIES.get(_matrix_cookie(round), "")))
    return f"{url}?{query}" if query else url


@login_required
def round_export(request, pk, fmt):
    round, _access = get_round_for_user(request.user, pk, manage=True)
    if fmt not in SPREADSHEET_FORMATS:
        raise Http404
    content = services.followup_export(round=round, fmt=fmt)
    return download_response(content, f"{round.plan.slug}-uppfoljning-{round.year}.{fmt}")
