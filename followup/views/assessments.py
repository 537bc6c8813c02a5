"""One region's assessment of one goal: its history and the RCC's editors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..forms import (
    CommentForm,
)
from ..models import Assessment, RccComment
from ..permissions import (
    get_assessment_for_user,
)
from .common import posted_with

HISTORY_FIELDS = {
    "level": gettext_lazy("Nivå"),
    "comment": gettext_lazy("Regionens kommentar"),
    "condensed_comment": gettext_lazy("Kondenserad kommentar"),
}


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
                    posted_with(request.POST, **{f"{which}-original": theirs}), prefix=which
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
