"""Who may see and manage an RCC's people. Every view of the people pages fetches its objects
through these helpers.

- Coordinators of an RCC (and superusers) see the RCC's people page and manage its people:
  invite, add and remove roles, deactivate and reactivate, resend invitations.
- Everyone else learns nothing: the page and everything under it do not exist for them (404),
  and so do another RCC's people, roles, regions and invitations named by forged ids.
- The coordinator role: the issue says coordinators "cannot touch another RCC's people, or grant
  the coordinator role; superusers and existing coordinators of the same RCC can". Read as: the
  coordinator role of an RCC is granted (and removed) only by superusers and by that RCC's own
  coordinators; a coordinator of another RCC, or anyone else, never can. Invitations are to the
  roles of the issue (reporter, planner, reader); coordinator is granted to an existing account.
- Nobody removes their own coordinator role or deactivates themselves (the RCC would lose the
  person who can put it right); superusers are managed in the admin only.
- A person is deactivated (or reactivated) only from an RCC that holds all of their roles: a
  coordinator of Norr cannot shut out someone who also reports for a Mellansverige region.
"""

from django.contrib.auth import get_user_model
from django.http import Http404

from .models import HealthcareRegion, Invitation, Membership, Person, Region
from .roles import roles_of

Role = Membership.Role


def rccs_managed_by(user):
    """The RCCs whose people the user manages (no query for the roles: roles_of caches them)."""
    if not user.is_authenticated:
        return HealthcareRegion.objects.none()
    roles = roles_of(user)
    rccs = HealthcareRegion.objects.all()
    return rccs if roles.is_superuser else rccs.filter(pk__in=roles.coordinated)


def manages_people(user) -> bool:
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return roles.is_superuser or bool(roles.coordinated)


def get_rcc_for_coordinator(user, code: str) -> HealthcareRegion:
    rcc = HealthcareRegion.objects.filter(code=code).first()
    if rcc is None or not user.is_authenticated or not roles_of(user).coordinates(rcc.pk):
        raise Http404
    return rcc


def people_of(rcc: HealthcareRegion):
    """The accounts with a role at the RCC or one of its regions."""
    return (
        get_user_model()
        .objects.filter(pk__in=Membership.objects.in_rcc(rcc).values("user"))
        .distinct()
    )


def get_person_for_coordinator(user, rcc: HealthcareRegion, pk: int):
    """An account with a role at the RCC (checked by get_rcc_for_coordinator first)."""
    person = people_of(rcc).filter(pk=pk).select_related("person__region").first()
    if person is None:
        raise Http404
    return person


def get_membership_for_coordinator(user, rcc: HealthcareRegion, pk: int) -> Membership:
    """A role of the RCC the user may remove: never their own coordinator role."""
    membership = (
        Membership.objects.in_rcc(rcc).select_related("user", "region").filter(pk=pk).first()
    )
    if membership is None:
        raise Http404
    if membership.user_id == user.pk and membership.role == Role.COORDINATOR:
        raise Http404
    return membership


def get_invitation_for_coordinator(user, rcc: HealthcareRegion, pk: int) -> Invitation:
    invitation = Invitation.objects.filter(healthcare_region=rcc, pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def may_deactivate(user, rcc: HealthcareRegion, person, memberships: list[Membership]) -> bool:
    """Whether the user may deactivate (or reactivate) the person from this RCC's page.

    `memberships` are all of the person's roles, everywhere."""
    if person.pk == user.pk or person.is_superuser:
        return False
    return all(m.rcc_id == rcc.pk for m in memberships)


def check_deactivate(user, rcc: HealthcareRegion, person) -> list[Membership]:
    memberships = list(person.memberships.select_related("region"))
    if not may_deactivate(user, rcc, person, memberships):
        raise Http404
    return memberships


def grantable_roles(user, rcc: HealthcareRegion, *, invite: bool = False) -> list[tuple[str, str]]:
    """The roles the user may give at this RCC, as (value, label) choices of a role field.

    A region role's value is "<role>:<region id>"; an RCC role's is the role itself."""
    choices = []
    if not invite and roles_of(user).coordinates(rcc.pk):
        choices.append((Role.COORDINATOR.value, f"{Role.COORDINATOR.label}, {rcc.rcc_name}"))
    choices.append((Role.READER.value, f"{Role.READER.label}, {rcc.rcc_name}"))
    for region in rcc.regions.all():
        for role in (Role.REPORTER, Role.PLANNER):
            choices.append((f"{role.value}:{region.pk}", f"{role.label}, {region.name}"))
    return choices


def parse_role(value: str) -> tuple[str, int | None] | None:
    """A role field's value as (role, region id), or None when it is not one."""
    role, _sep, region = (value or "").partition(":")
    if role not in Role.values:
        return None
    if role in (Role.REPORTER, Role.PLANNER):
        return (role, int(region)) if region.isdigit() else None
    return (role, None) if not region else None


def check_posted_ids(user, rcc: HealthcareRegion, data) -> None:
    """Refuse (404) a posted role or person that names another RCC's region or person, or a
    coordinator role the user may not give: forged ids, since the form offers none of them."""
    parsed = parse_role(data.get("role", ""))
    if parsed is not None:
        role, region_id = parsed
        if role == Role.COORDINATOR and not roles_of(user).coordinates(rcc.pk):
            raise Http404
        if region_id is not None and not rcc.regions.filter(pk=region_id).exists():
            raise Http404
    person = data.get("person", "")
    if person.isdigit() and not linkable_people(rcc).filter(pk=person).exists():
        raise Http404


def linkable_people(rcc: HealthcareRegion):
    """The registry's people an invitation to this RCC may be linked to: those without an
    account whose region is one of the RCC's (the steering group's members among them)."""
    return Person.objects.filter(user__isnull=True, region__healthcare_region=rcc).select_related(
        "region"
    )


def region_of_rcc(rcc: HealthcareRegion, region_id: int | None) -> Region | None:
    if region_id is None:
        return None
    region = rcc.regions.filter(pk=region_id).first()
    if region is None:
        raise Http404
    return region
