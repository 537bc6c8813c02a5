"""Writes to meetings, each atomic and in one change batch (one entry in the history)."""

from .imports import MeetingImport, meeting_import, meeting_import_file

__all__ = ["MeetingImport", "meeting_import", "meeting_import_file"]
