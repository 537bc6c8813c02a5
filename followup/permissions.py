"""Who may do what with a round. Every view fetches its objects through these helpers.

- Coordinators of the plan's RCC manage the round and read everything in it.
- A region's reporters read their own region's report once the round has opened, and edit it
  while the round is open and the report not submitted. Other regions' reports do not exist
  for them (404).
- Steering-group readers of the plan's RCC, and the reporters of participating regions, read
  published rounds.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from registry.models import Membership

from .models import Assessment, FollowUpRound, RegionReport


@dataclass(frozen=True)
class RoundAccess:
    manage: bool
    read: bool
    reporter_region_ids: frozenset[int]

    def can_read_report(self, round: FollowUpRound, region_id: int) -> bool:
        if self.manage:
            return True
        if region_id in self.reporter_region_ids and round.state != FollowUpRound.State.DRAFT:
            return True
        return self.read

    def can_edit_report(self, round: FollowUpRound, report: RegionReport) -> bool:
        return (
            report.region_id in self.reporter_region_ids
            and round.state == FollowUpRound.State.OPEN
            and report.state == RegionReport.State.DRAFT
        )


def round_access(user, round: FollowUpRound) -> RoundAccess:
    if user.is_superuser:
        return RoundAccess(manage=True, read=True, reporter_region_ids=frozenset())
    healthcare_region_id = round.plan.healthcare_region.pk
    memberships = list(user.memberships.all())
    manage = any(
        m.role == Membership.Role.COORDINATOR and m.healthcare_region_id == healthcare_region_id
        for m in memberships
    )
    reporter_region_ids = frozenset(
        m.region_id for m in memberships if m.role == Membership.Role.REPORTER
    )
    published = round.state == FollowUpRound.State.PUBLISHED
    reads_published = any(
        m.role == Membership.Role.READER and m.healthcare_region_id == healthcare_region_id
        for m in memberships
    ) or bool(reporter_region_ids & {r.pk for r in round.regions.all()})
    return RoundAccess(
        manage=manage,
        read=manage or (published and reads_published),
        reporter_region_ids=reporter_region_ids,
    )


def can_manage_plan_rounds(user, plan) -> bool:
    """Whether the user coordinates the RCC of the plan, and so runs its follow-up."""
    return (
        user.is_superuser
        or user.memberships.filter(
            role=Membership.Role.COORDINATOR, healthcare_region=plan.healthcare_region
        ).exists()
    )


def _round(pk: int) -> FollowUpRound:
    return get_object_or_404(FollowUpRound.objects.with_plan().prefetch_related("regions"), pk=pk)


def get_round_for_user(user, pk: int, *, manage: bool = False):
    """The round and the user's access to it; 404 if they may not see it, 403 if not manage."""
    round = _round(pk)
    access = round_access(user, round)
    if not access.read:
        raise Http404
    if manage and not access.manage:
        raise PermissionDenied
    return round, access


def get_report_for_user(user, round_pk: int, region_code: str, *, edit: bool = False):
    """The region's report and the user's access; 404 unless they may read it, 403 on edit."""
    round = _round(round_pk)
    access = round_access(user, round)
    report = get_object_or_404(
        RegionReport.objects.select_related("region", "submitted_by"),
        round=round,
        region__code=region_code,
    )
    report.round = round
    if not access.can_read_report(round, report.region_id):
        raise Http404
    if edit and not access.can_edit_report(round, report):
        raise PermissionDenied
    return report, access


def get_assessment_for_user(user, round_pk: int, region_code: str, goal_pk: int):
    report, access = get_report_for_user(user, round_pk, region_code)
    assessment = get_object_or_404(
        Assessment.objects.select_related("goal__area", "region"),
        round_id=round_pk,
        region_id=report.region_id,
        goal_id=goal_pk,
    )
    assessment.round = report.round
    return assessment, access
