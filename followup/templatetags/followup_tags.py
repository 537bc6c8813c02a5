from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from followup.levels import Level, stored_level
from followup.models import FollowUpRound, RegionReport
from plans.permissions import coordinates_plan

register = template.Library()


@register.inclusion_tag("followup/includes/_plan_rounds.html", takes_context=True)
def plan_rounds(context, plan):
    """The plan page's follow-up panel: the plan's rounds the user may see, and a start button."""
    user = context["request"].user
    return {
        "plan": plan,
        "rounds": FollowUpRound.objects.visible_to(user).filter(plan=plan).select_related("plan"),
        "can_start_round": coordinates_plan(user, plan),
    }


@register.inclusion_tag("followup/includes/_own_reports.html", takes_context=True)
def own_reports(context):
    """The reports of the user's regions, newest round first, for the start and round pages."""
    reports = (
        RegionReport.objects.of_reporter(context["request"].user)
        .select_related("region", "returned_by", "round__plan")
        .order_by("-round__year", "round__plan__title", "region__name")
    )
    return {"reports": reports}


@register.filter
def level_badge(text: str):
    """A level as a badge: the letters themselves, a colour, and the words for screen readers."""
    return _badge(text or "", get_language())


@lru_cache(maxsize=256)
def _badge(text: str, language: str | None) -> str:
    """Made once per stored level and language (the key, as the labels are translated): a form
    or a matrix shows the same few levels over and over."""
    level = stored_level(text)
    return format_html(
        '<span class="level level--{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        level.css_class,
        level.label,
        str(level) or "–",
        level.label,
    )


@register.filter
def level_letters(text: str):
    """A level as a badge for print: the letters and a colour, the lightest markup for PDFs."""
    level = Level.parse(text or "")
    return format_html(
        '<span class="level level--{}">{}</span>', level.css_class, str(level) or "–"
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
