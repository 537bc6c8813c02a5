from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Abbreviation, Activity, Area, Goal, GoalPart, Plan


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["order", "number", "title", "overall_goal"]
    show_change_link = True


class AbbreviationInline(admin.TabularInline):
    model = Abbreviation
    extra = 0
    fields = ["order", "abbreviation", "meaning"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "kind", "owner_display", "period_display", "status"]
    list_filter = ["kind", "status", "owner_healthcare_region", "owner_region"]
    search_fields = ["title", "slug", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["owner_healthcare_region", "owner_region__healthcare_region"]
    raw_id_fields = ["parent"]
    inlines = [AreaInline, AbbreviationInline]

    @admin.display(description=_("ägare"))
    def owner_display(self, plan):
        return plan.owner

    @admin.display(description=_("period"), ordering="first_year")
    def period_display(self, plan):
        return plan.period


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["order", "number", "text"]
    show_change_link = True


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "overall_goal"]
    list_select_related = ["plan"]
    inlines = [GoalInline]


class GoalPartInline(admin.TabularInline):
    model = GoalPart
    extra = 0


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    fields = [
        "order",
        "what",
        ("how", "who"),
        ("when", "follow_up"),
        ("responsible", "timeframe"),
        ("first_year", "last_year"),
        "from_agreement",
        ("who_bodies", "responsible_bodies"),
    ]
    filter_horizontal = ["who_bodies", "responsible_bodies"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "area", "order"]
    list_filter = ["area__plan"]
    search_fields = ["text", "number", "current_state"]
    list_select_related = ["area__plan"]
    autocomplete_fields = ["area"]
    raw_id_fields = ["parent_goal"]
    inlines = [GoalPartInline, ActivityInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "goal", "timeframe", "from_agreement"]
    list_filter = ["goal__area__plan", "from_agreement", "who_bodies", "responsible_bodies"]
    search_fields = ["what", "how", "who", "responsible", "follow_up"]
    list_select_related = ["goal"]
    autocomplete_fields = ["goal"]
    filter_horizontal = ["who_bodies", "responsible_bodies"]


@admin.register(Abbreviation)
class AbbreviationAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "meaning", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["abbreviation", "meaning"]
