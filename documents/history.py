"""Change batches: what one person's action wrote to the history, recognisable as one change.

Deleting an area deletes its goals, parts and activities too (and, through a goal, follow-up
assessments): each gets its own history record. Inside change_batch() every record gets the
same history_date and user, so the history page can show them as one change and a restore can
bring back the whole of what was deleted together. simple-history records single saves and
deletes through pre_create_historical_record (stamped below); bulk writes take batch_date() as
their default_date.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class _Batch:
    date: datetime
    user: object


_current: ContextVar[_Batch | None] = ContextVar("history_batch", default=None)


@contextmanager
def change_batch(user=None):
    """Every history record written inside shares one date and, where none is set, the user.

    A batch inside another is part of it.
    """
    if _current.get() is not None:
        yield _current.get().date
        return
    token = _current.set(_Batch(timezone.now(), user))
    try:
        yield _current.get().date
    finally:
        _current.reset(token)


def batch_date() -> datetime | None:
    """The current batch's date, for bulk_create_with_history(default_date=…)."""
    batch = _current.get()
    return batch.date if batch else None


def stamp_batch(sender, history_instance, **kwargs):
    """pre_create_historical_record receiver (connected in DocumentsConfig.ready)."""
    batch = _current.get()
    if batch is None:
        return
    history_instance.history_date = batch.date
    if history_instance.history_user_id is None and batch.user is not None:
        history_instance.history_user = batch.user
