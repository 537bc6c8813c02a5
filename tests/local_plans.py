"""A generated local plan: the demo has none (the seeds hold no local plan of a Norr region)."""

from django.contrib.auth import get_user_model

from plans.models import Activity, Area, Goal, Plan
from registry.models import Membership, Region


def build_local_plan(
    *,
    region: str,
    parent: Plan,
    parent_goals: list[Goal] | None = None,
    goals_per_parent: int = 1,
    activities_per_goal: int = 1,
    status: str = Plan.Status.APPROVED,
    slug: str | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> Plan:
    """A local plan of the region (by code) built on the cancer plan: for each of
    `parent_goals` (default: all of the cancer plan's goals) `goals_per_parent` local goals
    linked to it, under an area restating the cancer plan's, each with its activities."""
    owner = Region.objects.get(code=region)
    plan = Plan.objects.create(
        slug=slug or f"{region.lower()}-lokal",
        title=f"Lokal handlingsplan {owner.name}",
        kind=Plan.Kind.LOCAL_PLAN,
        owner_region=owner,
        parent=parent,
        first_year=first_year or parent.first_year,
        last_year=last_year or parent.last_year,
        status=status,
    )
    if parent_goals is None:
        parent_goals = list(
            Goal.objects.filter(area__plan=parent)
            .select_related("area")
            .order_by("area__order", "order")
        )
    areas: dict[int, Area] = {}
    orders: dict[int, int] = {}
    for parent_goal in parent_goals:
        if parent_goal.area_id not in areas:
            areas[parent_goal.area_id] = Area.objects.create(
                plan=plan,
                number=parent_goal.area.number,
                title=parent_goal.area.title,
                order=len(areas) + 1,
            )
        area = areas[parent_goal.area_id]
        for n in range(1, goals_per_parent + 1):
            orders[area.pk] = orders.get(area.pk, 0) + 1
            goal = Goal.objects.create(
                area=area,
                number=f"{parent_goal.number}.{n}",
                text=f"{owner.code}: lokalt mål {n} till {parent_goal.number}",
                order=orders[area.pk],
                parent_goal=parent_goal,
            )
            for a in range(1, activities_per_goal + 1):
                Activity.objects.create(
                    goal=goal,
                    what=f"{owner.code}: aktivitet {a} till {goal.number}",
                    timeframe=str(plan.first_year),
                    order=a,
                )
    return plan


def planner(username: str, region: str):
    user = get_user_model().objects.create_user(username=username, password="pw")
    Membership.objects.create(
        user=user, role=Membership.Role.PLANNER, region=Region.objects.get(code=region)
    )
    return user
