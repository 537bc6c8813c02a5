"""A region's report: the reporter's form, submitting, and the coordinator's return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import Goal

from .. import services
from ..forms import (
    RegionReportForm,
    ReturnForm,
)
from ..models import RegionReport
from ..permissions import (
    get_report_for_user,
)


def _report_context(report: RegionReport):
    """Goals, this report's assessments and last round's, in a fixed number of queries."""
    round = report.round
    goals = list(Goal.objects.for_plan(round.plan))
    assessments = {a.goal_id: a for a in round.assessments.filter(region_id=report.region_id)}
    previous_round = round.previous()
    previous = {}
    if previous_round is not None:
        previous = {
            a.goal_id: a for a in previous_round.assessments.filter(region_id=report.region_id)
        }
    return goals, assessments, previous_round, previous


@login_required
def region_report(request, pk, code):
    report, access = get_report_for_user(request.user, pk, code, edit=request.method == "POST")
    goals, assessments, previous_round, previous = _report_context(report)
    context = {
        "round": report.round,
        "report": report,
        "access": access,
        "previous_round": previous_round,
        "return_form": ReturnForm(),
    }
    if not access.can_edit_report(report.round, report):
        context["rows"] = [
            (goal, assessments.get(goal.pk), previous.get(goal.pk)) for goal in goals
        ]
        return render(request, "followup/region_report_detail.html", context)

    form = RegionReportForm(
        request.POST or None, goals=goals, assessments=assessments, version=report.version
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.region_report_save(
                    report=report,
                    values=form.values(),
                    original=form.originals(),
                    version=form.cleaned_data["version"],
                    user=request.user,
                )
            except services.ReportConflict as conflict:
                report.refresh_from_db()
                assessments = {
                    a.goal_id: a
                    for a in report.round.assessments.filter(region_id=report.region_id)
                }
                form = RegionReportForm(
                    RegionReportForm.rebase(
                        request.POST, version=report.version, assessments=assessments
                    ),
                    goals=goals,
                    assessments=assessments,
                    version=report.version,
                )
                form.is_valid()
                context["conflict"] = conflict.changes
                status = 409
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(report)
            else:
                if request.POST.get("action") == "submit":
                    return redirect("followup:region-report-submit", pk=pk, code=code)
                messages.success(request, _("Utkastet är sparat."))
                return redirect(report)
        else:
            status = 400
    context.update(form=form, rows=form.rows(previous))
    return render(request, "followup/region_report_form.html", context, status=status)


@login_required
def region_report_submit(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code, edit=True)
    if request.method == "POST":
        services.region_report_submit(report=report, user=request.user)
        messages.success(request, _("Rapporten är inskickad. Tack!"))
        return redirect(report)
    goals, assessments, _previous_round, _previous = _report_context(report)
    missing = [goal for goal in goals if not getattr(assessments.get(goal.pk), "level", "")]
    return render(
        request,
        "followup/region_report_submit.html",
        {"round": report.round, "report": report, "missing": missing, "goal_count": len(goals)},
    )


@login_required
@require_POST
def region_report_return(request, pk, code):
    report, access = get_report_for_user(request.user, pk, code)
    if not access.manage:
        raise PermissionDenied
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.region_report_return(report=report, user=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Rapporten från %(region)s är återsänd för ändringar.") % {"region": report.region},
        )
    return redirect(report.round)
