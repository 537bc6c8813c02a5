"""The RCC's people and roles, managed by its coordinators; invitations and their links."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import permissions, selectors, services
from .forms import InvitationForm, RoleGrantForm
from .invitations import find_invitation
from .models import Invitation, Membership


def _people_url(rcc) -> str:
    return reverse("registry:people", args=[rcc.code])


def _person_url(rcc, person) -> str:
    return reverse("registry:person-detail", args=[rcc.code, person.pk])


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_GET
def people_index(request):
    """The people page of the user's RCC; a choice when they manage several."""
    rccs = list(permissions.rccs_managed_by(request.user))
    if not rccs:
        raise Http404
    if len(rccs) == 1:
        return redirect(_people_url(rccs[0]))
    return render(request, "registry/people_index.html", {"rccs": rccs})


@login_required
@require_GET
def people_list(request, code: str):
    rcc = permissions.get_rcc_for_coordinator(request.user, code)
    page = selectors.people_page(rcc)
    return render(request, "registry/people_list.html", {"page": page, "rcc": rcc})


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request, code: str):
    rcc = permissions.get_rcc_for_coordinator(request.user, code)
    if request.method == "POST":
        permissions.check_posted_ids(request.user, rcc, request.POST)
    form = InvitationForm(request.POST or None, user=request.user, rcc=rcc)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role, region_id = data["role"]
        region = permissions.region_of_rcc(rcc, region_id)
        try:
            result = services.invitation_create(
                rcc=rcc,
                email=data["email"],
                name=data["name"],
                role=role,
                region=region,
                person=data["person"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _invited_message(result))
            return redirect(_people_url(rcc))
    context = {"rcc": rcc, "form": form}
    return render(
        request, "registry/invitation_form.html", context, status=400 if form.errors else 200
    )


def _invited_message(result) -> str:
    if isinstance(result, Membership):
        return _("%(email)s har redan ett konto: rollen %(role)s är tillagd.") % {
            "email": result.user.email,
            "role": f"{result.get_role_display()}, {result.scope}",
        }
    return _("En inbjudan är skickad till %(email)s.") % {"email": result.email}


@login_required
@require_http_methods(["GET", "POST"])
def person_detail(request, code: str, pk: int):
    """A person's roles at the RCC; the form adds one."""
    rcc = permissions.get_rcc_for_coordinator(request.user, code)
    person = permissions.get_person_for_coordinator(request.user, rcc, pk)
    if request.method == "POST":
        permissions.check_posted_ids(request.user, rcc, request.POST)
    form = RoleGrantForm(request.POST or None, user=request.user, rcc=rcc)
    if request.method == "POST" and form.is_valid():
        role, region_id = form.cleaned_data["role"]
        region = permissions.region_of_rcc(rcc, region_id)
        try:
            services.membership_grant(
                rcc=rcc, person=person, role=role, region=region, by=request.user
            )
        except ValidationError as exc:
            form.add_error("role", exc)
        else:
            messages.success(request, _("Rollen är tillagd."))
            return redirect(_person_url(rcc, person))
    context = _person_context(request.user, rcc, person, form)
    return render(
        request, "registry/person_detail.html", context, status=400 if form.errors else 200
    )


def _person_context(user, rcc, person, form) -> dict:
    row = selectors.person_row(rcc, person)
    return {
        "rcc": rcc,
        "row": row,
        "form": form,
        "changes": selectors.person_changes(rcc, person),
        "may_deactivate": permissions.may_deactivate(user, rcc, person, row.roles + row.elsewhere),
    }


@login_required
@require_POST
def membership_remove(request, code: str, pk: int):
    rcc = permissions.get_rcc_for_coordinator(request.user, code)
    membership = permissions.get_membership_for_coordinator(request.user, rcc, pk)
    services.membership_remove(membership=membership, by=request.user)
    messages.success(
        request,
        _("Rollen %(role)s är borttagen.")
        % {"role": f"{membership.get_role_display()}, {membership.scope}"},
    )
    if Membership.objects.in_rcc(rcc).filter(user=membership.user).exists():
        return redirect(_person_url(rcc, membership.user))
    return redirect(_people_url(rcc))


@login_required
@require_POST
def person_set_active(request, code: str, pk: int, active: bool):
    """Deactivate (active=False) or reactivate a person whose roles are all at this RCC."""
    rcc = permissions.get_rcc_for_coordinator(request.user, code)
    person = permissions.get_person_for_coordinator(request.user, rcc, pk)
    permissions.check_deactivate(request.user, rcc, person)
    service = services.person_reactivate if active else services.person_deactivate
    try:
        service(rcc=rcc, person=person, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        done = (
            _("%(name)s är aktiv igen.")
            if active
            else _("%(name)s är inaktiverad och kan inte logga in.")
        )
        messages.success(request, done % {"name": person.get_full_name() or person.username})
    return redirect(_person_url(rcc, person))


@login_required
@require_POST
def invitation_resend(request, code: str, pk: int):
    rcc = permissions.get_rcc_for_coordinator(request.user, code)
    invitation = permissions.get_invitation_for_coordinator(request.user, rcc, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("Inbjudan är skickad igen till %(email)s.") % {"email": invitation.email}
        )
    return redirect(_people_url(rcc))


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The mailed link: set a password, then in with the role. A link that cannot be used
    gets a page that says why (404 unknown, 410 expired or used)."""
    invitation = find_invitation(token)
    if reason := _unusable(invitation):
        return _unusable_page(request, reason)
    form = SetPasswordForm(_Invitee(invitation), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except services.InvitationUnusable as exc:  # used in another tab meanwhile
            return _unusable_page(request, exc.reason)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        role = invitation.get_role_display_with_scope()
        messages.success(request, _("Välkommen! Du är inloggad som %(role)s.") % {"role": role})
        return redirect("plans:plan-list")
    context = {"invitation": invitation, "form": form}
    return render(
        request, "registry/invitation_accept.html", context, status=400 if form.errors else 200
    )


def _unusable_page(request, reason: str):
    status = 404 if reason == "unknown" else 410
    return render(request, "registry/invitation_unusable.html", {"reason": reason}, status=status)


def _unusable(invitation: Invitation | None) -> str:
    if invitation is None:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    return "expired" if invitation.is_expired else ""


class _Invitee:
    """What SetPasswordForm and the password validators ask of the user-to-be."""

    def __init__(self, invitation: Invitation):
        self.email = invitation.email
        self.username = invitation.email
        self.first_name, _sep, self.last_name = invitation.name.partition(" ")
        self.password = None

    def set_password(self, raw):  # SetPasswordForm.save is not used: the service saves
        self.password = raw
