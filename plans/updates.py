"""Updating a plan from its own exported file: what would change, read without writing.

An export gives every row its key (Rad-ID: "A<id>" for an activity, "M<id>" for a goal without
one) and the versions of its activity, goal and area at export (Radversion). Reading the file
back against the plan:

- a row with a known key updates that activity, and through it its goal and area (so that
  renaming an area in the file renames it); a row without a key is new, under the goal and
  area its texts name (an existing one, or a new one);
- a key the file no longer has removes that row, and with it a goal or area left empty;
- an unknown key, or one of another plan, is a problem on its row;
- a change to a field that someone else changed after the export is a conflict on its row;
- a column the file lacks leaves its field alone, and Excel's habits are no change: trailing
  spaces, \r\n line breaks, "1,1" or "01" for a number;
- the columns other apps add (plans.columns) are compared with what their export gives and
  checked by their own rules, on each row that is an activity.

plan_update_read() gives a PlanUpdate: the changes, row by row, and the problems. Nothing is
written here: plans.services.plan_update_apply writes a PlanUpdate that has no problems.
"""

import re
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.spreadsheets import Problem, Row, read_rows

from .columns import cell_problems, present
from .formats import (
    ACTIVITY_TEXT_FIELDS,
    AGREEMENT_YES,
    COLUMN_HEADER,
    plan_columns,
    split_parts,
)
from .models import Activity, Area, Goal, GoalPart, Plan
from .signals import goals_deleting

KEY = re.compile(r"^([AM])(\d{1,18})$")
VERSION = re.compile(r"^(\d{1,18})_(\d{1,18})_(\d{1,18})$")

# Column alias -> (the object it belongs to, its field): what a row may change.
AREA_FIELDS = {"area_number": "number", "area": "title", "overall_goal": "overall_goal"}
GOAL_FIELDS = {
    "goal_number": "number",
    "goal": "text",
    "current_state": "current_state",
    "goal_parts": "parts",
    "parent_goal": "parent_goal_id",  # read and compared as the cancer plan goal's number
}
ACTIVITY_FIELDS = {"activity": "what", **ACTIVITY_TEXT_FIELDS, "agreement": "from_agreement"}
NUMBER_FIELDS = {"area_number", "goal_number", "parent_goal"}


