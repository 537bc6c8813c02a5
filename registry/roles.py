"""The questions every app asks about a user: which RCCs they coordinate or read for, and which
regions they report for or write local plans for. Apps decide their rights from these answers
(see their permissions.py).
"""

from dataclasses import dataclass

from .models import Membership

CACHE_ATTRIBUTE = "_cancerplan_roles"


@dataclass(frozen=True)
class Roles:
    is_superuser: bool
    coordinated: frozenset[int]  # healthcare region ids whose RCC the user coordinates
    read: frozenset[int]  # healthcare region ids whose steering group the user reads for
    reported: frozenset[int]  # region ids the user reports for
    planned: frozenset[int] = frozenset()  # region ids whose local plans the user writes

    def coordinates(self, healthcare_region_id: int) -> bool:
        return self.is_superuser or healthcare_region_id in self.coordinated

    def reads(self, healthcare_region_id: int) -> bool:
        return healthcare_region_id in self.read

    def reports_for(self, region_id: int) -> bool:
        return region_id in self.reported

    def plans_for(self, region_id: int) -> bool:
        return self.is_superuser or region_id in self.planned


def roles_of(user) -> Roles:
    """The user's roles, from one query, kept on the user object for the rest of the request."""
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    memberships = (
        list(
            Membership.objects.filter(user=user).values_list("role", "healthcare_region", "region")
        )
        if user.is_authenticated
        else []
    )

    def scopes(role: Membership.Role) -> frozenset[int]:
        return frozenset(
            region or healthcare_region
            for each_role, healthcare_region, region in memberships
            if each_role == role
        )

    roles = Roles(
        is_superuser=user.is_superuser,
        coordinated=scopes(Membership.Role.COORDINATOR),
        read=scopes(Membership.Role.READER),
        reported=scopes(Membership.Role.REPORTER),
        planned=scopes(Membership.Role.PLANNER),
    )
    setattr(user, CACHE_ATTRIBUTE, roles)
    return roles
