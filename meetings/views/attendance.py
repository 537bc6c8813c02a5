"""Recording attendance during or after a meeting: one click per person, and the people
specially invited for an item. Coordinators only (meetings.permissions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.models import Region

from ..forms import ATTENDANCE_CHOICES, AttendanceForm, InvitedForm
from ..models import Attendance
from ..permissions import get_meeting_for_coordinator
from ..selectors import attendance_sheet, group_people
from ..services import attendance as services

TEMPLATE = "meetings/meeting_attendance.html"


def _url(meeting, anchor=""):
    return reverse("meetings:meeting-attendance", args=[meeting.pk]) + (
        f"#{anchor}" if anchor else ""
    )


def _regions(meeting):
    return Region.objects.filter(healthcare_region_id=meeting.group.healthcare_region_id)


def _page(request, meeting, invited_form=None, status=200):
    groups, invited = attendance_sheet(meeting)
    form = invited_form or InvitedForm(regions=_regions(meeting))
    context = {"meeting": meeting, "groups": groups, "invited": invited, "invited_form": form}
    context["statuses"] = ATTENDANCE_CHOICES
    return render(request, TEMPLATE, context, status=status)


@login_required
def meeting_attendance(request, pk: int):
    """GET: everyone's attendance. POST: one person's status, from one click on their row."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    if request.method != "POST":
        return _page(request, meeting)
    form = AttendanceForm(request.POST)
    person = None
    if form.is_valid():
        person = group_people(meeting.group).filter(pk=form.cleaned_data["person"]).first()
    if person is None:
        messages.error(request, _("Välj en person i listan."))
        return redirect(_url(meeting))
    try:
        services.attendance_set(
            meeting=meeting, person=person, status=form.cleaned_data["status"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_url(meeting, f"person-{person.pk}"))


@login_required
@require_POST
def invited_add(request, pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    form = InvitedForm(request.POST, regions=_regions(meeting))
    if not form.is_valid():
        return _page(request, meeting, form, status=400)
    data = form.cleaned_data
    try:
        services.invited_add(
            meeting=meeting, name=data["name"].strip(), region=data["region"],
            organisation="" if data["region"] else data["organisation"].strip(),
            topic=data["topic"].strip(), user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, meeting, form, status=400)
    messages.success(request, _("%(name)s är tillagd som särskilt kallad.") % data)
    return redirect(_url(meeting, "invited"))


@login_required
@require_POST
def invited_remove(request, pk: int, attendance_pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    # another meeting's row, or someone not invited: no such page
    get_object_or_404(meeting.attendances, pk=attendance_pk, status=Attendance.Status.INVITED)
    services.invited_remove(meeting=meeting, attendance_id=attendance_pk, user=request.user)
    messages.success(request, _("Kallelsen är borttagen."))
    return redirect(_url(meeting, "invited"))