def normalise_text(text: str) -> str:
    """A cell as Excel leaves it compared with what is stored: \\r\\n line breaks and trailing
    spaces are not the person's words."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def normalise_number(text: str) -> str:
    """ "1,1" (Swedish Excel) is 1.1 and "01" is 1: each numeric part without leading zeros."""
    parts = normalise_text(text).replace(",", ".").split(".")
    return ".".join(str(int(part)) if part.isdecimal() else part for part in parts)


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    """One row of the plan (an activity, or a goal without one): new, changed or removed."""

    action: str  # "new", "changed", "removed"
    name: str  # the row as people know it: its area, goal and "Vad ska göras?"
    row: int | None = None  # the file's row number
    fields: list[FieldChange] = field(default_factory=list)
    goes_with: list[str] = field(default_factory=list)  # a removal's goal or area


@dataclass
class Planned:
    """What the apply step writes, by object: changed fields, new rows, removals."""

    areas: dict[int, dict] = field(default_factory=dict)  # id -> field -> value
    goals: dict[int, dict] = field(default_factory=dict)
    parts: dict[int, list[str]] = field(default_factory=dict)  # goal id -> part names
    activities: dict[int, dict] = field(default_factory=dict)
    # New areas and goals by key, ("new", title) and ("new", area key, text), with their field
    # values; new activities as (file row, goal key, values), a goal key being an existing
    # goal's id or a new goal's key.
    new_areas: dict[tuple, dict] = field(default_factory=dict)
    new_goals: dict[tuple, dict] = field(default_factory=dict)
    new_activities: list[tuple] = field(default_factory=list)
    removed_activities: set[int] = field(default_factory=set)
    removed_goals: set[int] = field(default_factory=set)
    removed_areas: set[int] = field(default_factory=set)
    # The rows of a file with columns other apps add, the activity each keyed row is, and per
    # column (alias) the file rows whose cell changes what the plan holds: only those are written.
    extra_rows: list[Row] = field(default_factory=list)
    activity_rows: dict[int, int] = field(default_factory=dict)  # file row -> activity id
    extra_changed: dict[str, set[int]] = field(default_factory=dict)


@dataclass
class PlanUpdate:
    plan: Plan
    changes: list[RowChange]
    problems: list[Problem]
    planned: Planned
    warnings: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(change.action == action for change in self.changes)

    def report(self) -> str:
        """The changes as text, one per row (with each changed field), then the summary."""
        verbs = {"new": _("Ny"), "changed": _("Ändrad"), "removed": _("Borttagen")}
        lines = []
        for change in self.changes:
            where = _("rad %(row)s: ") % {"row": change.row} if change.row else ""
            extra = f" ({_('med')} {', '.join(change.goes_with)})" if change.goes_with else ""
            lines.append(f"{verbs[change.action]}: {where}{change.name}{extra}")
            for f in change.fields:
                lines.append(f"    {f.label}: «{f.before}» → «{f.after}»")
        lines += self.warnings
        lines.append(self.summary)
        return "\n".join(lines)

    @property
    def summary(self) -> str:
        """ "N nya, M ändrade, K borttagna", in rows of the plan."""
        return _("%(new)s nya, %(changed)s ändrade, %(removed)s borttagna") % {
            "new": self.count("new"),
            "changed": self.count("changed"),
            "removed": self.count("removed"),
        }


class _Plan:
    """The plan as it is now, in four queries, with the history records a file's versions
    name (one query per model)."""

    def __init__(self, plan: Plan):
        self.areas = {a.pk: a for a in Area.objects.filter(plan=plan).order_by("order")}
        self.goals = {g.pk: g for g in Goal.objects.filter(area__plan=plan).order_by("order")}
        self.parts = defaultdict(list)
        for goal_id, name in (
            GoalPart.objects.filter(goal__area__plan=plan)
            .order_by("order")
            .values_list("goal_id", "name")
        ):
            self.parts[goal_id].append(name)
        self.activities = {
            a.pk: a for a in Activity.objects.filter(goal__area__plan=plan).order_by("order")
        }
        self.activities_of = defaultdict(list)
        for activity in self.activities.values():
            self.activities_of[activity.goal_id].append(activity)
        # A local plan's goals name the cancer plan's goals by number (Mål i cancerplanen).
        self.parent_numbers: dict[int, str] = {}
        if plan.kind == Plan.Kind.LOCAL_PLAN and plan.parent_id:
            parent_goals = Goal.objects.filter(area__plan_id=plan.parent_id)
            self.parent_numbers = dict(parent_goals.values_list("pk", "number"))
        self.parent_goal_of: dict[str, int | None] = {}  # None: a number two goals share
        for pk, number in self.parent_numbers.items():
            key = normalise_number(number)
            self.parent_goal_of[key] = None if key in self.parent_goal_of else pk

    def value(self, obj, name: str):
        if name == "parts":
            return self.parts[obj.pk]
        if name == "parent_goal_id":
            return self.parent_numbers.get(obj.parent_goal_id, "")
        return getattr(obj, name)


def _cell(row: Row, alias: str):
    """The row's value for a column, as the plan stores it; None when the file lacks it."""
    if alias not in row.values:
        return None
    text = row[alias]
    if alias == "goal_parts":
        return split_parts(text)
    if alias == "agreement":
        return normalise_text(text).casefold() in AGREEMENT_YES
    return normalise_text(text)


def _same(alias: str, stored, wanted) -> bool:
    if alias in NUMBER_FIELDS:
        return normalise_number(stored) == normalise_number(wanted)
    if isinstance(stored, str):
        return normalise_text(stored) == wanted
    return stored == wanted


def _shown(value) -> str:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, list):
        return " · ".join(value)
    return value


