from django import template

from registry.permissions import manages_people as _manages_people

register = template.Library()


@register.filter
def manages_people(user) -> bool:
    """Whether the menu shows "Personer": coordinators and superusers (no query of its own)."""
    return _manages_people(user)
