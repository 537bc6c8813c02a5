"""A region's report: the reporter's form, saving, submitting, and the coordinator's return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, conflict_response
from plans.models import Goal

from .. import services
from ..forms import RegionReportForm, ReturnForm
from ..models import RoundEvent
from ..permissions import get_report_for_user
from ..selectors import ALL_AREAS, AreaPage, RoundData, area_page, round_data

FORM_TEMPLATE = "followup/region_report_form.html"
RETURN_MESSAGE_ERRORS = {"message_required", "message_too_long"}


def _form(report, data: RoundData, page: AreaPage, post=None) -> RegionReportForm:
    return RegionReportForm(
        post,
        goals=page.goals(data.goals),
        assessments=data.of_region(report.region),
        version=report.version,
    )


def _form_context(report, access, data: RoundData, page: AreaPage, form) -> dict:
    return {
        "round": report.round,
        "report": report,
        "access": access,
        "previous_round": data.previous,
        "page": page,
        "form": form,
        "rows": form.rows(data.of_region(report.region, previous=True)),
    }


def _page_url(report, page: AreaPage) -> str:
    """The report, at the area the person was on."""
    url = report.get_absolute_url()
    return f"{url}?omrade={page.current.pk}" if page.current else url


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
        return render(request, FORM_TEMPLATE, _form_context(report, access, data, page, form))
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
    """Save the draft; "Skicka in…" saves it too, then asks to confirm the submission."""
    report, access = get_report_for_user(request.user, pk, code, write=True)
    if refused := _not_editable(request, report):
        return refused
    data = round_data(report.round, region=report.region)
    # A form without the area it shows is saved whole, so that no typed goal is ignored.
    page = area_page(data.goals, request.POST.get("omrade", ALL_AREAS))
    form = _form(report, data, page, request.POST)
    if not form.is_valid():
        context = _form_context(report, access, data, page, form)
        return render(request, FORM_TEMPLATE, context, status=400)
    try:
        services.region_report_save(
            report=report,
            values=form.values(),
            original=form.originals(),
            version=form.cleaned_data["version"],
            user=request.user,
        )
    except EditConflict as conflict:
        return _conflict(request, report, access, page, conflict)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(report)
    if request.POST.get("action") == "submit":
        return redirect("followup:region-report-submit", pk=pk, code=code)
    messages.success(request, _("Utkastet är sparat."))
    return redirect(_page_url(report, page))


def _not_editable(request, report):
    """Back to the report, saying why, when it was submitted or its round closed meanwhile.

    The service checks again under its lock; this spares the person a form that cannot save.
    """
    try:
        services.check_report_editable(report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(report)
    return None


def _conflict(request, report, access, page: AreaPage, conflict: EditConflict):
    """The form again with what the person typed, on top of what is saved now."""
    report.version = conflict.stored
    data = round_data(report.round, region=report.region)
    posted = RegionReportForm.rebase(
        request.POST, version=report.version, assessments=data.of_region(report.region)
    )
    form = _form(report, data, page, posted)
    form.is_valid()
    context = _form_context(report, access, data, page, form)
    return conflict_response(request, FORM_TEMPLATE, context, conflict)


@login_required
def region_report_submit(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code, write=True)
    if refused := _not_editable(request, report):
        return refused
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
