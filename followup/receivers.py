"""What the follow-up answers when the plans it is built on change."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import Rendering

from .models import FollowUpRound, PublishedRegionReport, PublishedReport
from .services.published import (
    delete_files,
    drop_rendering,
    published_region_report_keep_pdf,
    published_report_keep_pdf,
)


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


def keep_published_pdf(sender, instance: Rendering, **kwargs):
    """A published version's PDF, or a published region's report's, laid out by the worker,
    is kept with it (post_save of documents.Rendering); a rendering of one deleted meanwhile
    goes."""
    if instance.state != Rendering.State.READY:
        return
    for model, keep in (
        (PublishedReport, published_report_keep_pdf),
        (PublishedRegionReport, published_region_report_keep_pdf),
    ):
        pk = model.pk_from_rendering_key(instance.key)
        if pk is None:
            continue
        report = model.objects.filter(pk=pk).first()
        if report is None:
            transaction.on_commit(partial(drop_rendering, instance.key))
            return
        keep(report=report, content=bytes(instance.content))
        return


def delete_published_files(sender, instance: PublishedReport | PublishedRegionReport, **kwargs):
    """A deleted version, or region's report of one (with its round, say), leaves no file
    behind and no rendering queued.

    The files go once the deletion is committed: a deletion rolled back keeps them."""
    drop_rendering(instance.rendering_key)
    names = [field.name for field in (instance.html, instance.pdf) if field]
    transaction.on_commit(partial(delete_files, names))
