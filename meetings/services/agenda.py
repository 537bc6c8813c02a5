"""A coordinator's writes to a meeting: its details and state, its items in order with their
presenters, their decisions and the closing summary.

Each write locks the meeting (its items are numbered within it) and runs in one change batch,
so the history shows one entry per action with who and when.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.concurrency import check_history_version
from documents.history import change_batch

from ..models import AgendaItem, Decision, Meeting, Presenter, SteeringGroup, SummaryPoint

State = Meeting.State

# Which state a meeting may go to from which, and what the page then says.
TRANSITIONS = {
    (State.PLANNED, State.HELD): gettext_lazy("Mötet är markerat som genomfört."),
    (State.HELD, State.APPROVED): gettext_lazy("Protokollet är justerat."),
    (State.APPROVED, State.HELD): gettext_lazy("Protokollet är öppnat för rättelser."),
    (State.HELD, State.PLANNED): gettext_lazy("Mötet är åter planerat."),
}


def _locked(meeting: Meeting) -> Meeting:
    """The meeting as stored now, locked; gone if someone deleted it meanwhile."""
    locked = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if locked is None:
        raise ValidationError(_("Mötet finns inte längre."), code="gone")
    return locked


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def meeting_create(*, group: SteeringGroup, details: dict, user) -> Meeting:
    with change_batch(user):
        return _saved(Meeting(group=group, state=State.PLANNED, **details))


@transaction.atomic
def meeting_update(*, meeting: Meeting, details: dict, version: int, user) -> Meeting:
    """Save a meeting's details over the version the person loaded (EditConflict if someone
    else changed one of the same fields since)."""
    with change_batch(user):
        meeting = _locked(meeting)
        check_history_version(meeting, loaded=version, fields=details)
        changed = {k: v for k, v in details.items() if getattr(meeting, k) != v}
        if not changed:
            return meeting
        for name, value in changed.items():
            setattr(meeting, name, value)
        return _saved(meeting)


@transaction.atomic
def meeting_set_state(*, meeting: Meeting, state: str, user) -> Meeting:
    """Move a meeting along planned → held → minutes approved (or one step back for a
    correction). A meeting is held at the earliest on its day. The meeting's state as given
    is the one the person saw: if someone changed it meanwhile, nothing changes."""
    seen = meeting.state
    with change_batch(user):
        meeting = _locked(meeting)
        if meeting.state != seen:
            raise ValidationError(
                _("Någon har just ändrat mötets status; det är nu %(state)s.")
                % {"state": meeting.get_state_display().lower()},
                code="state",
            )
        if (meeting.state, state) not in TRANSITIONS:
            raise ValidationError(
                _("Mötet är %(state)s och kan inte få den statusen.")
                % {"state": meeting.get_state_display().lower()},
                code="state",
            )
        if state == State.HELD and meeting.date > timezone.localdate():
            raise ValidationError(
                _("Mötet kan markeras som genomfört tidigast på mötesdagen."), code="state"
            )
        meeting.state = state
        meeting.save(update_fields=["state"])
        return meeting


def _next_number(meeting: Meeting) -> int:
    last = meeting.items.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _set_presenters(item: AgendaItem, people) -> None:
    chosen = {person.pk for person in people}
    links = {link.person_id: link for link in item.presenter_links.order_by("order", "pk")}
    # Presenters already named keep their order (the minutes' order); new ones follow.
    wanted = [pk for pk in links if pk in chosen] + sorted(chosen - links.keys())
    for person_id, link in links.items():
        if person_id not in wanted:
            link.delete()
    for position, person_id in enumerate(wanted, start=1):
        link = links.get(person_id)
        if link is None:
            Presenter.objects.create(item=item, person_id=person_id, order=position)
        elif link.order != position:
            link.order = position
            link.save(update_fields=["order"])


@transaction.atomic
def item_create(*, meeting: Meeting, fields: dict, presenters, user) -> AgendaItem:
    """A new item at the end of the agenda."""
    with change_batch(user):
        meeting = _locked(meeting)
        item = _saved(AgendaItem(meeting=meeting, number=_next_number(meeting), **fields))
        _set_presenters(item, presenters)
        return item


@transaction.atomic
def item_update(*, item: AgendaItem, fields: dict, presenters, version: int, user) -> AgendaItem:
    with change_batch(user):
        _locked(item.meeting)
        item = AgendaItem.objects.filter(pk=item.pk).first()
        if item is None:
            raise ValidationError(_("Punkten finns inte längre."), code="gone")
        check_history_version(item, loaded=version, fields=fields)
        changed = {k: v for k, v in fields.items() if getattr(item, k) != v}
        for name, value in changed.items():
            setattr(item, name, value)
        if changed:
            _saved(item)
        _set_presenters(item, presenters)
        return item


@transaction.atomic
def item_move(*, item: AgendaItem, up: bool, user) -> AgendaItem:
    """Swap an item with its neighbour above or below; the first stays first."""
    with change_batch(user):
        meeting = _locked(item.meeting)
        item = meeting.items.filter(pk=item.pk).first()
        if item is None:
            raise ValidationError(_("Punkten finns inte längre."), code="gone")
        if up:
            other = meeting.items.filter(number__lt=item.number).order_by("-number").first()
        else:
            other = meeting.items.filter(number__gt=item.number).order_by("number").first()
        if other is None:
            return item
        mine, theirs = item.number, other.number
        # Numbers are unique within the meeting: park this item past the end first (the
        # parking is no change anyone made, so it leaves no history).
        AgendaItem.objects.filter(pk=item.pk).update(number=_next_number(meeting))
        other.number = mine
        other.save(update_fields=["number"])
        item.number = theirs
        item.save(update_fields=["number"])
        return item


@transaction.atomic
def item_delete(*, item: AgendaItem, user) -> None:
    """Delete an item with its presenters and decisions; the items after it move up."""
    with change_batch(user):
        meeting = _locked(item.meeting)
        item = meeting.items.filter(pk=item.pk).first()
        if item is None:
            return
        number = item.number
        item.delete()
        for later in meeting.items.filter(number__gt=number).order_by("number"):
            later.number -= 1
            later.save(update_fields=["number"])


@transaction.atomic
def decision_create(*, item: AgendaItem, fields: dict, user) -> Decision:
    with change_batch(user):
        _locked(item.meeting)
        last = item.decisions.order_by("-order").values_list("order", flat=True).first()
        return _saved(Decision(item=item, order=(last or 0) + 1, **fields))


@transaction.atomic
def decision_update(*, decision: Decision, fields: dict, version: int, user) -> Decision:
    with change_batch(user):
        _locked(decision.item.meeting)
        decision = Decision.objects.filter(pk=decision.pk).first()
        if decision is None:
            raise ValidationError(_("Beslutet finns inte längre."), code="gone")
        check_history_version(decision, loaded=version, fields=fields)
        changed = {k: v for k, v in fields.items() if getattr(decision, k) != v}
        if not changed:
            return decision
        for name, value in changed.items():
            setattr(decision, name, value)
        return _saved(decision)


@transaction.atomic
def decision_delete(*, decision: Decision, user) -> None:
    with change_batch(user):
        _locked(decision.item.meeting)
        Decision.objects.filter(pk=decision.pk).delete()


@transaction.atomic
def summary_set(*, meeting: Meeting, points: list[str], user) -> None:
    """The closing summary as these points, in order: points that stay the same are kept,
    changed ones saved, extra ones deleted."""
    with change_batch(user):
        meeting = _locked(meeting)
        existing = list(meeting.summary_points.order_by("order"))
        for position, text in enumerate(points, start=1):
            point = existing[position - 1] if position <= len(existing) else None
            if point is None:
                _saved(SummaryPoint(meeting=meeting, order=position, text=text))
            elif point.text != text:
                point.text = text
                _saved(point)
        for point in existing[len(points) :]:
            point.delete()
