"""The plan list's link to the deleted plans a user could restore."""

from django import template

from registry.roles import roles_of

from ..history import deleted_plans_for

register = template.Library()


@register.simple_tag(takes_context=True)
def deleted_plan_count(context) -> int:
    """How many deleted plans the user could restore: one query, none for a user who changes
    no plans (readers, reporters)."""
    user = context["request"].user
    roles = roles_of(user)
    if not (roles.is_superuser or roles.coordinated or roles.planned):
        return 0
    return deleted_plans_for(user).count()
