"""What meetings answer when other apps ask (connected in MeetingsConfig.ready)."""

from django.utils.translation import gettext as _

from followup.suggestions import GoalHint

from .models import PresenceGoal
from .presence import YearPresence, groups_presence, region_sentence, summary_sentence


def presence_hints(sender, round, goals, region=None, **kwargs) -> dict[int, list[GoalHint]]:
    """For each goal linked to a steering group's presence: the presence in the round's year
    (followup.suggestions). One query for the links, then three for the linked groups'
    presence, whatever the number of goals."""
    links = list(
        PresenceGoal.objects.filter(goal_id__in=[goal.pk for goal in goals]).select_related("group")
    )
    if not links:
        return {}
    presence = groups_presence({link.group for link in links}, round.year)
    return {link.goal_id: _hints(presence[link.group_id], region) for link in links}


def _hints(presence: YearPresence, region) -> list[GoalHint]:
    prefix = _("Närvaro %(year)s:") % {"year": presence.year}
    if not presence.meetings:
        return [GoalHint(f"{prefix} {_('inga genomförda möten registrerade')}")]
    rows = {row.region.pk: row for row in presence.regions}
    if region is not None and region.pk in rows:
        return [GoalHint(f"{prefix} {region_sentence(rows[region.pk])}", region.pk)]
    return [
        GoalHint(f"{prefix} {summary_sentence(presence)}"),
        *(GoalHint(region_sentence(row), row.region.pk) for row in presence.regions),
    ]
