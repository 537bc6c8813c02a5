"""Every write of the plans: imports and exports, copies, status, rows edited in place, restores.

Each function is atomic and named <entity>_<action>; the modules group them by what they change.
"""

from .plans import (
    PLAN_TRANSITIONS,
    PlanImportResult,
    find_owner,
    parse_period,
    plan_add_chapters,
    plan_approve,
    plan_copy,
    plan_export,
    plan_import,
    plan_set_abbreviations,
    plan_transition,
)

__all__ = [
    "PLAN_TRANSITIONS",
    "PlanImportResult",
    "find_owner",
    "parse_period",
    "plan_add_chapters",
    "plan_approve",
    "plan_copy",
    "plan_export",
    "plan_import",
    "plan_set_abbreviations",
    "plan_transition",
]
