"""Who may see and do what with a round. Every view fetches its objects through these helpers,
and the querysets' visible_to ask them too.

- Coordinators of the plan's RCC manage the round and read everything in it.
- A region's reporters read their own region's report once the round has opened, and edit it
  while the round is open and the report not submitted (or returned). Other regions' reports
  do not exist for them (404). They see an overview of the round: their own reports, the
  deadline and the coordinator's messages.
- Steering-group readers of the plan's RCC, and the reporters of participating regions, read
  published rounds.
- The RCC's texts on a round (condensed comments, its own comments) are read by others only
  once the round is published: until then they are the RCC's drafts.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from plans.models import Goal, Plan
from plans.permissions import coordinates_plan, get_plan_for_user
from registry.roles import roles_of

from .models import PLAN_OWNER, Assessment, FollowUpRound, RegionReport

State = FollowUpRound.State


@dataclass(frozen=True)
class RoundAccess:
    manage: bool
    read: bool
    reporter_region_ids: frozenset[int]
    # The round's regions that the user reports for, once the round has opened.
    own_region_ids: frozenset[int] = frozenset()

    @property
    def overview(self) -> bool:
        """Whether the user sees the round's page at all: in full (read) or their part of it."""
        return self.read or bool(self.own_region_ids)

    def can_read_report(self, round: FollowUpRound, region_id: int) -> bool:
        if self.manage:
            return True
        if region_id in self.reporter_region_ids and round.state != State.DRAFT:
            return True
        return self.read

    def reads_rcc_texts(self, round: FollowUpRound) -> bool:
        """The RCC's condensed comments and its own comments are its drafts until published."""
        return self.manage or round.state == State.PUBLISHED

    def writes_report(self, report: RegionReport) -> bool:
        """Whether the user reports for the report's region: writes and submits it."""
        return report.region_id in self.reporter_region_ids

    def can_edit_report(self, round: FollowUpRound, report: RegionReport) -> bool:
        """Whether the report may be edited now: by its region, in an open round, undelivered.

        The services check the states again inside their transaction, so that a report
        submitted or a round closed a moment ago gives a message rather than a second write.
        """
        return self.writes_report(report) and round.state == State.OPEN and report.is_editable


def round_filter(user) -> Q:
    """The rounds the user may read, for FollowUpRound querysets (see visible_to).

    The same rules as round_access, as a filter; a round may match through several regions,
    so the queryset that uses it must be distinct().
    """
    roles = roles_of(user)
    if roles.is_superuser:
        return Q()
    return (
        Q(plan__owner_healthcare_region__in=roles.coordinated)
        | Q(plan__owner_region__healthcare_region__in=roles.coordinated)
        | Q(state=State.PUBLISHED)
        & (
            Q(plan__owner_healthcare_region__in=roles.read)
            | Q(plan__owner_region__healthcare_region__in=roles.read)
            | Q(regions__in=roles.reported)
        )
    )


def own_report_filter(user) -> Q:
    """The reports of the regions the user reports for, in rounds that have opened."""
    return Q(region__in=roles_of(user).reported) & ~Q(round__state=State.DRAFT)


def round_access(user, round: FollowUpRound) -> RoundAccess:
    """What the user may do with a round whose plan owner and regions are fetched with it."""
    roles = roles_of(user)
    manage = roles.coordinates(round.plan.healthcare_region.pk)
    own = frozenset(region.pk for region in round.regions.all() if roles.reports_for(region.pk))
    reads_published = roles.reads(round.plan.healthcare_region.pk) or bool(own)
    return RoundAccess(
        manage=manage,
        read=manage or (round.state == State.PUBLISHED and reads_published),
        reporter_region_ids=roles.reported,
        own_region_ids=own if round.state != State.DRAFT else frozenset(),
    )


def get_plan_for_round_manager(user, slug: str) -> Plan:
    """The plan, if the user may start a round of it: 404 if they may not see it, else 403."""
    plan = get_plan_for_user(user, slug)
    if not coordinates_plan(user, plan):
        raise PermissionDenied
    return plan


def _round(pk: int) -> FollowUpRound:
    return get_object_or_404(FollowUpRound.objects.with_plan().prefetch_related("regions"), pk=pk)


def get_round_for_user(user, pk: int, *, manage: bool = False, overview: bool = False):
    """The round and the user's access to it; 404 if they may not see it, 403 if not manage.

    With overview, a reporter of one of its regions may see it too (their part of the page).
    """
    round = _round(pk)
    access = round_access(user, round)
    if not (access.overview if overview else access.read):
        raise Http404
    if manage and not access.manage:
        raise PermissionDenied
    return round, access


def get_round_goal_for_user(user, pk: int, goal_pk: int, *, manage: bool = False):
    """The round, the user's access and one goal of its plan (see get_round_for_user)."""
    round, access = get_round_for_user(user, pk, manage=manage)
    goal = get_object_or_404(Goal.objects.select_related("area"), pk=goal_pk, area__plan=round.plan)
    return round, access, goal


def get_report_for_user(
    user, round_pk: int, region_code: str, *, write: bool = False, manage: bool = False
):
    """The region's report and the user's access: 404 unless they may read it, 403 unless they
    report for its region (write) or manage its round (manage). Whether the report can be
    changed in its present state is for the services to say."""
    owner = [f"round__{path}" for path in PLAN_OWNER]
    report = get_object_or_404(
        RegionReport.objects.select_related("region", "submitted_by", "returned_by", *owner),
        round_id=round_pk,
        region__code=region_code,
    )
    round = report.round
    prefetch_related_objects([round], "regions")
    access = round_access(user, round)
    if not access.can_read_report(round, report.region_id):
        raise Http404
    if write and not access.writes_report(report):
        raise PermissionDenied
    if manage and not access.manage:
        raise PermissionDenied
    return report, access


def get_assessment_for_user(
    user, round_pk: int, region_code: str, goal_pk: int, *, manage: bool = False
):
    """One region's assessment of one goal, with the report's rights (see get_report_for_user)."""
    report, access = get_report_for_user(user, round_pk, region_code, manage=manage)
    assessment = get_object_or_404(
        Assessment.objects.select_related("goal__area", "region"),
        round_id=round_pk,
        region_id=report.region_id,
        goal_id=goal_pk,
    )
    assessment.round = report.round
    return assessment, access
