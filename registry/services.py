"""Writes to people and roles: invitations, roles given and taken, accounts deactivated. Each
change of a role is logged as a RoleChange; Membership keeps its own history besides."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.history import change_batch

from .invitations import invitation_mail_send, new_token
from .models import HealthcareRegion, Invitation, Membership, Person, Region, RoleChange

Role = Membership.Role


def _scope(role: str, rcc: HealthcareRegion, region: Region | None) -> dict:
    if role in (Role.REPORTER, Role.PLANNER):
        return {"region": region, "healthcare_region": None}
    return {"region": None, "healthcare_region": rcc}


def _log(*, action, rcc, by, user=None, invitation=None, role="", region=None) -> RoleChange:
    return RoleChange.objects.create(
        action=action,
        healthcare_region=rcc,
        user=user,
        invitation=invitation,
        role=role,
        region=region,
        by=by,
    )


def account_for_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()


@transaction.atomic
def membership_grant(
    *, rcc: HealthcareRegion, person, role: str, region: Region | None, by
) -> Membership:
    """Give an account a role at the RCC (or one of its regions) and log it."""
    scope = _scope(role, rcc, region)
    if Membership.objects.filter(user=person, role=role, **scope).exists():
        raise ValidationError(
            _("%(name)s har redan den rollen.") % {"name": _name(person)}, code="role_exists"
        )
    with change_batch(by):
        membership = Membership(user=person, role=role, **scope)
        membership.full_clean()
        membership.save()
        _log(
            action=RoleChange.Action.GRANTED, rcc=rcc, by=by, user=person, role=role, region=region
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    rcc_id = membership.rcc_id
    with change_batch(by):
        _log(
            action=RoleChange.Action.REMOVED,
            rcc=HealthcareRegion.objects.get(pk=rcc_id),
            by=by,
            user=membership.user,
            role=membership.role,
            region=membership.region,
        )
        membership.delete()


def _name(user) -> str:
    return user.get_full_name() or user.email or user.username


@transaction.atomic
def invitation_create(
    *,
    rcc: HealthcareRegion,
    email: str,
    name: str,
    role: str,
    region: Region | None,
    person: Person | None,
    by,
) -> Invitation | Membership:
    """Invite someone to a role by e-mail.

    1. An e-mail that already has an account gets the role at once (a Membership is returned).
    2. Otherwise an invitation with a fresh token is saved, logged and mailed through the
       background worker; a pending invitation to the same address at this RCC is refused.
    """
    email = email.strip()
    existing = account_for_email(email)
    if existing is not None:
        return membership_grant(rcc=rcc, person=existing, role=role, region=region, by=by)
    if Invitation.objects.pending().filter(healthcare_region=rcc, email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s har redan en inbjudan som väntar. Skicka den igen i listan nedan.")
            % {"email": email},
            code="invitation_pending",
        )
    token, token_hash = new_token()
    now = timezone.now()
    with change_batch(by):
        invitation = Invitation(
            email=email,
            name=name.strip(),
            role=role,
            healthcare_region=rcc,
            region=region,
            person=person,
            token_hash=token_hash,
            created_at=now,
            sent_at=now,
            expires_at=now + timedelta(days=Invitation.VALID_FOR_DAYS),
            invited_by=by,
        )
        invitation.full_clean()
        invitation.save()
        _log(
            action=RoleChange.Action.INVITED,
            rcc=rcc,
            by=by,
            invitation=invitation,
            role=role,
            region=region,
        )
    invitation_mail_send(invitation=invitation, token=token)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by) -> Invitation:
    """Send an unused invitation again with a new link, valid for another week; the old link
    stops working (only the new token's hash is kept)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError(_("Inbjudan är redan använd."), code="invitation_used")
    token, invitation.token_hash = new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=Invitation.VALID_FOR_DAYS)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    invitation_mail_send(invitation=invitation, token=token)
    return invitation


class InvitationUnusable(Exception):
    """The link is expired or already used (the view shows a page that says which)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """Use an invitation: make the account with its password and role, once.

    1. Lock the invitation and check it again (two tabs submitting at once make one account).
    2. An account made meanwhile for the same e-mail (another RCC's invitation) gets the role
       and keeps its password; otherwise a new account is made with the password given.
    3. The registry person the inviter chose is linked to the account.
    4. The role is given and logged; the invitation is marked used.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise InvitationUnusable("used")
    if invitation.is_expired:
        raise InvitationUnusable("expired")
    user = account_for_email(invitation.email)
    if user is None:
        first, _sep, last = invitation.name.partition(" ")
        user = get_user_model().objects.create_user(
            username=_free_username(invitation.email.lower()),
            email=invitation.email,
            first_name=first[:150],
            last_name=last[:150],
            password=password,
        )
    with change_batch(invitation.invited_by):
        person = invitation.person
        if person and person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
        scope = _scope(invitation.role, invitation.healthcare_region, invitation.region)
        Membership.objects.get_or_create(user=user, role=invitation.role, **scope)
        _log(
            action=RoleChange.Action.GRANTED,
            rcc=invitation.healthcare_region,
            by=invitation.invited_by,
            user=user,
            role=invitation.role,
            region=invitation.region,
        )
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    return user


def _free_username(email: str) -> str:
    """The e-mail address, or (taken by an account with another address) the address with a
    number after it."""
    User = get_user_model()
    candidate, n = email[:150], 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{email[:140]}-{n}"
    return candidate


@transaction.atomic
def person_deactivate(*, rcc: HealthcareRegion, person, by) -> None:
    """Shut an account out; its roles, history and name in it stay."""
    _set_active(rcc=rcc, person=person, by=by, active=False)


@transaction.atomic
def person_reactivate(*, rcc: HealthcareRegion, person, by) -> None:
    _set_active(rcc=rcc, person=person, by=by, active=True)


def _set_active(*, rcc, person, by, active: bool) -> None:
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    if person.is_active == active:
        message = _("%(name)s är redan aktiv.") if active else _("%(name)s är redan inaktiverad.")
        raise ValidationError(message % {"name": _name(person)}, code="unchanged")
    person.is_active = active
    person.save(update_fields=["is_active"])
    action = RoleChange.Action.REACTIVATED if active else RoleChange.Action.DEACTIVATED
    with change_batch(by):
        _log(action=action, rcc=rcc, by=by, user=person)
