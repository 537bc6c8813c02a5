"""Writes to agreements. Agreements are edited in the Django admin; what takes more than one
form is here."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.history import batch_date, change_batch

from .models import Agreement, Appendix, Area, Initiative


@transaction.atomic
def agreement_copy(*, agreement: Agreement, year: int, user) -> Agreement:
    """The agreement's structure as a draft of another year: next year's starting point.

    1. Refuse a year that has an agreement already (and one out of range).
    2. Make the draft: the same title and parties; the amount, introduction and source are the
       year's own and start empty.
    3. Copy the areas (their texts emptied), then the initiatives level by level, so that each
       sub-initiative finds its copied parent: the same refs, order and lineage, so that a
       continuing initiative keeps its identity; the national texts, which are written per
       year, emptied. No activity links: plans link to the new year's initiatives themselves.
    4. Copy the appendices' titles, without their files.
    """
    if Agreement.objects.filter(year=year).exists():
        raise ValidationError(
            _("Det finns redan en överenskommelse för %(year)s.") % {"year": year}, code="exists"
        )
    with change_batch(user):
        copy = Agreement(
            year=year,
            title=agreement.title,
            parties=agreement.parties,
            state=Agreement.State.DRAFT,
        )
        copy.full_clean()
        try:
            with transaction.atomic():
                copy.save()
        except IntegrityError as exc:  # made by someone else a moment ago
            raise ValidationError(
                _("Det finns redan en överenskommelse för %(year)s.") % {"year": year},
                code="exists",
            ) from exc
        history = {"default_user": user, "default_date": batch_date()}
        areas = _bulk(
            [
                Area(agreement=copy, ref=area.ref, order=area.order, title=area.title)
                for area in Area.objects.filter(agreement=agreement).order_by("order")
            ],
            Area,
            history,
        )
        area_of = {area.ref: area for area in areas}
        _copy_initiatives(agreement, copy, area_of, history)
        _bulk(
            [
                Appendix(agreement=copy, order=appendix.order, title=appendix.title)
                for appendix in Appendix.objects.filter(agreement=agreement).order_by("order")
            ],
            Appendix,
            history,
        )
    return copy


def _copy_initiatives(agreement: Agreement, copy: Agreement, area_of: dict, history: dict) -> None:
    """Each level in one insert: the roots, then their children, and so on."""
    initiatives = list(Initiative.objects.filter(agreement=agreement).select_related("area"))
    copied: dict[int, Initiative] = {}  # the original's pk → its copy
    level = [initiative for initiative in initiatives if initiative.parent_id is None]
    while level:
        made = _bulk(
            [
                Initiative(
                    agreement=copy,
                    area=area_of[initiative.area.ref],
                    parent=copied.get(initiative.parent_id),
                    ref=initiative.ref,
                    order=initiative.order,
                    title=initiative.title,
                    lineage=initiative.lineage,
                )
                for initiative in level
            ],
            Initiative,
            history,
        )
        copied.update(zip([initiative.pk for initiative in level], made, strict=True))
        ids = {initiative.pk for initiative in level}
        level = [initiative for initiative in initiatives if initiative.parent_id in ids]


def _bulk(rows: list, model, history: dict) -> list:
    return bulk_create_with_history(rows, model, **history) if rows else []
