"""What the follow-up answers when the plans it is built on change."""

from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import Rendering

from .models import FollowUpRound, PublishedReport
from .services.published import drop_rendering, published_report_keep_pdf


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
    """A published version's PDF, laid out by the worker, is kept with the version
    (post_save of documents.Rendering); a rendering of a version deleted meanwhile goes."""
    pk = PublishedReport.pk_from_rendering_key(instance.key)
    if pk is None or instance.state != Rendering.State.READY:
        return
    report = PublishedReport.objects.filter(pk=pk).first()
    if report is None:
        transaction.on_commit(partial(drop_rendering, instance.key))
        return
    published_report_keep_pdf(report=report, content=bytes(instance.content))


def delete_published_files(sender, instance: PublishedReport, **kwargs):
    """A deleted version (with its round, say) leaves no file behind and no rendering queued.

    The files go once the deletion is committed: a deletion rolled back keeps them."""
    drop_rendering(instance.rendering_key)
    names = [field.name for field in (instance.html, instance.pdf) if field]
    transaction.on_commit(partial(_delete_files, names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
