"""What the follow-up services share: text normalising, the event log, the published lock."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.models import Region

from ..models import FollowUpRound, RoundEvent

State = FollowUpRound.State


def normalise_text(text: str) -> str:
    """Browsers post line breaks as CRLF and HTML turns them into LF; store and compare LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def log_event(
    round: FollowUpRound, action: str, user, region: Region | None = None, note: str = ""
) -> RoundEvent:
    return RoundEvent.objects.create(
        round=round, action=action, user=user, region=region, note=note
    )


def check_not_published(round: FollowUpRound) -> None:
    if round.state == State.PUBLISHED:
        raise ValidationError(
            _("Omgången är publicerad; rapportens texter kan inte längre ändras."),
            code="published",
        )
