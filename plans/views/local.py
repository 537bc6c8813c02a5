"""The coverage of a cancer plan by the regions' local plans (plans.local_plans)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ..local_plans import plan_coverage as coverage_of
from ..models import Plan
from ..permissions import get_plan_for_user


@login_required
def plan_coverage(request, slug):
    """The cancer plan's goals × its healthcare region's regions: how many local goals and
    activities of each region's local plans concretise each goal. Whoever may read the cancer
    plan may read it; it counts only the local plans they may read."""
    plan = get_plan_for_user(request.user, slug)
    if plan.kind != Plan.Kind.CANCER_PLAN:
        raise Http404
    context = {"plan": plan, "coverage": coverage_of(plan, request.user)}
    return render(request, "plans/plan_coverage.html", context)
