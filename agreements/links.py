"""Which plan activities carry out which initiatives: setting an activity's links, reading a
whole plan's at once, and the plan spreadsheet's column Insats (registered with plans.columns
in AgreementsConfig.ready).

A cell of the column Insats holds references separated by commas or line breaks, e.g.
"2.3, 4.1". A plain reference is an initiative of the plan's agreement: the latest agreement
whose year lies in the plan's period (or, before that one is signed, the latest before it).
"2024:2.3" names another year's initiative explicitly; the export writes a link to another
year's initiative that way.
"""

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Q, When
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.history import batch_date, change_batch
from plans.models import Activity, Plan

from .models import ActivityLink, Agreement, Initiative
from .permissions import may_link_plan

SEPARATORS = re.compile(r"[,;\n]")
REFERENCE = re.compile(r"^(?:((?:19|20)\d{2})\s*:\s*)?(\S{1,20})$")


def agreements_for_plan(plan: Plan) -> list[Agreement]:
    """The agreements a plan's rows carry out, latest first: those of the years of its
    period; for a plan whose period has none yet (next year's, written before its agreement
    is signed), the latest one before it."""
    in_period = Agreement.objects.filter(year__gte=plan.first_year, year__lte=plan.last_year)
    found = list(in_period.order_by("-year"))
    if not found:
        earlier = Agreement.objects.filter(year__lt=plan.first_year).order_by("-year").first()
        found = [earlier] if earlier else []
    return found


def agreement_for_plan(plan: Plan) -> Agreement | None:
    """The agreement a plan's plain references (Insats "2.3") name: the latest of
    agreements_for_plan. One query."""
    return (
        Agreement.objects.filter(year__lte=plan.last_year)
        .order_by(Case(When(year__gte=plan.first_year, then=0), default=1), "-year")
        .first()
    )


def links_by_activity(plan: Plan) -> dict[int, list[Initiative]]:
    """The initiatives each of the plan's activities is linked to, in the agreements' order
    (latest year first, then the initiatives' order), in one query. Each initiative has its
    agreement."""
    links = (
        ActivityLink.objects.filter(activity__goal__area__plan=plan)
        .select_related("initiative__agreement")
        .order_by("-initiative__agreement__year", "initiative__order")
    )
    found: dict[int, list[Initiative]] = defaultdict(list)
    for link in links:
        found[link.activity_id].append(link.initiative)
    return dict(found)


@transaction.atomic
def activity_links_set(
    *,
    activity: Activity,
    initiatives: Iterable[Initiative],
    user,
    agreement: Agreement | None = None,
) -> tuple[int, int]:
    """Link the activity to exactly these initiatives; with `agreement`, only its links to that
    agreement's initiatives are replaced and those to other years' stay. Only what changes is
    written, as one change of the history. Returns (added, removed)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    return _set_links({activity.pk: {i.pk for i in initiatives}}, user=user, agreement=agreement)


def _set_links(
    wanted: dict[int, set[int]], *, user, agreement: Agreement | None = None
) -> tuple[int, int]:
    """Set the links of these activities (id -> initiative ids) in three queries and a history
    record per removed link; returns (added, removed)."""
    current = ActivityLink.objects.filter(activity_id__in=wanted)
    if agreement is not None:
        current = current.filter(initiative__agreement=agreement)
    now: dict[int, set[int]] = defaultdict(set)
    removed: list[int] = []
    for pk, activity_id, initiative_id in current.values_list("pk", "activity_id", "initiative_id"):
        now[activity_id].add(initiative_id)
        if initiative_id not in wanted[activity_id]:
            removed.append(pk)
    added = [
        ActivityLink(activity_id=activity_id, initiative_id=initiative_id)
        for activity_id, initiative_ids in wanted.items()
        for initiative_id in sorted(initiative_ids - now[activity_id])
    ]
    with change_batch(user):
        if removed:
            ActivityLink.objects.filter(pk__in=removed).delete()  # a deletion record each
        if added:
            bulk_create_with_history(
                added, ActivityLink, default_user=user, default_date=batch_date()
            )
    return len(added), len(removed)


# The plan spreadsheet's column Insats (plans.columns).


def split_references(text: str) -> list[str]:
    """A cell's references, in order, each once: "2.3, 4.1" or one per line."""
    found = []
    for part in SEPARATORS.split(text or ""):
        part = " ".join(part.split())
        if part and part not in found:
            found.append(part)
    return found


