"""A steering group's calendar subscription: its secret address, and a new one when the old
has spread too far."""

from django.db import transaction

from documents.history import change_batch

from ..models import SteeringGroup, new_feed_token


@transaction.atomic
def group_feed_token_rotate(*, group: SteeringGroup, user) -> SteeringGroup:
    """Give the group a new subscription address; the old one stops working at once."""
    with change_batch(user):
        group = SteeringGroup.objects.select_for_update().get(pk=group.pk)
        group.feed_token = new_feed_token()
        group._history_user = user
        group.save(update_fields=["feed_token"])
    return group
