"""A plan's history, read from simple-history's tables: its changes, named, with their diffs,
and what a restore brings back (plans.services.history writes the restores).

- records: which records belong to the plan, change batches, what was deleted together;
- naming: rows named by their numbers ("Tabell 5, rad 2");
- diffs: fields before and after, word diffs, what restoring a version sets;
- changes: the history page's changes; forms: its filters.
"""

from .changes import Change, Entry, HistoryPage, plan_changes
from .diffs import FieldChange, field_changes, restored_values, version_preview, word_diff
from .forms import HistoryFilterForm
from .naming import Naming, counted, with_rows
from .records import (
    KINDS,
    PARENT,
    PARENT_MODEL,
    Deleted,
    HistoryFilter,
    SinceApproval,
    changes_since_approval,
    deleted_plans_for,
    deleted_together,
    history_models,
    history_record_for_plan,
    in_plan,
    is_last_record,
    plan_scopes,
    restored_deleted_reason,
    restored_version_reason,
    since_approval_for,
)

__all__ = [
    "KINDS",
    "PARENT",
    "PARENT_MODEL",
    "Change",
    "Deleted",
    "Entry",
    "FieldChange",
    "HistoryFilter",
    "HistoryFilterForm",
    "HistoryPage",
    "Naming",
    "SinceApproval",
    "changes_since_approval",
    "counted",
    "deleted_plans_for",
    "deleted_together",
    "field_changes",
    "history_models",
    "history_record_for_plan",
    "in_plan",
    "is_last_record",
    "plan_changes",
    "plan_scopes",
    "restored_deleted_reason",
    "restored_values",
    "restored_version_reason",
    "since_approval_for",
    "version_preview",
    "with_rows",
    "word_diff",
]
