"""A region's report: the reporter's form, saving, submitting, and the coordinator's return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.templatetags.swedish_dates import short_time
from plans.local_plans import local_goals_by_parent
from plans.models import Goal, GoalPart, Plan

from .. import services
from ..forms import RegionReportForm, ReturnForm
from ..models import RoundEvent
from ..permissions import get_report_for_user
from ..selectors import ALL_AREAS, AreaPage, RoundData, area_page, round_data
from ..suggestions import goal_hints

FORM_TEMPLATE = "followup/region_report_form.html"
RETURN_MESSAGE_ERRORS = {"message_required", "message_too_long"}


def _form(report, data: RoundData, page: AreaPage, post=None) -> RegionReportForm:
    goals = page.goals(data.goals)
    return RegionReportForm(
        post,
        goals=goals,
        assessments=data.of_region(report.region),
        part_names=GoalPart.objects.filter(goal__in=goals).names_by_goal(),
    )


def _form_context(
    report, access, data: RoundData, page: AreaPage, form, conflicts=(), *, user
) -> dict:
    shown = {goal.pk for goal in form.goals}
    assessed = [goal_id for goal_id, a in form.assessments.items() if a.level]
    rows = form.rows(
        data.of_region(report.region, previous=True), conflicts, _local_goals(report, user)
    )
    return {
        "round": report.round,
        "report": report,
        "access": access,
        "previous_round": data.previous,
        "page": page,
        "form": form,
        "rows": rows,
        "areas": list(dict.fromkeys(row.goal.area for row in rows)),  # for jumping to them
        "error_rows": [row for row in rows if row.errors],
        "conflicts": conflicts,
        "goal_count": len(data.goals),
        "goal_hints": goal_hints(report.round, form.goals, region=report.region),
        "assessed_count": len(assessed),
        # the goals of other areas that have a level; the page counts its own as they change
        "assessed_elsewhere": sum(1 for goal_id in assessed if goal_id not in shown),
    }


def _local_goals(report, user) -> dict[int, list[Goal]]:
    """The region's own local goals under each goal of the round's cancer plan, from its local
    plans for the round's year that the user may read: the context of the levels. Local plans
    build on cancer plans only, so a round of another plan reads nothing."""
    plan = report.round.plan
    if plan.kind != Plan.Kind.CANCER_PLAN:
        return {}
    return local_goals_by_parent(plan, user, region=report.region, year=report.round.year)


def _page_url(report, page: AreaPage, goal_id: str = "") -> str:
    """The report, at the area and the goal the person was on."""
    url = report.get_absolute_url()
    url = f"{url}?omrade={page.current.pk}" if page.current else url
    return f"{url}#mal-{goal_id}" if goal_id.isdigit() else url


def _wants_json(request) -> bool:
    """The form's script saves in the background and asks for JSON (see report-form.js)."""
    return "application/json" in request.headers.get("Accept", "")


def round_overview(request, round, access):
    """A reporter's view of a round before it is published: their region's reports, their
    state, the deadline and what the coordinator has said to them."""
    reports = round.reports.with_progress().select_related("returned_by")
    reports = reports.filter(region__in=access.own_region_ids)
    events = (
        round.events.filter(Q(region__in=access.own_region_ids) | Q(region__isnull=True))
        .exclude(action__in=[RoundEvent.Action.CREATED, RoundEvent.Action.IMPORTED])
        .select_related("user", "region")[:20]
    )
    context = {
        "round": round,
        "reports": reports,
        "goal_count": Goal.objects.filter(area__plan_id=round.plan_id).count(),
        "events": events,
    }
    return render(request, "followup/round_overview.html", context)


@login_required
def region_report(request, pk, code):
    report, access = get_report_for_user(request.user, pk, code)
    data = round_data(report.round, region=report.region)
    page = area_page(data.goals, request.GET.get("omrade", ""))
    if access.can_edit_report(report.round, report):
        form = _form(report, data, page)
        context = _form_context(report, access, data, page, form, user=request.user)
        return render(request, FORM_TEMPLATE, context)
    assessments = data.of_region(report.region)
    previous = data.of_region(report.region, previous=True)
    context = {
        "round": report.round,
        "report": report,
        "access": access,
        "previous_round": data.previous,
        "page": page,
        "rows": [
            (goal, assessments.get(goal.pk), previous.get(goal.pk))
            for goal in page.goals(data.goals)
        ],
    }
    return render(request, "followup/region_report_detail.html", context)


