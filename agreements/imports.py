"""Loading transcribed agreements and plan links from their TOML files (fixtures/agreements/;
the format is described at the top of each file and in fixtures/README.md)."""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.history import change_batch
from plans.models import Activity, Plan

from .models import ActivityLink, Agreement, Appendix, Area, Initiative


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def agreement_import_file(*, path: Path, user=None) -> str:
    return agreement_import(data=tomllib.loads(path.read_text(encoding="utf-8")), user=user)


@transaction.atomic
def agreement_import(*, data: dict, user=None) -> str:
    """One year's agreement with its appendices, areas and initiatives, unless that year is
    already there (then nothing changes). An initiative that `continues` one of an earlier
    year keeps its identity (lineage)."""
    head = data["agreement"]
    if Agreement.objects.filter(year=head["year"]).exists():
        return _("Överenskommelsen %(year)s finns redan, oförändrad.") % {"year": head["year"]}
    with change_batch(user):
        agreement = _saved(
            Agreement(
                year=head["year"],
                title=head.get("title", ""),
                parties=head.get("parties", ""),
                amount_kronor=head.get("amount_kronor"),
                introduction=head.get("introduction", "").strip(),
                state=Agreement.State.SIGNED,
                source=head.get("source", ""),
            )
        )
        for order, entry in enumerate(data.get("appendix", []), start=1):
            _saved(Appendix(agreement=agreement, order=order, title=entry["title"]))
        areas = {}
        for order, entry in enumerate(data.get("area", []), start=1):
            areas[entry["ref"]] = _saved(
                Area(
                    agreement=agreement,
                    ref=entry["ref"],
                    order=order,
                    title=entry["title"],
                    text=entry.get("text", "").strip(),
                )
            )
        initiatives: dict[str, Initiative] = {}
        for order, entry in enumerate(data.get("initiative", []), start=1):
            initiative = Initiative(
                agreement=agreement,
                area=areas[entry["area"]],
                parent=initiatives[entry["parent"]] if entry.get("parent") else None,
                ref=entry["ref"],
                order=order,
                title=entry["title"],
                text=entry.get("text", "").strip(),
            )
            if entry.get("continues"):
                initiative.lineage = _earlier(agreement.year, entry["continues"]).lineage
            initiatives[entry["ref"]] = _saved(initiative)
    return _("Överenskommelsen %(year)s: %(areas)s områden, %(n)s insatser, %(a)s bilagor.") % {
        "year": agreement.year,
        "areas": len(areas),
        "n": len(initiatives),
        "a": len(data.get("appendix", [])),
    }


def _earlier(year: int, ref: str) -> Initiative:
    earlier = (
        Initiative.objects.filter(agreement__year__lt=year, ref=ref)
        .order_by("-agreement__year")
        .first()
    )
    if earlier is None:
        raise ValidationError(_("Insatsen %(ref)s från ett tidigare år finns inte.") % {"ref": ref})
    return earlier


def links_import_file(*, path: Path, user=None) -> str:
    return links_import(data=tomllib.loads(path.read_text(encoding="utf-8")), user=user)


@transaction.atomic
def links_import(*, data: dict, user=None) -> str:
    """Links from a plan's activities, each found by its table, the start of its goal and the
    start of its "Vad ska göras?", to initiatives of a year's agreement. Links that exist are
    left; none is removed."""
    plan = Plan.objects.get(slug=data["plan"])
    initiatives = {
        i.ref: i for i in Initiative.objects.filter(agreement__year=data["agreement_year"])
    }
    activities = list(Activity.objects.filter(goal__area__plan=plan).select_related("goal__area"))
    created = 0
    with change_batch(user):
        for entry in data.get("link", []):
            activity = _activity(activities, entry)
            _link, made = ActivityLink.objects.get_or_create(
                activity=activity, initiative=initiatives[entry["initiative"]]
            )
            created += made
    return _("%(plan)s: %(n)s nya kopplingar till insatser.") % {"plan": plan, "n": created}


def _activity(activities: list[Activity], entry: dict) -> Activity:
    found = [
        a
        for a in activities
        if a.goal.area.number == entry["table"]
        and a.goal.text.startswith(entry["goal"])
        and a.what.startswith(entry["activity"])
    ]
    if len(found) != 1:
        raise ValidationError(
            _("Raden «%(what)s» i tabell %(table)s hittades %(n)s gånger.")
            % {"what": entry["activity"], "table": entry["table"], "n": len(found)}
        )
    return found[0]
