"""An area's name as plans show it, in the plan page, its edit view and the Jinja2 areas."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import Plan

register = template.Library()


@register.simple_tag
def area_name(plan, area) -> str:
    """ "Tabell 2. Title" in an RCC's action plan, whose areas are its tables; "2. Title"
    elsewhere; the title alone when the area has no number."""
    table = f"{_('Tabell')} " if plan.kind == Plan.Kind.ACTION_PLAN else ""
    number = f"{area.number}. " if area.number else ""
    return format_html("{}{}{}", table, number, area.title)
