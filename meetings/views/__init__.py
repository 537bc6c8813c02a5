"""The meeting pages. Each view fetches its objects through meetings.permissions and writes
through meetings.services."""

from .meetings import group_calendar, meeting_calendar, meeting_detail, meeting_list

__all__ = ["group_calendar", "meeting_calendar", "meeting_detail", "meeting_list"]
