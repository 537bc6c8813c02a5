"""Who may see and change agreements. Every agreement view fetches its objects through these
helpers.

- Everyone signed in reads every agreement: its initiatives, texts, appendices and coverage.
  The activities listed under an initiative are those of the plans the user may read
  (plans.permissions.plan_filter), so another RCC's draft stays unknown.
- Superusers edit agreements, in the Django admin.
- The coordinators of a plan's RCC (and superusers) link its activities to initiatives.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from plans.models import Activity, Plan
from plans.permissions import coordinates_plan

from .models import Agreement, Initiative


def may_read_agreements(user) -> bool:
    return user.is_authenticated


def may_edit_agreements(user) -> bool:
    return user.is_authenticated and user.is_superuser


def get_agreement_for_user(user, year: int) -> Agreement:
    """The agreement of the year, if the user may read it: 404 otherwise."""
    if not may_read_agreements(user):
        raise PermissionDenied
    agreement = Agreement.objects.filter(year=year).first()
    if agreement is None:
        raise Http404
    return agreement


def get_initiative_for_user(user, year: int, ref: str) -> Initiative:
    """The initiative of the year's agreement with that reference, with its agreement, area and
    parent: 404 if there is none."""
    if not may_read_agreements(user):
        raise PermissionDenied
    initiative = (
        Initiative.objects.select_related("agreement", "area", "parent")
        .filter(agreement__year=year, ref=ref)
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def may_link_plan(user, plan: Plan) -> bool:
    """Whether the user may link the plan's activities to initiatives, on the page or through
    the plan's file (its column Insats): the coordinators of the RCC whose plan it is
    (plans.permissions.coordinates_plan: for a local plan, the RCC of its region) and
    superusers."""
    return user.is_authenticated and coordinates_plan(user, plan)


def may_link_activity(user, activity: Activity) -> bool:
    """Whether the user may link the activity to initiatives, or unlink it (may_link_plan of
    its plan). Fetched with select_related("goal__area__plan__owner_region__healthcare_region"),
    the activity costs no query (the user's roles are read once per request)."""
    return may_link_plan(user, activity.goal.area.plan)