def plan_update_read(*, plan: Plan, content: bytes, filename: str, user) -> PlanUpdate:
    """What updating the plan from this file would change, and every problem with it,
    including the changes `user` may not make (plans.columns' refusal). A command run by the
    operator passes user=None: it may change everything."""
    rows = read_rows(content, filename, plan_columns())  # SpreadsheetError if unreadable
    reader = _Reader(plan, _Plan(plan), user)
    # Rows with a key first: a new row names its goal and area by their texts in the file,
    # which the keyed rows may have renamed.
    for row in sorted(rows, key=lambda row: not normalise_text(row["row_id"])):
        reader.read(row)
    reader.remove_the_rest()
    reader.check_values()
    reader.check_conflicts()
    reader.read_extra_columns(rows)
    order = {"new": 0, "changed": 1, "removed": 2}
    changes = sorted(reader.changes, key=lambda c: (order[c.action], c.row or 0))
    problems = sorted(reader.problems, key=lambda p: p.row or 0)
    return PlanUpdate(plan, changes, problems, reader.planned, reader.warnings)


class _Reader:
    def __init__(self, plan: Plan, now: _Plan, user):
        self.plan, self.now, self.user = plan, now, user
        self.changes: list[RowChange] = []
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.planned = Planned()
        self.seen_keys: dict[str, int] = {}  # key -> the file row that has it
        self.kept_activities: set[int] = set()
        self.kept_goals: set[int] = set()  # goals a row of the file names
        self.wanted: dict[tuple, tuple[int, object]] = {}  # (model, id, field) -> (row, value)
        self.versions: list[tuple[int, dict]] = []  # (row, {model: history id}) to check
        self.new_rows: dict[tuple, int] = {}  # a new area's or goal's key -> its first row
        self.goal_by_text: dict[tuple[str, str], object] = {}  # (area title, goal text) -> key
        self.area_by_title = {normalise_text(a.title): a.pk for a in now.areas.values()}
        for goal in now.goals.values():
            area = now.areas[goal.area_id]
            self.goal_by_text.setdefault(
                (normalise_text(area.title), normalise_text(goal.text)), goal.pk
            )

    def problem(self, row: Row, alias: str | None, message: str):
        column = COLUMN_HEADER[alias] if alias else None
        self.problems.append(Problem(message, row=row.number, column=column))

    def read(self, row: Row):
        key = normalise_text(row["row_id"])
        if not key:
            self.read_new(row)
            return
        match = KEY.match(key)
        kind, pk = (match.group(1), int(match.group(2))) if match else (None, None)
        known = self.now.activities if kind == "A" else self.now.goals if kind == "M" else {}
        if pk not in known:
            self.problem(
                row,
                "row_id",
                _(
                    "Okänt Rad-ID «%(key)s»: planen har ingen sådan rad. Rad-ID skrivs av "
                    "exporten; lämna det tomt för en ny rad."
                )
                % {"key": key},
            )
            return
        if key in self.seen_keys:
            self.problem(
                row,
                "row_id",
                _("Rad-ID «%(key)s» står redan på rad %(other)s.")
                % {"key": key, "other": self.seen_keys[key]},
            )
            return
        self.seen_keys[key] = row.number
        activity = known[pk] if kind == "A" else None
        goal = self.now.goals[activity.goal_id] if activity else known[pk]
        area = self.now.areas[goal.area_id]
        self.kept_goals.add(goal.pk)
        fields = []
        fields += self.compare(row, area, AREA_FIELDS, self.planned.areas)
        fields += self.compare(row, goal, GOAL_FIELDS, self.planned.goals)
        if activity is not None:
            self.kept_activities.add(activity.pk)
            self.planned.activity_rows[row.number] = activity.pk
            fields += self.compare(row, activity, ACTIVITY_FIELDS, self.planned.activities)
            if row.values.get("activity", "x") == "":
                self.problem(row, "activity", _("Aktiviteten behöver en text i «Vad ska göras?»."))
        elif _cell(row, "activity"):  # a goal's row that now has an activity: a new one
            self.add_activity(row, goal.pk, area.pk)
        self.read_version(row, activity, goal, area)
        # New rows may name this goal and area by the texts the file gives them.
        title = self.planned.areas.get(area.pk, {}).get("title", normalise_text(area.title))
        text = self.planned.goals.get(goal.pk, {}).get("text", normalise_text(goal.text))
        self.area_by_title[title] = area.pk
        self.goal_by_text[(title, text)] = goal.pk
        if fields:
            self.changes.append(
                RowChange("changed", self.name(area, goal, activity), row.number, fields)
            )

    def compare(self, row: Row, obj, columns: dict, planned: dict) -> list[FieldChange]:
        """The fields of obj this row changes, noted for the apply step; a second row of the
        same goal or area wanting another value is a problem."""
        changes = []
        for alias, name in columns.items():
            wanted = _cell(row, alias)
            if wanted is None:
                continue
            if alias in NUMBER_FIELDS and _same(alias, self.now.value(obj, name), wanted):
                wanted = self.now.value(obj, name)  # "01" for 1 is Excel's, not a change
            earlier = self.wanted.setdefault((type(obj), obj.pk, name), (row.number, wanted))
            if earlier[1] != wanted and not _same(alias, earlier[1], wanted):
                self.problem(
                    row,
                    alias,
                    _("Rad %(other)s ger samma %(what)s ett annat värde i denna kolumn.")
                    % {
                        "other": earlier[0],
                        "what": _("område") if obj.__class__ is Area else _("mål"),
                    },
                )
                continue
            stored = self.now.value(obj, name)
            if _same(alias, stored, wanted) or earlier[0] != row.number:
                continue
            if alias == "parent_goal":
                goal_id = self.parent_goal_id(row, wanted)
                if goal_id is False:
                    continue
                planned.setdefault(obj.pk, {})[name] = goal_id
                changes.append(FieldChange(COLUMN_HEADER[alias], stored, wanted))
                continue
            planned.setdefault(obj.pk, {})[name] = wanted
            changes.append(FieldChange(COLUMN_HEADER[alias], _shown(stored), _shown(wanted)))
        if "parts" in planned.get(obj.pk, {}):
            self.planned.parts[obj.pk] = planned[obj.pk].pop("parts")
        return changes

    def parent_goal_id(self, row: Row, number: str):
        """The cancer plan goal a Mål i cancerplanen names (None for none), or False with a
        problem on the row."""
        if not number:
            return None
        if not self.now.parent_numbers:
            self.problem(
                row,
                "parent_goal",
                _(
                    "Bara en lokal handlingsplan som bygger på en cancerplan kopplar sina mål "
                    "till cancerplanens mål. Lämna kolumnen tom."
                ),
            )
            return False
        key = normalise_number(number)
        if key in self.now.parent_goal_of and self.now.parent_goal_of[key] is None:
            self.problem(
                row,
                "parent_goal",
                _("Cancerplanen har två mål med numret %(number)s.") % {"number": number},
            )
            return False
        goal_id = self.now.parent_goal_of.get(key)
        if goal_id is None:
            self.problem(
                row,
                "parent_goal",
                _("Cancerplanen har inget mål %(number)s.") % {"number": number},
            )
            return False
        return goal_id

    def read_version(self, row: Row, activity, goal, area):
        text = normalise_text(row["row_version"])
        match = VERSION.match(text)
        if not match:
            if "row_version" not in row.values or not text:
                note = _(
                    "Filen saknar Radversion: ändringar som någon annan gjort efter "
                    "exporten kan inte upptäckas."
                )
                if note not in self.warnings:
                    self.warnings.append(note)
            else:
                self.problem(
                    row, "row_version", _("Radversionen är ändrad; exportera planen igen.")
                )
            return
        ids = [int(group) for group in match.groups()]
        self.versions.append(
            (row, {Activity: (activity, ids[0]), Goal: (goal, ids[1]), Area: (area, ids[2])})
        )

    def read_new(self, row: Row):
        title, text = _cell(row, "area"), _cell(row, "goal")
        if not title or not text:
            self.problem(
                row, "area" if not title else "goal", _("En ny rad behöver område och mål.")
            )
            return
        area_key = self.area_by_title.get(title) or ("new", title)
        if isinstance(area_key, tuple) and area_key not in self.planned.new_areas:
            self.new_rows[area_key] = row.number
            self.planned.new_areas[area_key] = {
                "title": title,
                "number": _cell(row, "area_number") or "",
                "overall_goal": _cell(row, "overall_goal") or "",
            }
        goal_key = self.goal_by_text.get((title, text))
        if goal_key is None:
            goal_key = ("new", area_key, text)
            self.goal_by_text[(title, text)] = goal_key
            parent_goal_id = self.parent_goal_id(row, _cell(row, "parent_goal") or "")
            self.new_rows[goal_key] = row.number
            self.planned.new_goals[goal_key] = {
                "area": area_key,
                "text": text,
                "number": _cell(row, "goal_number") or "",
                "current_state": _cell(row, "current_state") or "",
                "parts": _cell(row, "goal_parts") or [],
                "parent_goal_id": parent_goal_id or None,
            }
            if not _cell(row, "activity"):
                self.changes.append(RowChange("new", f"{title} › {text}", row.number))
        elif not isinstance(goal_key, tuple):
            self.kept_goals.add(goal_key)
            if self.same_as_existing(row, goal_key):
                return
        if _cell(row, "activity"):
            self.add_activity(row, goal_key, area_key)

    def same_as_existing(self, row: Row, goal_id: int) -> bool:
        """A row without a key that is an activity of its goal already, one no other row
        names: the same file imported a second time, whose new rows are in the plan now.
        It is that row, changed where the file says so."""
        what = _cell(row, "activity")
        for activity in self.now.activities_of[goal_id]:
            if activity.pk not in self.kept_activities and normalise_text(activity.what) == what:
                self.kept_activities.add(activity.pk)
                self.planned.activity_rows[row.number] = activity.pk
                goal = self.now.goals[goal_id]
                area = self.now.areas[goal.area_id]
                fields = self.compare(row, activity, ACTIVITY_FIELDS, self.planned.activities)
                if fields:
                    name = self.name(area, goal, activity)
                    self.changes.append(RowChange("changed", name, row.number, fields))
                return True
        return False

    def add_activity(self, row: Row, goal_key, area_key):
        values = {name: _cell(row, alias) for alias, name in ACTIVITY_FIELDS.items()}
        values = {name: value for name, value in values.items() if value is not None}
        self.planned.new_activities.append((row.number, goal_key, values))
        title = _cell(row, "area") or ""
        self.changes.append(RowChange("new", f"{title} › {values['what']}", row.number))

    def remove_the_rest(self):
        """Rows of the plan the file does not have are removed; a goal or area left with
        nothing goes with its last row."""
        planned, now = self.planned, self.now
        goals_with_new = {goal for _row, goal, _values in planned.new_activities}
        for goal in now.goals.values():
            activities = now.activities_of[goal.pk]
            removed = [a for a in activities if a.pk not in self.kept_activities]
            planned.removed_activities |= {a.pk for a in removed}
            goal_goes = goal.pk not in self.kept_goals and goal.pk not in goals_with_new
            if goal_goes:
                planned.removed_goals.add(goal.pk)
            area = now.areas[goal.area_id]
            for activity in removed:
                self.changes.append(
                    RowChange("removed", self.name(area, goal, activity), goes_with=[])
                )
            if goal_goes:
                last = self.changes[-1] if removed else None
                note = _("målet %(goal)s") % {"goal": goal.number or goal.text[:60]}
                if last is not None:
                    last.goes_with.append(note)
                else:
                    self.changes.append(RowChange("removed", self.name(area, goal, None)))
        self.refuse_removing_newer(planned)
        if planned.removed_goals and self.plan.kind == Plan.Kind.CANCER_PLAN:
            linked = Goal.objects.filter(parent_goal__in=planned.removed_goals).count()
            if linked:
                self.warnings.append(
                    ngettext(
                        "%(n)s mål i regionernas lokala planer konkretiserar ett mål som tas "
                        "bort och förlorar sin koppling till cancerplanen.",
                        "%(n)s mål i regionernas lokala planer konkretiserar mål som tas bort "
                        "och förlorar sin koppling till cancerplanen.",
                        linked,
                    )
                    % {"n": linked}
                )
        if planned.removed_goals:
            try:
                goals_deleting.send(
                    sender=Goal, goals=Goal.objects.filter(pk__in=planned.removed_goals)
                )
            except ValidationError as exc:
                self.problems.append(Problem(" ".join(exc.messages)))
        for area in now.areas.values():
            goals = [g for g in now.goals.values() if g.area_id == area.pk]
            new_under = any(
                key[1] == area.pk for key in planned.new_goals if isinstance(key, tuple)
            )
            if goals and all(g.pk in planned.removed_goals for g in goals) and not new_under:
                planned.removed_areas.add(area.pk)
                removals = [c for c in self.changes if c.action == "removed"]
                if removals:
                    removals[-1].goes_with.append(_("området %(area)s") % {"area": area.title})

    def refuse_removing_newer(self, planned: Planned):
        """A row the file lacks that was added or changed after the export is not the person's
        to remove: the file never showed it as it is. A conflict, on the whole file."""
        exported = {
            model: max((objects[model][1] for _row, objects in self.versions), default=0)
            for model in (Activity, Goal)
        }
        if not any(exported.values()):
            return  # no Radversion to go by (warned)
        for model, removed in (
            (Activity, planned.removed_activities),
            (Goal, planned.removed_goals),
        ):
            newer = model.history.filter(id__in=removed, history_id__gt=exported[model])
            for pk in sorted(set(newer.values_list("id", flat=True))):
                obj = (self.now.activities if model is Activity else self.now.goals)[pk]
                goal = obj.goal_id if model is Activity else obj.pk
                goal = self.now.goals[goal]
                name = self.name(
                    self.now.areas[goal.area_id], goal, obj if model is Activity else None
                )
                self.problems.append(
                    Problem(
                        _(
                            "«%(name)s» finns inte i filen men har lagts till eller ändrats efter "
                            "att filen exporterades; den tas inte bort. Exportera planen igen."
                        )
                        % {"name": name}
                    )
                )

    def check_values(self):
        """What the file would write, checked as the models check it (required texts,
        lengths) and across rows (two areas with one title or number, a part named twice):
        problems on their rows, so that a preview without problems is one that saves."""
        now, planned = self.now, self.planned
        columns = {
            Area: {name: alias for alias, name in AREA_FIELDS.items()},
            Goal: {name: alias for alias, name in GOAL_FIELDS.items()},
            Activity: {name: alias for alias, name in ACTIVITY_FIELDS.items()},
        }

        def check(obj, row: int):
            try:
                obj.clean_fields(exclude=["plan", "area", "goal", "parent_goal", "order"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    alias = columns[type(obj)].get(name)
                    column = COLUMN_HEADER[alias] if alias else None
                    self.problems += [Problem(m, row=row, column=column) for m in messages]

        areas = {}  # id or key -> (row, title, number) as the plan will have them
        for area in now.areas.values():
            if area.pk not in planned.removed_areas:
                areas[area.pk] = (None, normalise_text(area.title), area.number)
        for model, objects, changes in (
            (Area, now.areas, planned.areas),
            (Goal, now.goals, planned.goals),
            (Activity, now.activities, planned.activities),
        ):
            for pk, values in changes.items():
                if not values:
                    continue
                obj = copy(objects[pk])
                for name, value in values.items():
                    setattr(obj, name, value)
                row = min(self.wanted[(model, pk, name)][0] for name in values)
                check(obj, row)
                if model is Area and pk in areas:
                    areas[pk] = (row, normalise_text(obj.title), obj.number)
        for key, values in planned.new_areas.items():
            check(Area(**values), self.new_rows[key])
            areas[key] = (self.new_rows[key], values["title"], values["number"])
        for key, values in planned.new_goals.items():
            fields = {k: v for k, v in values.items() if k not in ("area", "parts")}
            check(Goal(**fields), self.new_rows[key])
            if len(set(values["parts"])) != len(values["parts"]):
                self.problems.append(self.twice(self.new_rows[key]))
        for row, _goal, values in planned.new_activities:
            check(Activity(**values), row)
        for goal_id, names in planned.parts.items():
            if len(set(names)) != len(names):
                self.problems.append(self.twice(self.wanted[(Goal, goal_id, "parts")][0]))
        for index, alias, message in (
            (1, "area", _("Två områden i planen skulle heta «%(value)s».")),
            (2, "area_number", _("Två områden i planen skulle ha numret %(value)s.")),
        ):
            seen = {}
            for row, *values in areas.values():
                value = values[index - 1]
                if not value:
                    continue
                if value in seen and row is not None or value in seen and seen[value] is not None:
                    where = row if row is not None else seen[value]
                    self.problems.append(
                        Problem(message % {"value": value}, row=where, column=COLUMN_HEADER[alias])
                    )
                seen.setdefault(value, row)

    def read_extra_columns(self, rows: list[Row]):
        """The cells of the columns other apps add: on each row that is an activity already,
        the change from what their export gives (an empty cell too), and their problems."""
        columns = present(rows)
        if not columns:
            return
        planned = self.planned
        self.planned.extra_rows = rows
        new_rows = {number for number, _goal, _values in planned.new_activities}
        changed = {change.row: change for change in self.changes if change.action == "changed"}
        cells = {row.number: row for row in rows}
        rows_changed = planned.extra_changed
        for column in columns:
            stored = column.export(self.plan)
            rows_changed[column.alias] = {
                n for n in new_rows if normalise_text(cells[n][column.alias])
            }
            for number, pk in planned.activity_rows.items():
                before, after = stored.get(pk, ""), normalise_text(cells[number][column.alias])
                if column.same(before, after):
                    continue
                rows_changed[column.alias].add(number)
                if number not in changed:
                    activity = self.now.activities[pk]
                    goal = self.now.goals[activity.goal_id]
                    name = self.name(self.now.areas[goal.area_id], goal, activity)
                    changed[number] = RowChange("changed", name, number)
                    self.changes.append(changed[number])
                changed[number].fields.append(FieldChange(column.header, before, after))
        self.problems += cell_problems(
            self.plan,
            rows,
            set(planned.activity_rows) | new_rows,
            user=self.user,
            changed=rows_changed,
        )

    def twice(self, row: int) -> Problem:
        return Problem(
            _("Samma måldel står två gånger."), row=row, column=COLUMN_HEADER["goal_parts"]
        )

    def check_conflicts(self):
        """A field this file changes that someone else changed after the export: a conflict
        on its row, with what it is now, who and when."""
        wanted_by = {
            Activity: self.planned.activities,
            Goal: self.planned.goals,
            Area: self.planned.areas,
        }
        records = _records_named(self.versions)
        for row, objects in self.versions:
            for model, (obj, version) in objects.items():
                if obj is None:
                    continue
                base = records.get((model, version))
                for name in wanted_by[model].get(obj.pk, {}):
                    stored = getattr(obj, name)
                    if base is not None and getattr(base, name) == stored:
                        continue  # unchanged since the export: the file's change stands
                    stored = self.now.value(obj, name)
                    latest = records.get((model, "latest", obj.pk))
                    who = latest.history_user if latest else None
                    self.problem(
                        row,
                        None,
                        _(
                            "%(what)s har ändrats efter att filen exporterades%(by)s "
                            "(nu: «%(now)s»). Exportera planen igen och gör ändringen där."
                        )
                        % {
                            "what": str(model._meta.get_field(name).verbose_name).capitalize(),
                            "by": (
                                " " + _("av %(who)s") % {"who": who.get_full_name() or who.username}
                            )
                            if who
                            else "",
                            "now": _shown(stored)[:80],
                        },
                    )

    def name(self, area, goal, activity) -> str:
        area_name = f"{area.number}. {area.title}" if area.number else area.title
        goal_name = _("mål %(number)s") % {"number": goal.number} if goal.number else goal.text[:60]
        if activity is None:
            return f"{area_name} › {goal_name}"
        what = activity.what if len(activity.what) <= 80 else activity.what[:79] + "…"
        return f"{area_name} › {goal_name} › {what}"


def _records_named(versions) -> dict:
    """The history records the file's versions name, and each object's latest, by model: one
    query per model whatever the size of the file."""
    found = {}
    for model in (Activity, Goal, Area):
        ids = {version for _row, objects in versions if (version := objects[model][1])}
        objs = {obj.pk for _row, objects in versions if (obj := objects[model][0]) is not None}
        if not ids and not objs:
            continue
        records = model.history.filter(history_id__in=ids) | model.history.filter(id__in=objs)
        for record in records.select_related("history_user").order_by("history_id"):
            if record.history_id in ids:
                found[model, record.history_id] = record
            found[model, "latest", record.id] = record  # the last one wins
    return found
