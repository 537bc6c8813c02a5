"""Decisions followed up: marked done where they were reported back, or opened again."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.history import change_batch
from followup.services.base import normalise_text

from ..models import SHORT_TEXT_MAX, Decision, Meeting


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("item__meeting")
        .get(pk=decision.pk)
    )


@transaction.atomic
def decision_mark_done(
    *,
    decision: Decision,
    user,
    done_on: date,
    followed_up_at: Meeting | None = None,
    note: str = "",
) -> Decision:
    """Record that an open decision is done: when, and the meeting where it was followed up
    and/or a note (one of the two at least, as the minutes need something to point to)."""
    note = normalise_text(note)
    with change_batch(user):
        decision = _locked(decision)
        if not decision.is_open:
            raise ValidationError(
                _("Beslutet är redan markerat som klart (%(date)s).")
                % {"date": decision.done_on.isoformat()},
                code="already_done",
            )
        group_id = decision.item.meeting.group_id
        if followed_up_at is not None and followed_up_at.group_id != group_id:
            raise ValidationError(
                _("Välj ett av gruppens egna möten."), code="followed_up_elsewhere"
            )
        if followed_up_at is None and not note:
            raise ValidationError(
                _("Ange vid vilket möte beslutet återkopplades, eller skriv en anteckning."),
                code="follow_up_required",
            )
        if len(note) > SHORT_TEXT_MAX:
            raise ValidationError(
                _("Anteckningen får vara högst %(limit)s tecken; den har %(length)s.")
                % {"limit": SHORT_TEXT_MAX, "length": len(note)},
                code="note_too_long",
            )
        if done_on < decision.item.meeting.date:
            raise ValidationError(
                _("Beslutet fattades %(date)s; det kan inte ha blivit klart före det.")
                % {"date": decision.item.meeting.date.isoformat()},
                code="done_before_decided",
            )
        decision.done_on = done_on
        decision.followed_up_at = followed_up_at
        decision.done_note = note
        decision.full_clean()
        decision._history_user = user
        decision.save()
    return decision


@transaction.atomic
def decision_reopen(*, decision: Decision, user) -> Decision:
    """Open a decision marked done by mistake again; its follow-up is cleared (the history
    keeps it)."""
    with change_batch(user):
        decision = _locked(decision)
        if decision.is_open:
            raise ValidationError(_("Beslutet är redan öppet."), code="already_open")
        decision.done_on = None
        decision.followed_up_at = None
        decision.done_note = ""
        decision.full_clean()
        decision._history_user = user
        decision.save()
    return decision
