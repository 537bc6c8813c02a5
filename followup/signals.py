"""What the follow-up tells other apps when a round or a report changes state; it does not
know who listens (the notifications app mails people).

A person's action (opening, submitting, returning, publishing) is told once it is committed
(send_on_commit): a change rolled back tells nobody, and a listener that fails is logged and
does not undo the change. A deadline reminder is told inside the reminders' transaction, so
that a listener's records commit with the Reminder that says the region was reminded today.
"""

import logging
from functools import partial

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# round (FollowUpRound), event (RoundEvent): a draft round was opened.
round_opened = Signal()
# report (RegionReport), event (RoundEvent): a region submitted its report.
report_submitted = Signal()
# report (RegionReport), event (RoundEvent), user: a coordinator returned a report.
report_returned = Signal()
# round (FollowUpRound), version (PublishedReport): a round was published (again).
round_published = Signal()
# report (RegionReport), reminder (Reminder), today (date): a region that has not submitted is
# reminded of the deadline (at most once a day, followup.Reminder). Sent in the transaction.
deadline_reminder = Signal()


def send_on_commit(signal: Signal, sender, **kwargs) -> None:
    transaction.on_commit(partial(_send_robust, signal, sender, kwargs))


def _send_robust(signal: Signal, sender, kwargs: dict) -> None:
    for receiver, response in signal.send_robust(sender=sender, **kwargs):
        if isinstance(response, Exception):
            logger.error("%s failed", receiver, exc_info=response)
