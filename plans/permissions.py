"""Who may see and change plans. Every plan view fetches its plan through these helpers.

- Approved and archived plans are open to every signed-in user.
- Drafts exist only for the coordinators of the plan's RCC (404 for everyone else, so that a
  draft's existence is not revealed) and, for a region's local plan, its planners.
- The coordinators of an RCC change the plans its healthcare region owns (its cancer plans and
  RCC action plans); a region's planners change that region's local plans; superusers all.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from registry.models import HealthcareRegion, Region
from registry.roles import roles_of

from .models import Plan


def plan_filter(user) -> Q:
    """The plans the user may read, as a filter for Plan querysets (see PlanQuerySet.visible_to)."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Q()
    # Only the roles the user has: a branch over no ids matches nothing, but would still join
    # the regions into every plan query of every reporter and reader.
    readable = ~Q(status=Plan.Status.DRAFT)
    if roles.coordinated:
        readable |= Q(owner_healthcare_region__in=roles.coordinated) | Q(
            owner_region__healthcare_region__in=roles.coordinated
        )
    if roles.planned:
        readable |= Q(owner_region__in=roles.planned)
    return readable


def coordinated_filter(user) -> Q:
    """The plans of the RCCs the user coordinates: the plans they change and follow up."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Q()
    return Q(owner_healthcare_region__in=roles.coordinated) | Q(
        owner_region__healthcare_region__in=roles.coordinated
    )


def changes_plan(user, plan: Plan) -> bool:
    """Whether the user owns the plan's content: may edit it, copy it, approve it."""
    roles = roles_of(user)
    if plan.owner_region_id:
        return roles.plans_for(plan.owner_region_id)
    return roles.coordinates(plan.owner_healthcare_region_id)


def owned_filter(user) -> Q:
    """The rule of changes_plan as a filter on owner fields: for Plan querysets and for plans'
    history records (a deleted plan's restore)."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Q()
    return Q(owner_healthcare_region__in=roles.coordinated) | Q(owner_region__in=roles.planned)


def get_deleted_plan_for_owner(user, history_id: int):
    """A deleted plan's last deletion record, if the user could change the plan and it is still
    deleted (one of deleted_plans_for): else 404, so that another RCC's deleted drafts stay
    unknown and an earlier deletion of a plan restored and deleted again is not restored."""
    from .history import deleted_plans_for  # not at the top: plans.history imports this module

    record = deleted_plans_for(user).filter(history_id=history_id).first()
    if record is None:
        raise Http404
    return record


def get_plan_for_owner(user, slug: str) -> Plan:
    """The plan, if the user may change it: 404 if they may not see it, else 403."""
    plan = get_plan_for_user(user, slug)
    if not changes_plan(user, plan):
        raise PermissionDenied
    return plan


def coordinates_plan(user, plan: Plan) -> bool:
    """Whether the user coordinates the plan's RCC, and so may change it and run its follow-up."""
    return roles_of(user).coordinates(plan.healthcare_region.pk)


def get_plan_for_user(user, slug: str) -> Plan:
    """The plan if this user may read it, else 404."""
    return get_object_or_404(Plan.objects.visible_to(user).with_owner(), slug=slug)


def owners_for(user) -> tuple[list[HealthcareRegion], list[Region]]:
    """Who the user may make own a plan: the healthcare regions whose RCC they coordinate (for
    cancer plans and RCC action plans) and the regions they plan for (local plans); all of
    them for a superuser. Changing a plan needs the same rights (changes_plan), so a plan made
    for one of these owners stays the user's to edit."""
    roles = roles_of(user)
    if roles.is_superuser:
        return list(HealthcareRegion.objects.all()), list(Region.objects.all())
    healthcare_regions = (
        list(HealthcareRegion.objects.filter(pk__in=roles.coordinated)) if roles.coordinated else []
    )
    regions = list(Region.objects.filter(pk__in=roles.planned)) if roles.planned else []
    return healthcare_regions, regions


def may_create_plans(user) -> bool:
    """Whether the user may create plans: there is an owner they may give one."""
    roles = roles_of(user)
    return roles.is_superuser or bool(roles.coordinated or roles.planned)