def _resolve(plan: Plan, cells: dict) -> tuple[dict, dict]:
    """Each cell's initiative ids, and a Swedish message for each cell that names something
    unknown, keyed like `cells`. Two queries, whatever the number of cells."""
    agreement = agreement_for_plan(plan)
    parsed: dict = {}
    errors: dict = {}
    wanted = Q(pk__in=[])
    for key, text in cells.items():
        references = []
        for part in split_references(text):
            match = REFERENCE.match(part)
            if match is None:
                errors[key] = _("«%(ref)s» är ingen referens till en insats, t.ex. 2.3.") % {
                    "ref": part
                }
                break
            year = int(match[1]) if match[1] else None
            references.append((part, year, match[2]))
            if year is not None:
                wanted |= Q(agreement__year=year, ref=match[2])
            elif agreement is not None:
                wanted |= Q(agreement=agreement, ref=match[2])
        parsed[key] = references
    known = {
        (year, ref): pk
        for pk, year, ref in Initiative.objects.filter(wanted).values_list(
            "pk", "agreement__year", "ref"
        )
    }
    resolved: dict = {}
    for key, references in parsed.items():
        if key in errors:
            continue
        ids = set()
        for _part, year, ref in references:
            pk = known.get((year or (agreement.year if agreement else None), ref))
            if pk is not None:
                ids.add(pk)
            elif year is None and agreement is None:
                errors[key] = _(
                    "Det finns ingen överenskommelse för planens period (%(period)s). Skriv "
                    "årtalet framför referensen, t.ex. 2024:%(ref)s."
                ) % {"period": plan.period, "ref": ref}
                break
            else:
                errors[key] = _("Överenskommelsen %(year)s har ingen insats %(ref)s.") % {
                    "year": year or agreement.year,
                    "ref": ref,
                }
                break
        resolved[key] = ids
    return resolved, errors


def insats_export(plan: Plan) -> dict[int, str]:
    """Each linked activity's cell: its references, another year's with that year. Two
    queries."""
    agreement = agreement_for_plan(plan)
    cells = {}
    for activity_id, initiatives in links_by_activity(plan).items():
        cells[activity_id] = ", ".join(
            initiative.ref
            if agreement and initiative.agreement_id == agreement.pk
            else f"{initiative.agreement.year}:{initiative.ref}"
            for initiative in initiatives
        )
    return cells


def insats_validate(plan: Plan, cells: dict[int, str]) -> dict[int, str]:
    """A message for each file row (number -> cell) that names an unknown initiative."""
    return _resolve(plan, cells)[1]


def insats_apply(plan: Plan, cells: dict[int, str], user) -> None:
    """Link each activity (by id) to exactly the initiatives its cell names (an empty cell:
    none). Raises ValueError on a cell validation would have refused."""
    resolved, errors = _resolve(plan, cells)
    if errors:
        raise ValueError(errors)
    _set_links(resolved, user=user)


def insats_refusal(plan: Plan, user) -> str | None:
    """Why the user may not set the plan's links from its file, as the page does not let them
    either (may_link_plan): a region's planner changes the rest of their local plan, while the
    RCC's coordinators link its rows to initiatives."""
    if may_link_plan(user, plan):
        return None
    return _(
        "Bara samordnarna på %(rcc)s kopplar planens aktiviteter till insatser. Ta bort "
        "kolumnen Insats ur filen, eller lämna den som planens export har den."
    ) % {"rcc": plan.healthcare_region.rcc_name}


def insats_same(stored: str, wanted: str) -> bool:
    """Whether a cell asks for the links the activity has (order and spacing aside)."""
    return set(split_references(stored)) == set(split_references(wanted))
