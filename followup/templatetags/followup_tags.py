from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from markupsafe import Markup, escape

from followup.levels import stored_level
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


def level_radios(field, error_id: str) -> Markup:
    """A level field's radio buttons, for the report form's goal cards (a Jinja2 global).
    Written out in the template, every id, name, value and label of every button was escaped
    on its own: 10 escapes a button, 1,400 buttons on a national form's area."""
    id, name, value = escape(field.auto_id), escape(field.html_name), field.value() or ""
    invalid = f' aria-invalid="true" aria-describedby="{escape(error_id)}"' if field.errors else ""
    return Markup(
        "".join(
            f'<label class="level-option level-option--{css}" for="{id}_{index}">'
            f'<input type="radio" name="{name}" value="{choice}" id="{id}_{index}"'
            f"{' checked' if raw == value else ''}{invalid}> <span>{label}</span></label>"
            for index, (raw, choice, css, label) in enumerate(_options(tuple(field.field.choices)))
        )
    )


@lru_cache(maxsize=16)
def _options(choices: tuple) -> tuple[tuple[str, Markup, Markup, Markup], ...]:
    """A level field's choices, escaped once: each as its value, the value escaped, its class
    and its label (translated, so the labels are part of the key)."""
    return tuple(
        (raw, escape(raw), escape((raw or "blank").lower()), escape(label))
        for raw, label in choices
    )


@register.filter
def level_letters(text: str):
    """A level as a badge for print: the letters and a colour, the lightest markup for PDFs."""
    level = stored_level(text or "")
    return format_html(
        '<span class="level level--{}">{}</span>', level.css_class, str(level) or "–"
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
