"""The kinds of row the plan's edit view edits, each in one place: how its URLs name it, its
form, its parent, the part of the page it re-renders and what the page says about it.

A row's part of the page ("unit") is what saving or cancelling shows again: an activity its
table row, a goal its table body (the goal and its activities), an area its section, a chapter
its section, an abbreviation its table row. A move shows the parent's part again ("container"),
since rows of it changed places.
"""

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms_rows import AbbreviationForm, ActivityForm, AreaForm, ChapterForm, GoalForm, RowForm
from .models import Abbreviation, Activity, Area, Chapter, Goal, Plan


@dataclass(frozen=True)
class RowKind:
    slug: str  # in the URL and the page's ids: "aktivitet"
    model: type[Model]
    form: type[RowForm]
    name: str  # what the templates call one: "activity"
    parent: str  # the field that holds its parent: "goal", or "plan" for the plan's own rows
    container: str  # the id of the parent's part of the page; {parent} is the parent's id
    colspan: int | None  # a form in a table row spans this many columns; None: a block
    change_title: Promise
    new_title: Promise
    add_label: Promise
    delete_title: Promise
    added: Promise
    deleted: Promise

    @property
    def unit_template(self) -> str:
        return f"plans/edit/_{self.name}.html"

    @property
    def container_template(self) -> str:
        if self.parent == "plan":
            return f"plans/edit/_{self.name}s.html"
        return _kind_of_model(self.parent_model).unit_template

    @property
    def form_replaces_heading(self) -> bool:
        """An area's or goal's form takes the place of its heading, not of its rows."""
        return self.model in (Area, Goal)

    def rows(self, plan: Plan) -> QuerySet:
        """The plan's rows of this kind, with what the templates and services read."""
        if self.model is Activity:
            return Activity.objects.filter(goal__area__plan=plan).select_related("goal__area")
        if self.model is Goal:
            return Goal.objects.filter(area__plan=plan).select_related("area")
        return self.model.objects.filter(plan=plan)

    def parent_of_new(self, plan: Plan, under: str | None) -> Model:
        """Where a new row goes: the goal or area named by ?under=, or the plan itself."""
        if self.parent == "plan":
            return plan
        try:
            pk = int(under)
        except (TypeError, ValueError):
            raise Http404 from None
        return get_object_or_404(_kind_of_model(self.parent_model).rows(plan), pk=pk)

    @property
    def parent_model(self) -> type[Model]:
        return self.model._meta.get_field(self.parent).related_model

    def unit_id(self, row: Model) -> str:
        return f"{self.slug}-{row.pk}"

    def container_id(self, parent: Model) -> str:
        return self.container.format(parent=parent.pk)

    def parent_of(self, row: Model) -> Model | None:
        """The goal or area whose part of the page holds the row; None for the plan's rows."""
        return None if self.parent == "plan" else getattr(row, self.parent)

    def unit_context(self, row: Model) -> dict:
        """What the row's part of the page shows, read again after a change, and whether it is
        first or last among its parent's rows (its move buttons)."""
        siblings = list(services.row_siblings(row).values_list("pk", flat=True))
        if self.model in (Area, Goal):  # with what the plan page shows of them
            row = self.model.objects.filter(pk=row.pk).outline()[0]
        return {self.name: row, "first": siblings[0] == row.pk, "last": siblings[-1] == row.pk}

    def container_context(self, plan: Plan, row: Model) -> dict:
        """What the row's parent's part of the page shows, read again after a move."""
        if self.parent != "plan":
            return _kind_of_model(self.parent_model).unit_context(getattr(row, self.parent))
        rows = plan.areas.outline() if self.model is Area else list(self.rows(plan))
        return {f"{self.name}s": rows}


KINDS = {
    kind.slug: kind
    for kind in [
        RowKind(
            slug="omrade",
            model=Area,
            form=AreaForm,
            name="area",
            parent="plan",
            container="omraden",
            colspan=None,
            change_title=_("Ändra området"),
            new_title=_("Nytt område"),
            add_label=_("Lägg till område"),
            delete_title=_("Ta bort området?"),
            added=_("Området är tillagt."),
            deleted=_("Området är borttaget."),
        ),
        RowKind(
            slug="mal",
            model=Goal,
            form=GoalForm,
            name="goal",
            parent="area",
            container="omrade-{parent}",
            colspan=8,
            change_title=_("Ändra målet"),
            new_title=_("Nytt mål"),
            add_label=_("Lägg till mål"),
            delete_title=_("Ta bort målet?"),
            added=_("Målet är tillagt."),
            deleted=_("Målet är borttaget."),
        ),
        RowKind(
            slug="aktivitet",
            model=Activity,
            form=ActivityForm,
            name="activity",
            parent="goal",
            container="mal-{parent}",
            colspan=8,
            change_title=_("Ändra aktiviteten"),
            new_title=_("Ny aktivitet"),
            add_label=_("Lägg till aktivitet"),
            delete_title=_("Ta bort aktiviteten?"),
            added=_("Aktiviteten är tillagd."),
            deleted=_("Aktiviteten är borttagen."),
        ),
        RowKind(
            slug="kapitel",
            model=Chapter,
            form=ChapterForm,
            name="chapter",
            parent="plan",
            container="kapitel",
            colspan=None,
            change_title=_("Ändra kapitlet"),
            new_title=_("Nytt kapitel"),
            add_label=_("Lägg till kapitel"),
            delete_title=_("Ta bort kapitlet?"),
            added=_("Kapitlet är tillagt."),
            deleted=_("Kapitlet är borttaget."),
        ),
        RowKind(
            slug="forkortning",
            model=Abbreviation,
            form=AbbreviationForm,
            name="abbreviation",
            parent="plan",
            container="forkortningar",
            colspan=3,
            change_title=_("Ändra förkortningen"),
            new_title=_("Ny förkortning"),
            add_label=_("Lägg till förkortning"),
            delete_title=_("Ta bort förkortningen?"),
            added=_("Förkortningen är tillagd."),
            deleted=_("Förkortningen är borttagen."),
        ),
    ]
}


def kind_named(slug: str) -> RowKind:
    """The kind a URL names, or 404."""
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _kind_of_model(model: type[Model]) -> RowKind:
    return next(kind for kind in KINDS.values() if kind.model is model)


def kind_of(row: Model) -> RowKind:
    return _kind_of_model(type(row))
