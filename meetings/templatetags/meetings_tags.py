from django import template

from ..permissions import may_see_meetings as _may_see_meetings

register = template.Library()


@register.filter
def may_see_meetings(user) -> bool:
    """Whether the navigation shows "Möten" to the user."""
    return _may_see_meetings(user)
