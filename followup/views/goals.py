"""The goal view: one goal across every region, where the RCC condenses the regions' comments
and writes its own, goal after goal, without going back to the matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.concurrency import EditConflict, rebased

from .. import services
from ..forms import CommentForm
from ..permissions import get_round_goal_for_user
from ..selectors import goal_view
from ..suggestions import goal_hints, split_by_region
from .rounds import matrix_url

TEMPLATE = "followup/goal_detail.html"
RCC = "rcc"


def goal_url(round, goal_pk: int, anchor: str = "") -> str:
    url = reverse("followup:goal-detail", kwargs={"pk": round.pk, "goal_pk": goal_pk})
    return f"{url}#{anchor}" if anchor else url


def _form(target: str, text: str, data=None) -> CommentForm:
    return CommentForm(data, initial={"text": text, "original": text}, prefix=f"c-{target}")


def _context(request, round, access, view, bound: tuple[str, CommentForm] | None = None) -> dict:
    """The page, with each region's editor and the RCC's; bound is the form that failed."""
    target, failed = bound or ("", None)
    hints, region_hints = split_by_region(goal_hints(round, [view.goal]).get(view.goal.pk, []))
    for row in view.rows:
        text = row.assessment.condensed_comment if row.assessment else ""
        row.form = failed if target == row.region.code else _form(row.region.code, text)
        row.hints = region_hints.get(row.region.pk, [])
    rcc_text = view.rcc_comment.text if view.rcc_comment else ""
    return {
        "round": round,
        "access": access,
        "view": view,
        "goal": view.goal,
        "goal_hints": hints,
        "editable": access.manage and round.state != round.State.PUBLISHED,
        "rcc_texts": access.reads_rcc_texts(round),
        "rcc_form": failed if target == RCC else _form(RCC, rcc_text),
        "matrix_url": matrix_url(request, round),
    }


@login_required
def goal_detail(request, pk, goal_pk):
    round, access, goal = get_round_goal_for_user(
        request.user, pk, goal_pk, manage=request.method == "POST"
    )
    if request.method == "POST":
        return _save(request, round, access, goal)
    return render(request, TEMPLATE, _context(request, round, access, goal_view(round, goal)))


def _save(request, round, access, goal):
    """Save one of the page's texts: a region's condensed comment, or the RCC's comment.

    Answers as the assessment page does: 400 for a text that is too long, 409 for one that
    someone else changed meanwhile, 403 once the round is published; the text is kept.
    """
    target = request.POST.get("target", "")
    view = goal_view(round, goal)
    rows = {row.region.code: row for row in view.rows if row.assessment}
    if target != RCC and target not in rows:
        messages.error(request, _("Okänd region."))
        return redirect(goal_url(round, goal.pk))
    form = CommentForm(request.POST, prefix=f"c-{target}")
    if not form.is_valid():
        return render(
            request, TEMPLATE, _context(request, round, access, view, (target, form)), status=400
        )
    try:
        if target == RCC:
            services.rcc_comment_save(
                round=round, goal=goal, user=request.user, **form.cleaned_data
            )
            done = _("RCC:s kommentar är sparad.")
        else:
            services.assessment_condense(
                assessment=rows[target].assessment, user=request.user, **form.cleaned_data
            )
            done = _("Den kondenserade kommentaren för %(region)s är sparad.") % {
                "region": rows[target].region
            }
    except EditConflict as conflict:
        prefix = f"c-{target}"
        form = CommentForm(
            rebased(request.POST, **{f"{prefix}-original": conflict.stored}), prefix=prefix
        )
        form.is_valid()
        form.add_error(None, conflict)
        context = {**_context(request, round, access, view, (target, form)), "conflict": conflict}
        return render(request, TEMPLATE, context, status=409)
    except ValidationError as exc:  # the round was published meanwhile
        messages.error(request, " ".join(exc.messages))
        return render(
            request, TEMPLATE, _context(request, round, access, view, (target, form)), status=403
        )
    messages.success(request, done)
    return redirect(goal_url(round, goal.pk, f"region-{target}"))