@login_required
@require_POST
def region_report_save(request, pk, code):
    """Save the draft, goal by goal; "Skicka in…" saves it too, then asks to confirm.

    The form's script saves in the background a few seconds after each change and gets
    JSON; without the script the person gets the page back.
    """
    report, access = get_report_for_user(request.user, pk, code, write=True)
    try:
        services.check_report_editable(report)
    except ValidationError as exc:
        return _refused(request, report, exc)
    data = round_data(report.round, region=report.region)
    # A form without the area it shows is saved whole, so that no typed goal is ignored.
    page = area_page(data.goals, request.POST.get("omrade", ALL_AREAS))
    form = _form(report, data, page, request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return _invalid_json(form)
        context = _form_context(report, access, data, page, form, user=request.user)
        return render(request, FORM_TEMPLATE, context, status=400)
    try:
        result = services.region_report_save(
            report=report, values=form.values(), original=form.originals(), user=request.user
        )
    except ValidationError as exc:  # submitted or closed meanwhile, or a forged goal
        return _refused(request, report, exc)
    return _saved(request, report, access, page, form, result)


def _saved(request, report, access, page: AreaPage, form, result):
    """After a save: JSON for the script; else the conflicts to decide, the confirmation of
    a submission, or the report again at the goal the person was on."""
    if _wants_json(request):
        return _saved_json(request, report, result)
    if result.conflicts:
        return _conflict(request, report, access, page, form, result.conflicts)
    if request.POST.get("action") == "submit":
        return redirect(
            "followup:region-report-submit", pk=report.round_id, code=report.region.code
        )
    messages.success(request, _("Utkastet är sparat."))
    return redirect(_page_url(report, page, request.POST.get("position", "")))


def _refused(request, report, exc: ValidationError):
    """Why the report cannot be saved: as JSON for the script, else back to the report."""
    text = " ".join(exc.messages)
    if _wants_json(request):
        return JsonResponse({"status": "refused", "message": text}, status=409)
    messages.error(request, text)
    return redirect(report)


def _invalid_json(form: RegionReportForm) -> JsonResponse:
    errors = [
        {"goal": row.goal.pk, "number": row.goal.number, "messages": row.errors}
        for row in form.rows({})
        if row.errors
    ]
    return JsonResponse({"status": "invalid", "errors": errors}, status=400)


def _saved_json(request, report, result) -> JsonResponse:
    """What the script needs to go on: the goals now stored (its new originals), the goals
    someone else changed that this person had not touched, and each conflict's panel."""
    conflicts = [
        {
            "goal": conflict.goal.pk,
            "html": render_to_string(
                "followup/includes/_goal_conflict.html", {"conflict": conflict}, request
            ),
        }
        for conflict in result.conflicts
    ]
    return JsonResponse(
        {
            "status": "conflict" if conflicts else "saved",
            "saved_at": short_time(timezone.localtime()),
            "saved": {goal_id: list(value) for goal_id, value in result.saved.items()},
            "changed_meanwhile": {
                goal_id: list(value) for goal_id, value in result.changed_meanwhile.items()
            },
            "conflicts": conflicts,
        },
        status=409 if conflicts else 200,
    )


def _conflict(request, report, access, page: AreaPage, form, conflicts):
    """The form again: every goal as saved now, except the conflicting goals, which show the
    person's version beside the saved one for them to choose; the rest of the save is kept."""
    data = round_data(report.round, region=report.region)
    assessments = data.of_region(report.region)
    posted = form.merged(request.POST, assessments=assessments, conflicts=conflicts)
    form = _form(report, data, page, posted)
    form.is_valid()
    context = _form_context(report, access, data, page, form, conflicts, user=request.user)
    return render(request, FORM_TEMPLATE, context, status=409)


@login_required
def region_report_submit(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code, write=True)
    try:
        services.check_report_editable(report)
    except ValidationError as exc:
        return _refused(request, report, exc)
    if request.method == "POST":
        try:
            services.region_report_submit(report=report, user=request.user)
        except ValidationError as exc:  # the round closed, or the report went in, meanwhile
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rapporten är inskickad. Tack!"))
        return redirect(report)
    data = round_data(report.round, region=report.region)
    context = {
        "round": report.round,
        "report": report,
        "missing": [goal for goal in data.goals if data.level(goal, report.region).is_blank],
        "goal_count": len(data.goals),
        "paged": area_page(data.goals, "").paged,
    }
    return render(request, "followup/region_report_submit.html", context)


@login_required
def region_report_return(request, pk, code):
    """The coordinator gives a submitted report back, with a message that the region reads."""
    report, _access = get_report_for_user(request.user, pk, code, manage=True)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.region_report_return(
                report=report, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            if exc.code not in RETURN_MESSAGE_ERRORS:  # returned or published meanwhile
                messages.error(request, " ".join(exc.messages))
                return redirect(report.round)
            form.add_error("message", exc)
        else:
            messages.success(
                request,
                _("Rapporten från %(region)s är återsänd för ändringar.")
                % {"region": report.region},
            )
            return redirect(report.round)
    status = 400 if form.errors else 200
    context = {"round": report.round, "report": report, "form": form}
    return render(request, "followup/region_report_return.html", context, status=status)
