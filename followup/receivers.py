"""What the follow-up answers when the plans it is built on change."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import FollowUpRound


def refuse_deleting_assessed_goals(sender, goals, **kwargs):
    """A goal that an open round assesses stays until the round is closed (plans.signals)."""
    rounds = FollowUpRound.objects.filter(
        state=FollowUpRound.State.OPEN, assessments__goal__in=goals
    ).distinct()
    names = [str(round) for round in rounds.select_related("plan")]
    if names:
        raise ValidationError(
            _(
                "Det går inte att ta bort nu: målet bedöms i %(rounds)s, som är öppen. "
                "Det kan tas bort när omgången är stängd."
            )
            % {"rounds": ", ".join(names)},
            code="assessed",
        )
