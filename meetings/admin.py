from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Meeting,
    Member,
    SteeringGroup,
)


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(SteeringGroup)
class SteeringGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "healthcare_region"]
    inlines = [MemberInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "group", "kind", "state"]
    list_filter = ["group", "state"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting"]
    list_filter = ["meeting__group"]


admin.site.register(Attendance, SimpleHistoryAdmin)
admin.site.register(Decision, SimpleHistoryAdmin)


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    """Titles and items may be corrected here; files are uploaded on the meeting's attachments
    page, which checks their size, type and content."""

    list_display = ["title", "meeting", "item", "content_type", "size", "uploaded_at"]
    list_filter = ["meeting__group"]
    readonly_fields = ["file", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False
