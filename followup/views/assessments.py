"""One region's assessment of one goal: its history and the RCC's two editors.

The page is a GET; each editor posts to a view of its own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, conflict_response, rebased

from .. import services
from ..forms import CommentForm
from ..models import RccComment
from ..permissions import get_assessment_for_user
from ..selectors import assessment_history, previous_assessment
from .rounds import matrix_url

TEMPLATE = "followup/assessment_detail.html"


def _comment_form(text: str, prefix: str, data=None) -> CommentForm:
    return CommentForm(data, initial={"text": text, "original": text}, prefix=prefix)


def _page_context(request, assessment, access, **forms) -> dict:
    round = assessment.round
    rcc_texts = access.reads_rcc_texts(round)
    rcc_comment = (
        RccComment.objects.filter(round=round, goal_id=assessment.goal_id).first()
        if rcc_texts
        else None
    )
    previous_round, previous = previous_assessment(assessment)
    forms.setdefault("condense_form", _comment_form(assessment.condensed_comment, "condensed"))
    forms.setdefault("rcc_form", _comment_form(rcc_comment.text if rcc_comment else "", "rcc"))
    return {
        "round": round,
        "assessment": assessment,
        "access": access,
        "history": assessment_history(assessment, with_rcc_texts=rcc_texts),
        "rcc_texts": rcc_texts,
        "rcc_comment": rcc_comment,
        "previous_round": previous_round,
        "previous": previous,
        "matrix_url": matrix_url(request, round),
        **forms,
    }


@login_required
def assessment_detail(request, pk, code, goal_pk):
    assessment, access = get_assessment_for_user(request.user, pk, code, goal_pk)
    return render(request, TEMPLATE, _page_context(request, assessment, access))


def _save_comment(request, pk, code, goal_pk, *, prefix: str, form_name: str, save):
    """Save one of the RCC's texts; re-show the page with 400 (invalid), 409 (conflict) or
    403 (the round is published, so its texts may no longer change).

    save(assessment, text=…, original=…) writes through a service.
    """
    assessment, access = get_assessment_for_user(request.user, pk, code, goal_pk, manage=True)
    form = CommentForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return render(
            request,
            TEMPLATE,
            _page_context(request, assessment, access, **{form_name: form}),
            status=400,
        )
    try:
        save(assessment, **form.cleaned_data)
    except EditConflict as conflict:
        form = CommentForm(
            rebased(request.POST, **{f"{prefix}-original": conflict.stored}), prefix=prefix
        )
        form.is_valid()
        form.add_error(None, conflict)
        context = _page_context(request, assessment, access, **{form_name: form})
        return conflict_response(request, TEMPLATE, context, conflict)
    except ValidationError as exc:  # the round was published: its texts are final
        messages.error(request, " ".join(exc.messages))
        return render(request, TEMPLATE, _page_context(request, assessment, access), status=403)
    else:
        messages.success(request, _("Kommentaren är sparad."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_condense(request, pk, code, goal_pk):
    def save(assessment, **texts):
        services.assessment_condense(assessment=assessment, user=request.user, **texts)

    return _save_comment(
        request, pk, code, goal_pk, prefix="condensed", form_name="condense_form", save=save
    )


@login_required
@require_POST
def rcc_comment_save(request, pk, code, goal_pk):
    def save(assessment, **texts):
        services.rcc_comment_save(
            round=assessment.round, goal=assessment.goal, user=request.user, **texts
        )

    return _save_comment(request, pk, code, goal_pk, prefix="rcc", form_name="rcc_form", save=save)
