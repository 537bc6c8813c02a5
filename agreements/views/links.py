"""Linking a plan's activity to the initiatives it carries out: the coordinators of the plan's
RCC tick the initiatives of the plan's agreement (agreements.permissions.may_link_activity)."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from plans.models import Activity

from ..links import activity_links_set, agreements_for_plan
from ..models import ActivityLink, Agreement, Initiative
from ..permissions import may_link_activity

FROM_EDITING = "redigera"  # ?fran=redigera: back to the plan's edit page after saving


class ActivityLinksForm(forms.Form):
    initiatives = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Insatser"),
        queryset=Initiative.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Välj bland insatserna i överenskommelsen %(year)s; «%%(value)s» är inte en av dem."
            ),
            "invalid_pk_value": gettext_lazy("«%(pk)s» är inte en insats."),
        },
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiatives"]
        field.queryset = Initiative.objects.filter(agreement=agreement)
        field.error_messages["invalid_choice"] = field.error_messages["invalid_choice"] % {
            "year": agreement.year
        }


@dataclass
class Node:
    """An initiative with those under it, for the nested checkboxes."""

    initiative: Initiative
    checked: bool
    children: list["Node"] = field(default_factory=list)


def initiative_tree(agreement: Agreement, checked: set[int]) -> list[tuple]:
    """The agreement's areas in order, each with its initiatives nested: [(area, [Node])]. Two
    queries."""
    nodes = {
        initiative.pk: Node(initiative, initiative.pk in checked)
        for initiative in Initiative.objects.filter(agreement=agreement).order_by("order")
    }
    roots: dict[int, list[Node]] = {}
    for node in nodes.values():
        parent = nodes.get(node.initiative.parent_id)
        if parent is not None:
            parent.children.append(node)
        else:
            roots.setdefault(node.initiative.area_id, []).append(node)
    return [(area, roots.get(area.pk, [])) for area in agreement.areas.order_by("order")]


def _activity_for_linking(user, pk: int) -> Activity:
    """The activity with its goal, area and plan, if the user may link it: 404 otherwise (so
    that another RCC's rows, and drafts, stay unknown)."""
    activity = (
        Activity.objects.select_related(
            "goal__area__plan__owner_healthcare_region", "goal__area__plan__owner_region"
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None or not may_link_activity(user, activity):
        raise Http404
    return activity


def _chosen(agreements: list[Agreement], year: str | None) -> Agreement | None:
    """The agreement the year switch names (the latest without one); 404 for another year."""
    if not year:
        return agreements[0] if agreements else None
    found = next((a for a in agreements if str(a.year) == year), None)
    if found is None:
        raise Http404
    return found


def _back(activity: Activity, request) -> str:
    plan = activity.goal.area.plan
    if request.POST.get("fran") == FROM_EDITING:
        return reverse("plans:plan-edit", args=[plan.slug]) + f"#aktivitet-{activity.pk}"
    return f"{plan.get_absolute_url()}#mal-{activity.goal_id}"


@login_required
@require_http_methods(["GET", "POST"])
def activity_links(request, activity: int):
    """The initiatives of the plan's agreement as checkboxes; saving links exactly those."""
    activity = _activity_for_linking(request.user, activity)
    agreements = agreements_for_plan(activity.goal.area.plan)
    agreement = _chosen(agreements, request.POST.get("ar") or request.GET.get("ar"))
    if agreement is None:
        return render(request, "agreements/link_activity.html", {"activity": activity})
    form = ActivityLinksForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["initiatives"]
        added, removed = activity_links_set(
            activity=activity, initiatives=chosen, user=request.user, agreement=agreement
        )
        messages.success(request, _saved_message(added, removed))
        return redirect(_back(activity, request))
    context = _form_context(request, activity, agreement, form)
    context["agreements"] = agreements
    status = 400 if form.is_bound else 200
    return render(request, "agreements/link_activity.html", context, status=status)


def _form_context(request, activity: Activity, agreement: Agreement, form) -> dict:
    """The page's checkboxes: ticked as the activity is linked now, or as the person sent them
    (a form that failed keeps what was ticked)."""
    links = ActivityLink.objects.filter(activity=activity).select_related("initiative__agreement")
    links = list(links.order_by("-initiative__agreement__year", "initiative__order"))
    checked = {link.initiative_id for link in links if link.initiative.agreement_id == agreement.pk}
    if form.is_bound:
        checked = {int(pk) for pk in form["initiatives"].value() or [] if str(pk).isdecimal()}
    return {
        "activity": activity,
        "agreement": agreement,
        "form": form,
        "tree": initiative_tree(agreement, checked),
        "other_links": [link for link in links if link.initiative.agreement_id != agreement.pk],
        "from_editing": (request.POST or request.GET).get("fran") == FROM_EDITING,
    }


def _saved_message(added: int, removed: int) -> str:
    if not added and not removed:
        return _("Kopplingarna är oförändrade.")
    added_text = ngettext("%(n)s ny", "%(n)s nya", added) % {"n": added}
    removed_text = ngettext("%(n)s borttagen", "%(n)s borttagna", removed) % {"n": removed}
    return _("Kopplingarna är sparade: %(added)s, %(removed)s.") % {
        "added": added_text,
        "removed": removed_text,
    }
