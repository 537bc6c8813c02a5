from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    FollowUpRound,
    PublishedReport,
    RccComment,
    RegionReport,
    Reminder,
    RoundEvent,
)


class RegionReportInline(admin.TabularInline):
    model = RegionReport
    extra = 0
    fields = ["region", "state", "submitted_by", "submitted_at"]
    readonly_fields = ["submitted_by", "submitted_at"]


class RoundEventInline(admin.TabularInline):
    model = RoundEvent
    extra = 0
    fields = ["at", "user", "action", "region", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PublishedReportInline(admin.TabularInline):
    """Published versions are never changed; they go only with their round."""

    model = PublishedReport
    extra = 0
    fields = ["number", "published_at", "published_by", "html", "pdf"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "state", "opens_on", "deadline"]
    list_filter = ["state", "plan"]
    search_fields = ["plan__title", "introduction", "summary"]
    list_select_related = ["plan"]
    filter_horizontal = ["regions"]
    inlines = [RegionReportInline, RoundEventInline, PublishedReportInline]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "round", "region", "level"]
    list_filter = ["round", "region", "level"]
    search_fields = ["comment", "condensed_comment", "goal__text"]
    list_select_related = ["round__plan", "region", "goal"]
    raw_id_fields = ["goal"]


@admin.register(RccComment)
class RccCommentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "round", "goal"]
    list_filter = ["round"]
    search_fields = ["text"]
    list_select_related = ["round__plan", "goal"]
    raw_id_fields = ["goal"]


@admin.register(RegionReport)
class RegionReportAdmin(SimpleHistoryAdmin):
    list_display = ["region", "round", "state", "submitted_by", "submitted_at"]
    list_filter = ["state", "round", "region"]
    list_select_related = ["region", "round__plan", "submitted_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["region", "round", "sent_on", "recipients"]
    list_filter = ["sent_on", "region"]
    list_select_related = ["region", "round__plan"]
