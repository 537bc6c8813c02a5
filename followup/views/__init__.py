"""The follow-up pages: rounds, region reports, assessments and the PDF downloads.

Each view fetches its objects through followup.permissions, reads through followup.selectors
and writes through followup.services. Pages are GETs; each form that saves posts to its own view.
"""

from .assessments import assessment_condense, assessment_detail, rcc_comment_save
from .goals import goal_detail
from .pdf import (
    published_report_pdf,
    region_report_pdf,
    region_report_pdf_preview,
    round_pdf,
    round_pdf_preview,
)
from .reports import region_report, region_report_return, region_report_save, region_report_submit
from .rounds import (
    round_create,
    round_deadline,
    round_detail,
    round_export,
    round_list,
    round_matrix,
    round_texts,
    round_texts_save,
    round_transition,
)

__all__ = [
    "assessment_condense",
    "assessment_detail",
    "goal_detail",
    "published_report_pdf",
    "rcc_comment_save",
    "region_report",
    "region_report_pdf",
    "region_report_pdf_preview",
    "region_report_return",
    "region_report_save",
    "region_report_submit",
    "round_create",
    "round_deadline",
    "round_detail",
    "round_export",
    "round_list",
    "round_matrix",
    "round_pdf",
    "round_pdf_preview",
    "round_texts",
    "round_texts_save",
    "round_transition",
]
