from django import template

from ..selectors import todo_for

register = template.Library()


@register.inclusion_tag("notifications/includes/_todo_list.html")
def todo_list(user):
    """What needs the person now, for the start page (notifications.selectors.todo_for)."""
    return {"todos": todo_for(user), "user": user}
