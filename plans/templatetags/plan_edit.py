"""The plan's edit view: the button that adds a row, with its kind's words (plans.editing)."""

from django import template

from ..editing import KINDS

register = template.Library()


@register.inclusion_tag("plans/edit/_add.html", takes_context=True)
def add_row(context, slug: str, parent=None):
    """{% add_row "aktivitet" goal %}: where a new row of that kind under parent is added."""
    return {"plan": context["plan"], "kind": KINDS[slug], "parent": parent}
