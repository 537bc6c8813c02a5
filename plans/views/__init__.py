"""The plan pages: the list, a plan and its downloads, copying and status, editing in place.

Each view fetches its plan through plans.permissions and writes through plans.services.
"""

from .history import (
    deleted_plan_restore,
    deleted_plans,
    plan_history,
    plan_history_restore_deleted,
    plan_history_restore_version,
)
from .local import plan_coverage
from .plans import (
    plan_abbreviations,
    plan_approve,
    plan_copy,
    plan_create,
    plan_delete,
    plan_detail,
    plan_edit_details,
    plan_export_download,
    plan_list,
    plan_pdf,
    plan_pdf_preview,
    plan_transition,
)
from .rows import plan_edit, row_add, row_delete, row_detail, row_edit, row_move
from .updates import plan_create_preview, plan_update, plan_update_preview

__all__ = [
    "deleted_plan_restore",
    "deleted_plans",
    "plan_history",
    "plan_history_restore_deleted",
    "plan_history_restore_version",
    "plan_coverage",
    "plan_abbreviations",
    "plan_approve",
    "plan_copy",
    "plan_create",
    "plan_delete",
    "plan_detail",
    "plan_edit_details",
    "plan_export_download",
    "plan_list",
    "plan_pdf",
    "plan_pdf_preview",
    "plan_transition",
    "plan_edit",
    "plan_create_preview",
    "plan_update",
    "plan_update_preview",
    "row_add",
    "row_delete",
    "row_detail",
    "row_edit",
    "row_move",
]
