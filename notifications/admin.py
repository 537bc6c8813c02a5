from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was mailed to whom: a record, not something to edit."""

    list_display = ["created_at", "kind", "email", "subject", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["email", "subject", "event"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
