"""The RCC's texts on a round: condensed comments and its own comment per goal."""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.concurrency import change_from, check_version
from plans.models import Goal

from ..models import Assessment, FollowUpRound, RccComment
from .base import check_not_published, normalise_text


@transaction.atomic
def assessment_condense(*, assessment: Assessment, text: str, original: str, user) -> Assessment:
    """Set the RCC's condensed version of a region's comment, unless it changed meanwhile."""
    assessment = (
        Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    )
    check_not_published(assessment.round)
    stored = normalise_text(assessment.condensed_comment)
    check_version(
        loaded=normalise_text(original),
        stored=stored,
        changes=lambda: [
            change_from(
                assessment.history.first(),
                field="condensed_comment",
                label=_("Kondenserad kommentar"),
                theirs=stored,
            )
        ],
        message=_(
            "Någon annan har ändrat den kondenserade kommentaren sedan du öppnade sidan. "
            "Din text är kvar i rutan; jämför och spara igen."
        ),
    )
    assessment.condensed_comment = normalise_text(text)
    assessment._history_user = user
    assessment.save(update_fields=["condensed_comment"])
    return assessment


@transaction.atomic
def rcc_comment_save(
    *, round: FollowUpRound, goal: Goal, text: str, original: str, user
) -> RccComment | None:
    """Set or clear the RCC's comment on a goal, unless it changed meanwhile."""
    check_not_published(round)
    comment = RccComment.objects.select_for_update().filter(round=round, goal=goal).first()
    stored = normalise_text(comment.text if comment else "")
    check_version(
        loaded=normalise_text(original),
        stored=stored,
        changes=lambda: [
            change_from(
                RccComment.history.filter(round=round, goal=goal).first(),
                field="rcc_comment",
                label=_("%(rcc)ss kommentar") % {"rcc": round.plan.healthcare_region.rcc_name},
                theirs=stored,
            )
        ],
        message=_(
            "Någon annan har ändrat RCC:s kommentar sedan du öppnade sidan. "
            "Din text är kvar i rutan; jämför och spara igen."
        ),
    )
    text = normalise_text(text)
    if not text:
        if comment:
            comment._history_user = user
            comment.delete()
        return None
    comment = comment or RccComment(round=round, goal=goal)
    comment.text = text
    comment._history_user = user
    comment.save()
    return comment
