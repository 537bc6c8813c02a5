"""What the people pages show, each in a fixed number of queries."""

from dataclasses import dataclass, field

from .models import HealthcareRegion, Invitation, Membership, Region, RoleChange

Role = Membership.Role
LOG_LENGTH = 50


@dataclass
class PersonRow:
    user: object
    roles: list[Membership] = field(default_factory=list)  # at this RCC and its regions
    elsewhere: list[Membership] = field(default_factory=list)  # at other RCCs

    @property
    def organisation(self) -> str:
        person = getattr(self.user, "person", None)
        if person is None:
            return ""
        return person.organisation or (person.region.name if person.region_id else "")

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


@dataclass
class RegionPeople:
    region: Region
    reporters: list[PersonRow]
    planners: list[PersonRow]


@dataclass
class PeoplePage:
    rcc: HealthcareRegion
    coordinators: list[PersonRow]
    readers: list[PersonRow]
    regions: list[RegionPeople]
    invitations: list[Invitation]
    changes: list[RoleChange]


def _rows(rcc: HealthcareRegion, memberships) -> dict[int, PersonRow]:
    rows: dict[int, PersonRow] = {}
    for membership in memberships:
        row = rows.setdefault(membership.user_id, PersonRow(membership.user))
        (row.roles if membership.rcc_id == rcc.pk else row.elsewhere).append(membership)
    return rows


def people_memberships(rcc: HealthcareRegion, user_ids=None):
    """Every role, everywhere, of the people with a role at the RCC (one query)."""
    people = Membership.objects.in_rcc(rcc).values("user")
    if user_ids is not None:
        people = people.filter(user__in=user_ids)
    return (
        Membership.objects.filter(user__in=people)
        .select_related("user__person__region", "region", "healthcare_region")
        .order_by("user__first_name", "user__last_name", "user__username", "role", "region__name")
    )


def people_page(rcc: HealthcareRegion) -> PeoplePage:
    """Queries: the RCC's regions; every role of its people; pending invitations; the log."""
    regions = list(rcc.regions.all())
    rows = _rows(rcc, people_memberships(rcc))

    def having(role: str, region: Region | None = None) -> list[PersonRow]:
        return [
            row
            for row in rows.values()
            if any(
                m.role == role and (region is None or m.region_id == region.pk) for m in row.roles
            )
        ]

    return PeoplePage(
        rcc=rcc,
        coordinators=having(Role.COORDINATOR),
        readers=having(Role.READER),
        regions=[
            RegionPeople(region, having(Role.REPORTER, region), having(Role.PLANNER, region))
            for region in regions
        ],
        invitations=list(
            Invitation.objects.filter(healthcare_region=rcc, used_at__isnull=True)
            .select_related("region", "invited_by")
            .order_by("-sent_at")
        ),
        changes=list(RoleChange.objects.for_rcc(rcc)[:LOG_LENGTH]),
    )


def person_row(rcc: HealthcareRegion, user) -> PersonRow:
    """One person's roles (one query); the user was fetched by get_person_for_coordinator."""
    rows = _rows(rcc, people_memberships(rcc, [user.pk]))
    row = rows.get(user.pk, PersonRow(user))
    row.user = user
    return row


def person_changes(rcc: HealthcareRegion, user) -> list[RoleChange]:
    return list(RoleChange.objects.for_rcc(rcc).filter(user=user)[:LOG_LENGTH])
