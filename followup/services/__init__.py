"""Every write of the follow-up: rounds, region reports, the RCC's texts, spreadsheets, reminders.

Each function is atomic and named <entity>_<action>; the modules group them by what they change.
"""

from .base import normalise_text
from .comments import assessment_condense, rcc_comment_save
from .published import (
    published_region_report_keep_pdf,
    published_region_report_rendering,
    published_report_keep_pdf,
    published_report_pdf,
    published_report_rendering,
    published_report_store,
    published_report_store_missing,
)
from .reminders import reminders_send
from .reports import (
    check_report_editable,
    region_report_return,
    region_report_save,
    region_report_submit,
)
from .rounds import round_create, round_set_deadline, round_transition, round_update_texts
from .spreadsheet import FollowUpImportResult, followup_export, followup_import

__all__ = [
    "FollowUpImportResult",
    "assessment_condense",
    "check_report_editable",
    "followup_export",
    "followup_import",
    "normalise_text",
    "published_region_report_keep_pdf",
    "published_region_report_rendering",
    "published_report_keep_pdf",
    "published_report_pdf",
    "published_report_rendering",
    "published_report_store",
    "published_report_store_missing",
    "rcc_comment_save",
    "region_report_return",
    "region_report_save",
    "region_report_submit",
    "reminders_send",
    "round_create",
    "round_set_deadline",
    "round_transition",
    "round_update_texts",
]
