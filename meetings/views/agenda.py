"""The coordinator's pages for preparing and recording a meeting: its details, the agenda
with its items, their minutes and decisions, the summary, and the meeting's state.

Every view fetches the meeting through meetings.permissions (404 for anyone but the RCC's
coordinators) and writes through meetings.services.agenda.
"""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.concurrency import EditConflict, history_version, rebased

from ..forms import DecisionForm, ItemForm, MeetingForm, SummaryForm
from ..models import AgendaItem, Decision, Meeting
from ..permissions import get_group_for_coordinator, get_meeting_for_coordinator
from ..selectors import agenda_of, group_people
from ..services import agenda as services

MEETING_FIELDS = MeetingForm.Meta.fields
ITEM_FIELDS = [name for name in ItemForm.Meta.fields if name != "presenters"]


def _agenda_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("meetings:meeting-agenda", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _refused(request, form, exc: ValidationError, template: str, context: dict):
    """The form again with the person's input: 409 with the other person's change after a
    conflict (the version moved on, so saving again is deliberate), else 400 with the
    service's message."""
    if isinstance(exc, EditConflict):
        form = type(form)(rebased(request.POST, version=exc.stored), **form.init_kwargs)
        form.is_valid()
        return render(request, template, {**context, "form": form, "conflict": exc}, status=409)
    form.add_error(None, exc)
    return render(request, template, {**context, "form": form}, status=400)


def _bound(form_class, request, **kwargs):
    # A model form writes the posted values into its instance while it validates: forms that
    # edit get a copy, so the page around them still shows what is stored.
    form = form_class(request.POST, **kwargs)
    form.init_kwargs = kwargs
    return form


@login_required
def meeting_create(request, group_pk: int):
    """A new planned meeting of the group; its agenda is built next."""
    group = get_group_for_coordinator(request.user, group_pk)
    context = {"group": group, "meeting": None}
    people = group_people(group)
    if request.method != "POST":
        return render(request, "meetings/meeting_form.html", {**context, "form": _new(people)})
    form = _bound(MeetingForm, request, people=people, instance=Meeting(group=group))
    if form.is_valid():
        details = {name: form.cleaned_data[name] for name in MEETING_FIELDS}
        try:
            meeting = services.meeting_create(group=group, details=details, user=request.user)
        except ValidationError as exc:
            return _refused(request, form, exc, "meetings/meeting_form.html", context)
        messages.success(request, _("Mötet är skapat. Lägg nu till dagordningens punkter."))
        return redirect(_agenda_url(meeting))
    return render(request, "meetings/meeting_form.html", {**context, "form": form}, status=400)


def _new(people) -> MeetingForm:
    return MeetingForm(people=people, initial={"kind": Meeting.Kind.DIGITAL})


@login_required
def meeting_edit(request, pk: int):
    """A meeting's date, times, form, place and officers, over the version loaded."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    context = {"group": meeting.group, "meeting": meeting}
    people = group_people(meeting.group)
    if request.method != "POST":
        form = MeetingForm(people=people, instance=meeting)
        form.initial["version"] = history_version(meeting)
        return render(request, "meetings/meeting_form.html", {**context, "form": form})
    form = _bound(MeetingForm, request, people=people, instance=copy(meeting))
    if form.is_valid():
        details = {name: form.cleaned_data[name] for name in MEETING_FIELDS}
        try:
            services.meeting_update(
                meeting=meeting, details=details, version=form.cleaned_data["version"],
                user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            return _refused(request, form, exc, "meetings/meeting_form.html", context)
        messages.success(request, _("Mötets uppgifter är sparade."))
        return redirect(_agenda_url(meeting))
    return render(request, "meetings/meeting_form.html", {**context, "form": form}, status=400)


@login_required
def meeting_agenda(request, pk: int):
    """The agenda as the coordinator builds it: the items in order with their time, how the
    time splits between information and discussion, the decisions due here, the summary."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    agenda = agenda_of(meeting)
    new_item = ItemForm(people=agenda.people, auto_id="new_%s")
    summary = SummaryForm(initial={"points": "\n".join(p.text for p in agenda.summary)})
    context = {"meeting": meeting, "agenda": agenda, "item_form": new_item, "summary": summary}
    return render(request, "meetings/meeting_agenda.html", context)


def _item_page(request, meeting, form, item=None, status=200, conflict=None):
    context = {"meeting": meeting, "item": item, "form": form, "conflict": conflict}
    return render(request, "meetings/item_form.html", context, status=status)


@login_required
def item_create(request, pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    people = group_people(meeting.group)
    if request.method != "POST":
        return _item_page(request, meeting, ItemForm(people=people))
    form = _bound(ItemForm, request, people=people)
    if not form.is_valid():
        return _item_page(request, meeting, form, status=400)
    fields = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
    try:
        item = services.item_create(
            meeting=meeting, fields=fields, presenters=form.cleaned_data["presenters"],
            user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        return _refused(request, form, exc, "meetings/item_form.html", {"meeting": meeting})
    messages.success(request, _("Punkt %(n)s är tillagd.") % {"n": item.number})
    return redirect(_agenda_url(meeting, f"item-{item.pk}"))


def _item_of(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(meeting.items.prefetch_related("presenter_links"), pk=item_pk)


@login_required
def item_edit(request, pk: int, item_pk: int):
    """An item's title, kind, time and presenters, and its minutes, over the version loaded."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    item, people = _item_of(meeting, item_pk), group_people(meeting.group)
    if request.method != "POST":
        form = ItemForm(people=people, instance=item, initial={"version": history_version(item)})
        return _item_page(request, meeting, form, item)
    form = _bound(ItemForm, request, people=people, instance=copy(item))
    if not form.is_valid():
        return _item_page(request, meeting, form, item, status=400)
    try:
        services.item_update(
            item=item, fields={name: form.cleaned_data[name] for name in ITEM_FIELDS},
            presenters=form.cleaned_data["presenters"], version=form.cleaned_data["version"],
            user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        context = {"meeting": meeting, "item": item}
        return _refused(request, form, exc, "meetings/item_form.html", context)
    messages.success(request, _("Punkt %(n)s är sparad.") % {"n": item.number})
    return redirect(_agenda_url(meeting, f"item-{item.pk}"))


@login_required
@require_POST
def item_move(request, pk: int, item_pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    item = _item_of(meeting, item_pk)
    if request.POST.get("direction") not in ("up", "down"):
        raise Http404
    try:
        item = services.item_move(
            item=item, up=request.POST["direction"] == "up", user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_agenda_url(meeting))
    messages.success(request, _("«%(title)s» är nu punkt %(n)s.") % {
        "title": item.title, "n": item.number,
    })  # fmt: skip
    return redirect(_agenda_url(meeting, f"item-{item.pk}"))


@login_required
def item_delete(request, pk: int, item_pk: int):
    """Asks first, naming the decisions that go with the item."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    item = _item_of(meeting, item_pk)
    if request.method != "POST":
        context = {"meeting": meeting, "item": item, "decisions": list(item.decisions.all())}
        return render(request, "meetings/item_delete.html", context)
    services.item_delete(item=item, user=request.user)
    messages.success(request, _("Punkten «%(title)s» är borttagen.") % {"title": item.title})
    return redirect(_agenda_url(meeting))


def _decision_page(request, meeting, item, form, decision=None, status=200, conflict=None):
    context = {"meeting": meeting, "item": item, "decision": decision, "form": form}
    return render(
        request, "meetings/decision_form.html", {**context, "conflict": conflict}, status=status
    )


@login_required
def decision_create(request, pk: int, item_pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    item, people = _item_of(meeting, item_pk), group_people(meeting.group)
    if request.method != "POST":
        return _decision_page(request, meeting, item, DecisionForm(people=people))
    form = _bound(DecisionForm, request, people=people)
    if not form.is_valid():
        return _decision_page(request, meeting, item, form, status=400)
    try:
        services.decision_create(item=item, fields=form.decision_fields(), user=request.user)
    except ValidationError as exc:
        context = {"meeting": meeting, "item": item}
        return _refused(request, form, exc, "meetings/decision_form.html", context)
    messages.success(request, _("Beslutet under punkt %(n)s är sparat.") % {"n": item.number})
    return redirect(_agenda_url(meeting, f"item-{item.pk}"))


def _decision_of(meeting: Meeting, decision_pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("item"), pk=decision_pk, item__meeting=meeting
    )


@login_required
def decision_edit(request, pk: int, decision_pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    decision, people = _decision_of(meeting, decision_pk), group_people(meeting.group)
    item = decision.item
    if request.method != "POST":
        initial = {"version": history_version(decision)}
        form = DecisionForm(people=people, instance=decision, initial=initial)
        return _decision_page(request, meeting, item, form, decision)
    form = _bound(DecisionForm, request, people=people, instance=copy(decision))
    if not form.is_valid():
        return _decision_page(request, meeting, item, form, decision, status=400)
    try:
        services.decision_update(
            decision=decision, fields=form.decision_fields(),
            version=form.cleaned_data["version"], user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        context = {"meeting": meeting, "item": item, "decision": decision}
        return _refused(request, form, exc, "meetings/decision_form.html", context)
    messages.success(request, _("Beslutet är sparat."))
    return redirect(_agenda_url(meeting, f"item-{item.pk}"))


@login_required
@require_POST
def decision_delete(request, pk: int, decision_pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    decision = _decision_of(meeting, decision_pk)
    services.decision_delete(decision=decision, user=request.user)
    messages.success(request, _("Beslutet är borttaget."))
    return redirect(_agenda_url(meeting, f"item-{decision.item_id}"))


@login_required
@require_POST
def summary_edit(request, pk: int):
    meeting = get_meeting_for_coordinator(request.user, pk)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        agenda = agenda_of(meeting)
        context = {"meeting": meeting, "agenda": agenda, "summary": form}
        context["item_form"] = ItemForm(people=agenda.people, auto_id="new_%s")
        return render(request, "meetings/meeting_agenda.html", context, status=400)
    services.summary_set(meeting=meeting, points=form.cleaned_data["points"], user=request.user)
    messages.success(request, _("Sammanfattningen är sparad."))
    return redirect(_agenda_url(meeting, "summary"))


@login_required
@require_POST
def meeting_state(request, pk: int):
    """Held, minutes approved, or one step back; the page says what happened."""
    meeting = get_meeting_for_coordinator(request.user, pk)
    state = request.POST.get("state", "")
    try:
        services.meeting_set_state(meeting=meeting, state=state, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(services.TRANSITIONS[(meeting.state, state)]))
    return redirect(_agenda_url(meeting))
