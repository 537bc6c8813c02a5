"""What agreements adds to the plan's pages, which plans does not know (plans never imports
agreements; its templates load this library, as they load followup's for the rounds):

- {% plan_initiative_links plan areas as initiative_links %} once per page: every activity's
  initiatives in one query, whether the user may link the plan's rows, and how many starred
  rows have no link;
- {% plan_links_summary initiative_links %} that count, for those who link;
- {% activity_initiatives initiative_links activity %} per row: its initiatives as links, a
  starred row without one flagged in words, and "Koppla till insats" for those who link;
- {% activity_link_button activity %} on a row of the plan's edit page.
"""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..links import links_by_activity
from ..permissions import may_link_plan
from ..views.links import FROM_EDITING

register = template.Library()
TITLE_SHOWN = 70  # characters of an initiative's title in a plan row


@dataclass
class PlanLinks:
    by_activity: dict[int, list] = field(default_factory=dict)
    may_link: bool = False  # agreements.permissions.may_link_plan
    unlinked_starred: int = 0


def _may_link(context, plan) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and may_link_plan(user, plan)


@register.simple_tag(takes_context=True)
def plan_initiative_links(context, plan, areas) -> PlanLinks:
    """The plan's links, for the plan page's areas (AreaQuerySet.outline): one query. Each
    initiative gets its url and label, made once however many rows link to it (the
    Mellansverige plan's 43 links go to 15)."""
    by_activity = links_by_activity(plan)
    shown = {}
    for initiatives in by_activity.values():
        for initiative in initiatives:
            if initiative.pk not in shown:
                shown[initiative.pk] = (
                    reverse(
                        "agreements:initiative-detail",
                        args=[initiative.agreement.year, initiative.ref],
                    ),
                    _initiative_label(initiative, plan),
                )
            initiative.url, initiative.label = shown[initiative.pk]
    starred = [
        activity.pk
        for area in areas
        for goal in area.goal_list
        for activity in goal.activity_list
        if activity.from_agreement
    ]
    return PlanLinks(
        by_activity=by_activity,
        may_link=_may_link(context, plan),
        unlinked_starred=sum(pk not in by_activity for pk in starred),
    )


@register.simple_tag
def plan_links_summary(links: PlanLinks | None):
    """For those who link the plan's rows: how many starred rows lack a link."""
    if not links or not links.may_link or not links.unlinked_starred:
        return ""
    n = links.unlinked_starred
    text = ngettext(
        "%(n)s stjärnmarkerad rad saknar koppling till en insats i överenskommelsen.",
        "%(n)s stjärnmarkerade rader saknar koppling till en insats i överenskommelsen.",
        n,
    ) % {"n": n}
    hint = _("Raderna är märkta «Stjärnmarkerad men inte kopplad till någon insats» nedan.")
    return format_html('<p class="notice plan-unlinked">{} {}</p>', text, hint)


def _initiative_label(initiative, plan) -> str:
    """ "Insats 2.3: its title", shortened (the initiative's page has all of it); another
    year's with its year."""
    title = Truncator(initiative.title).chars(TITLE_SHOWN)
    if plan.first_year <= initiative.agreement.year <= plan.last_year:
        return _("Insats %(ref)s: %(title)s") % {"ref": initiative.ref, "title": title}
    return _("Insats %(ref)s (%(year)s): %(title)s") % {
        "ref": initiative.ref,
        "year": initiative.agreement.year,
        "title": title,
    }


@register.simple_tag
def activity_initiatives(links: PlanLinks | None, activity):
    """A row's initiatives as links; a starred row without one says so; "Koppla till insats"
    for those who link. No query: everything comes from plan_initiative_links."""
    if not links:
        return ""
    initiatives = links.by_activity.get(activity.pk, [])
    parts = []
    if initiatives:
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((i.url, i.label) for i in initiatives),
        )
        parts.append(format_html('<ul class="initiative-links">{}</ul>', items))
    elif activity.from_agreement:
        parts.append(
            format_html(
                '<p class="initiative-unlinked"><strong>{}</strong></p>',
                _("Stjärnmarkerad men inte kopplad till någon insats"),
            )
        )
    if links.may_link:
        parts.append(_link_button(activity))
    return mark_safe("".join(parts))  # each part is escaped by format_html


def _link_button(activity, query: str = "") -> str:
    url = reverse("agreements:activity-links", args=[activity.pk]) + query
    what = activity.what if len(activity.what) <= 60 else activity.what[:59] + "…"
    return format_html(
        '<p class="initiative-link-action"><a class="button button--quiet button--small" '
        'href="{}">{}<span class="visually-hidden"> ({})</span></a></p>',
        url,
        _("Koppla till insats"),
        what,
    )


@register.simple_tag(takes_context=True)
def activity_link_button(context, activity):
    """On the plan's edit page: "Koppla till insats", back to the edit page after saving."""
    plan = context.get("plan")
    if plan is None or not _may_link(context, plan):
        return ""
    return _link_button(activity, f"?fran={FROM_EDITING}")
