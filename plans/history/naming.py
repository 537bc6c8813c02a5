"""Rows named as people know them now ("Tabell 5, rad 2", "Mål 5.2"): from the plan as it is
or, for rows deleted since, from their last record. Chapters, abbreviations and goal parts name
themselves, by what their record says."""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Abbreviation, Activity, Area, Chapter, Goal, GoalPart, Plan
from .records import (
    KINDS,
    last_records_of,
)


class Naming:
    """Names rows as the plan page numbers them, from three queries on the plan as it is and,
    for rows deleted since (or their deleted parents), one on their last records per model."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.areas = {
            a["id"]: a for a in Area.objects.filter(plan=plan).values("id", "number", "order")
        }
        self.goals = {
            g["id"]: g
            for g in Goal.objects.filter(area__plan=plan).values("id", "area_id", "number", "order")
        }
        self.activities = {
            a["id"]: a
            for a in Activity.objects.filter(goal__area__plan=plan).values("id", "goal_id", "order")
        }
        self._rows = None

    def learn(self, records) -> None:
        """Look up what naming these records needs that the plan no longer has."""
        wanted = defaultdict(set)
        for record in records:
            model = record.instance_type
            wanted[model].add(record.id)
            if model in (Activity, GoalPart):
                wanted[Goal].add(record.goal_id)
            elif model is Goal:
                wanted[Area].add(record.area_id)
        # A deletion record at hand is a deleted row's last state; others are looked up.
        deletions = defaultdict(dict)
        for record in sorted(records, key=lambda r: r.history_id):
            if record.history_type == "-":
                deletions[record.instance_type][record.id] = record

        def last_states(model, known):
            missing = wanted[model] - known.keys()
            found = {id: r for id, r in deletions[model].items() if id in missing}
            return found | last_records_of(model, missing - found.keys())

        for id, r in last_states(Activity, self.activities).items():
            self.activities[id] = {"id": id, "goal_id": r.goal_id, "order": r.order}
            wanted[Goal].add(r.goal_id)
        for id, r in last_states(Goal, self.goals).items():
            self.goals[id] = {"id": id, "area_id": r.area_id, "number": r.number, "order": r.order}
        wanted[Area] |= {g["area_id"] for g in self.goals.values() if g["id"] in wanted[Goal]}
        for id, r in last_states(Area, self.areas).items():
            self.areas[id] = {"id": id, "number": r.number, "order": r.order}
        self._rows = None

    def area_number(self, area_id) -> str:
        area = self.areas.get(area_id)
        if area is None:
            return "?"
        return area["number"] or str(area["order"])

    def area(self, area_id) -> str:
        if self.plan.kind == Plan.Kind.ACTION_PLAN:
            return _("Tabell %(number)s") % {"number": self.area_number(area_id)}
        return _("Område %(number)s") % {"number": self.area_number(area_id)}

    def goal_number(self, goal_id) -> str:
        goal = self.goals.get(goal_id)
        if goal is None:
            return "?"
        return goal["number"] or f"{self.area_number(goal['area_id'])}.{goal['order']}"

    def goal(self, goal_id) -> str:
        return _("Mål %(number)s") % {"number": self.goal_number(goal_id)}

    def _row_numbers(self) -> dict[int, int]:
        """Each activity's row in its area's table: by its goal's order, then its own."""
        if self._rows is None:
            by_area = defaultdict(list)
            for activity in self.activities.values():
                goal = self.goals.get(activity["goal_id"])
                if goal is not None:
                    key = (goal["order"], goal["id"], activity["order"], activity["id"])
                    by_area[goal["area_id"]].append(key)
            self._rows = {
                key[3]: n
                for keys in by_area.values()
                for n, key in enumerate(sorted(keys), start=1)
            }
        return self._rows

    def activity(self, activity_id) -> str:
        activity = self.activities.get(activity_id)
        goal = self.goals.get(activity["goal_id"]) if activity else None
        if goal is None:
            return _("En aktivitet")
        return _("%(area)s, rad %(row)s") % {
            "area": self.area(goal["area_id"]),
            "row": self._row_numbers().get(activity_id, "?"),
        }

    def of(self, record) -> str:
        model = record.instance_type
        if model is Plan:
            return _("Planens uppgifter")
        if model is Area:
            return self.area(record.id)
        if model is Goal:
            return self.goal(record.id)
        if model is Activity:
            return self.activity(record.id)
        if model is GoalPart:
            return _("Måldel «%(name)s» i mål %(goal)s") % {
                "name": record.name,
                "goal": self.goal_number(record.goal_id),
            }
        if model is Chapter:
            if record.number:
                return _("Kapitel %(number)s %(heading)s") % {
                    "number": record.number,
                    "heading": record.heading,
                }
            return _("Kapitlet «%(heading)s»") % {"heading": record.heading}
        return _("Förkortningen %(abbreviation)s") % {"abbreviation": record.abbreviation}

    def parent_of(self, record) -> str:
        """What a person restores first when the row's parent is gone: "målet 5.2"."""
        model = record.instance_type
        if model in (Activity, GoalPart):
            return _("målet %(number)s") % {"number": self.goal_number(record.goal_id)}
        if model is Goal:
            return self.area(record.area_id)
        return _("planen")


def summary_of(record) -> str:
    """A row's main text, cut short: what the row is about."""
    text = {
        Plan: "title",
        Chapter: "heading",
        Abbreviation: "meaning",
        Area: "title",
        Goal: "text",
        GoalPart: "name",
        Activity: "what",
    }[record.instance_type]
    value = getattr(record, text)
    return value if len(value) <= 120 else value[:119] + "…"


def counted(model, n: int, plan: Plan) -> str:
    if model is Area and plan.kind == Plan.Kind.ACTION_PLAN:
        return ngettext("%(n)s tabell", "%(n)s tabeller", n) % {"n": n}
    words = {
        Plan: ("%(n)s plan", "%(n)s planer"),
        Chapter: ("%(n)s kapitel", "%(n)s kapitel"),
        Abbreviation: ("%(n)s förkortning", "%(n)s förkortningar"),
        Area: ("%(n)s område", "%(n)s områden"),
        Goal: ("%(n)s mål", "%(n)s mål"),
        GoalPart: ("%(n)s måldel", "%(n)s måldelar"),
        Activity: ("%(n)s aktivitet", "%(n)s aktiviteter"),
    }.get(model)
    if words is None:  # another app's rows, e.g. follow-up assessments of a goal
        name = model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural
        return f"{n} {name}"
    return ngettext(*words, n) % {"n": n}


def with_rows(folded: Counter, plan: Plan) -> str:
    """ "med 3 mål och 7 aktiviteter": the rows that went with a row, the plan's own first."""
    if not folded:
        return ""
    known = list(KINDS.values())

    def position(model):
        return (known.index(model) if model in known else len(known), model._meta.label)

    rows = [counted(model, folded[model], plan) for model in sorted(folded, key=position)]
    return _("med %(rows)s") % {"rows": joined(rows)}


def joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s och %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
