"""The plan list's link to the deleted plans a user could restore."""

from django import template

from ..history import deleted_plans_for
from ..permissions import may_create_plans

register = template.Library()


@register.simple_tag(takes_context=True)
def deleted_plan_count(context) -> int:
    """How many deleted plans the user could restore: one query, none for a user who changes
    no plans (readers, reporters), who could not have created any."""
    user = context["request"].user
    if not may_create_plans(user):
        return 0
    return deleted_plans_for(user).count()
