from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plans.models import Goal, Plan
from plans.views import CONTENT_TYPES, get_plan_for_user, pdf_response

from . import services
from .forms import (
    CommentForm,
    DeadlineForm,
    RegionReportForm,
    ReturnForm,
    RoundCreateForm,
    RoundTextsForm,
)
from .matrix import build_matrix
from .models import Assessment, FollowUpRound, RccComment, RegionReport, RoundEvent
from .pdf import (
    render_followup_html,
    render_followup_report_pdf,
    render_region_html,
    render_region_report_pdf,
)
from .permissions import (
    can_manage_plan_rounds,
    get_assessment_for_user,
    get_report_for_user,
    get_round_for_user,
)
from .summary import summarise

HISTORY_FIELDS = {
    "level": gettext_lazy("Nivå"),
    "comment": gettext_lazy("Regionens kommentar"),
    "condensed_comment": gettext_lazy("Kondenserad kommentar"),
}
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


def round_access_for_plan(user, plan: Plan) -> bool:
    return (
        user.is_superuser
        or user.memberships.filter(
            role="coordinator", healthcare_region=plan.healthcare_region
        ).exists()
    )


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
                _with(
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


def _with(data, **values):
    data = data.copy()
    for key, value in values.items():
        data[key] = value
    return data


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


@login_required
def assessment_detail(request, pk, code, goal_pk):
    assessment, access = get_assessment_for_user(request.user, pk, code, goal_pk)
    round = assessment.round
    rcc_comment = RccComment.objects.filter(round=round, goal_id=goal_pk).first()
    condense_form = CommentForm(
        initial={"text": assessment.condensed_comment, "original": assessment.condensed_comment},
        prefix="condensed",
    )
    rcc_text = rcc_comment.text if rcc_comment else ""
    rcc_form = CommentForm(initial={"text": rcc_text, "original": rcc_text}, prefix="rcc")
    status = 200
    if request.method == "POST":
        if not access.manage:
            raise PermissionDenied
        which = request.POST.get("form")
        if which not in ("condensed", "rcc"):
            raise Http404
        form = CommentForm(request.POST, prefix=which)
        if form.is_valid():
            try:
                if which == "condensed":
                    services.assessment_condense(
                        assessment=assessment,
                        text=form.cleaned_data["text"],
                        original=form.cleaned_data["original"],
                        user=request.user,
                    )
                else:
                    services.rcc_comment_save(
                        round=round,
                        goal=assessment.goal,
                        text=form.cleaned_data["text"],
                        original=form.cleaned_data["original"],
                        user=request.user,
                    )
            except ValidationError as exc:
                assessment.refresh_from_db()
                rcc_comment = RccComment.objects.filter(round=round, goal_id=goal_pk).first()
                theirs = (
                    assessment.condensed_comment
                    if which == "condensed"
                    else (rcc_comment.text if rcc_comment else "")
                )
                form = CommentForm(
                    _with(request.POST, **{f"{which}-original": theirs}), prefix=which
                )
                form.is_valid()
                form.add_error(None, exc)
                status = 409
            else:
                messages.success(request, _("Kommentaren är sparad."))
                return redirect(assessment)
        if which == "condensed":
            condense_form = form
        else:
            rcc_form = form
        status = status if status != 200 else 400
    previous_round = round.previous()
    previous = (
        previous_round.assessments.filter(region_id=assessment.region_id, goal_id=goal_pk).first()
        if previous_round
        else None
    )
    context = {
        "round": round,
        "assessment": assessment,
        "access": access,
        "history": assessment_history(assessment),
        "rcc_comment": rcc_comment,
        "condense_form": condense_form,
        "rcc_form": rcc_form,
        "previous_round": previous_round,
        "previous": previous,
    }
    return render(request, "followup/assessment_detail.html", context, status=status)


def assessment_history(assessment: Assessment) -> list[dict]:
    """Each recorded change, newest first, with the fields it changed (before → after)."""
    records = assessment.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    entries = []
    before = None
    for record in records:
        changes = []
        for name, label in HISTORY_FIELDS.items():
            old = getattr(before, name) if before else ""
            new = getattr(record, name)
            if old != new:
                changes.append({"field": name, "label": label, "old": old, "new": new})
        entries.append({"record": record, "changes": changes, "created": before is None})
        before = record
    return entries[::-1]


@login_required
def round_pdf(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    filename = f"uppfoljning-{round.year}-{round.plan.slug}.pdf"
    return pdf_response(render_followup_report_pdf(round), filename)


@login_required
def round_pdf_preview(request, pk):
    round, _access = get_round_for_user(request.user, pk)
    pdf_url = reverse("followup:round-pdf", args=[pk])
    return HttpResponse(render_followup_html(round, pdf_url=pdf_url))


@login_required
def region_report_pdf(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    filename = f"uppfoljning-{report.round.year}-{report.round.plan.slug}-{report.region.code}.pdf"
    return pdf_response(render_region_report_pdf(report), filename)


@login_required
def region_report_pdf_preview(request, pk, code):
    report, _access = get_report_for_user(request.user, pk, code)
    pdf_url = reverse("followup:region-report-pdf", args=[pk, code])
    return HttpResponse(render_region_html(report, pdf_url=pdf_url))
