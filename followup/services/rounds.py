"""A round's life: created, opened, closed, reopened, published; its deadline and texts."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.concurrency import change_from, check_version
from plans.models import Goal, Plan
from registry.models import Region

from ..models import Assessment, FollowUpRound, RegionReport, RoundEvent
from ..signals import round_opened, round_published, send_on_commit
from .base import State, log_event, normalise_text
from .published import published_report_store

TRANSITIONS = {
    RoundEvent.Action.OPENED: ((State.DRAFT,), State.OPEN),
    RoundEvent.Action.CLOSED: ((State.OPEN,), State.CLOSED),
    # A published round reopened for corrections keeps what was published (PublishedReport)
    # and is published again as a new version.
    RoundEvent.Action.REOPENED: ((State.CLOSED, State.PUBLISHED), State.OPEN),
    RoundEvent.Action.PUBLISHED: ((State.CLOSED,), State.PUBLISHED),
}


@transaction.atomic
def round_create(
    *,
    plan: Plan,
    year: int,
    opens_on: date,
    deadline: date,
    user,
    regions: list[Region] | None = None,
    introduction: str = "",
) -> FollowUpRound:
    """Create a draft round with a report per region (default: the plan's healthcare region's)."""
    round = FollowUpRound(
        plan=plan, year=year, opens_on=opens_on, deadline=deadline, introduction=introduction
    )
    round.full_clean()
    round.save()
    if regions is None:
        if plan.owner_region_id:
            regions = [plan.owner_region]
        else:
            regions = list(plan.healthcare_region.regions.all())
    round.regions.set(regions)
    reports = [RegionReport(round=round, region=region) for region in regions]
    bulk_create_with_history(reports, RegionReport, default_user=user)
    log_event(round, RoundEvent.Action.CREATED, user)
    return round


@transaction.atomic
def round_transition(*, round: FollowUpRound, action: str, user) -> FollowUpRound:
    """Open, close, reopen or publish a round, if its state allows it; log who and when.

    Publishing stores the report as it is now, as the round's next published version
    (published_report_store), in the same transaction.
    """
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    sources, target = TRANSITIONS[action]
    if round.state not in sources:
        raise ValidationError(
            _("Omgången är %(state)s och kan inte %(action)s.")
            % {"state": round.get_state_display().lower(), "action": _verb(action)},
            code="invalid_transition",
        )
    if action == RoundEvent.Action.OPENED:
        create_missing_assessments(round, user)
    round.state = target
    round._history_user = user
    round.save(update_fields=["state"])
    event = log_event(round, action, user)
    if action == RoundEvent.Action.OPENED:
        send_on_commit(round_opened, FollowUpRound, round=round, event=event)
    if action == RoundEvent.Action.PUBLISHED:
        version = published_report_store(round=round, user=user, published_at=event.at)
        send_on_commit(round_published, FollowUpRound, round=round, version=version)
    return round


def _verb(action: str) -> str:
    return {
        RoundEvent.Action.OPENED: _("öppnas"),
        RoundEvent.Action.CLOSED: _("stängas"),
        RoundEvent.Action.REOPENED: _("öppnas igen"),
        RoundEvent.Action.PUBLISHED: _("publiceras"),
    }[action]


def create_missing_assessments(round: FollowUpRound, user=None) -> None:
    """A blank assessment for every goal and participating region that has none, in bulk.

    A national round (300 goals × 21 regions) opens with 6,300 rows: one insert and one insert
    of their history, not one round trip each.
    """
    goals = list(Goal.objects.filter(area__plan_id=round.plan_id).values_list("pk", flat=True))
    regions = list(round.regions.values_list("pk", flat=True))
    existing = set(round.assessments.values_list("region_id", "goal_id"))
    missing = [
        Assessment(round=round, region_id=region_id, goal_id=goal_id)
        for region_id in regions
        for goal_id in goals
        if (region_id, goal_id) not in existing
    ]
    bulk_create_with_history(missing, Assessment, batch_size=1_000, default_user=user)


@transaction.atomic
def round_set_deadline(*, round: FollowUpRound, deadline: date, user) -> FollowUpRound:
    """Move the deadline, unless the round was published meanwhile (checked under its lock)."""
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    if round.state == State.PUBLISHED:
        raise ValidationError(_("En publicerad omgång kan inte få ny sista dag."), code="published")
    old = round.deadline
    round.deadline = deadline
    round._history_user = user
    round.full_clean()
    round.save(update_fields=["deadline"])
    log_event(round, RoundEvent.Action.DEADLINE, user, note=f"{old:%Y-%m-%d} → {deadline:%Y-%m-%d}")
    return round


@transaction.atomic
def round_update_texts(
    *, round: FollowUpRound, introduction: str, summary: str, original: dict, user
) -> FollowUpRound:
    """Save the round's introduction and summary unless someone else changed them meanwhile."""
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    labels = {"introduction": _("Inledning"), "summary": _("Sammanfattning")}
    stored = {name: normalise_text(getattr(round, name)) for name in labels}
    loaded = {name: normalise_text(original[name]) for name in labels}

    def changes():
        record = round.history.first()
        return [
            change_from(record, field=name, label=label, theirs=stored[name])
            for name, label in labels.items()
            if stored[name] != loaded[name]
        ]

    check_version(
        loaded=loaded,
        stored=stored,
        changes=changes,
        message=_(
            "Någon annan har ändrat texterna sedan du öppnade sidan. Dina ändringar är "
            "inte sparade; jämför med den sparade texten ovan och spara igen."
        ),
    )
    round.introduction, round.summary = normalise_text(introduction), normalise_text(summary)
    round._history_user = user
    round.save(update_fields=["introduction", "summary"])
    return round
