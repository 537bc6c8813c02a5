"""Rows of a plan edited in place: areas, goals (with their parts), activities, chapters and
abbreviations, added, changed, reordered, moved and deleted one at a time by the plan's owners.
"""

from registry.models import Body

from ..formats import bodies_named_in
from ..models import Activity, Plan


def activities_link_bodies(activities: list[Activity], *, plan: Plan) -> None:
    """Link saved activities again to the bodies their Vem? and Ansvarig name, in bulk.

    The links are derived from the texts (whose history is kept), so an edit or a restore of
    the texts derives them again rather than keeping links of its own.
    """
    bodies = list(Body.objects.usable_in(plan.healthcare_region))
    ids = [activity.pk for activity in activities]
    for relation, text in (
        (Activity.who_bodies, "who"),
        (Activity.responsible_bodies, "responsible"),
    ):
        through = relation.through
        through.objects.filter(activity_id__in=ids).delete()
        through.objects.bulk_create(
            through(activity_id=activity.pk, body_id=body.pk)
            for activity in activities
            for body in bodies_named_in(getattr(activity, text), bodies)
        )
