"""What the follow-up services share: text normalising, the event log, conflicts."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.models import Goal
from registry.models import Region

from ..models import FollowUpRound, RoundEvent

State = FollowUpRound.State


@dataclass(frozen=True)
class Change:
    """Something another person saved after this person opened the form."""

    goal: Goal
    field: str  # "level" or "comment"
    theirs: str
    by: object  # the user, or None
    at: datetime | None


class ReportConflict(Exception):
    def __init__(self, changes: list[Change]):
        self.changes = changes
        super().__init__(f"{len(changes)} changes saved by someone else")


def normalise_text(text: str) -> str:
    """Browsers post line breaks as CRLF and HTML turns them into LF; store and compare LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def log_event(
    round: FollowUpRound, action: str, user, region: Region | None = None, note: str = ""
):
    RoundEvent.objects.create(round=round, action=action, user=user, region=region, note=note)


def check_not_published(round: FollowUpRound) -> None:
    if round.state == State.PUBLISHED:
        raise ValidationError(
            _("Omgången är publicerad; rapportens texter kan inte längre ändras."),
            code="published",
        )
