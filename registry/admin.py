from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Body, HealthcareRegion, Invitation, Membership, Person, Region, RoleChange
from .resources import BodyResource, PersonResource, RegionResource


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0


@admin.register(HealthcareRegion)
class HealthcareRegionAdmin(admin.ModelAdmin):
    list_display = ["name", "rcc_name", "code"]
    search_fields = ["name", "rcc_name", "code"]
    inlines = [RegionInline]


@admin.register(Region)
class RegionAdmin(ImportExportModelAdmin):
    resource_classes = [RegionResource]
    list_display = ["name", "code", "healthcare_region"]
    list_filter = ["healthcare_region"]
    search_fields = ["name", "code"]
    list_select_related = ["healthcare_region"]


@admin.register(Body)
class BodyAdmin(ImportExportModelAdmin):
    resource_classes = [BodyResource]
    list_display = ["abbreviation", "name", "healthcare_region"]
    list_filter = ["healthcare_region"]
    search_fields = ["abbreviation", "name"]
    list_select_related = ["healthcare_region"]


@admin.register(Person)
class PersonAdmin(ImportExportModelAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "region", "organisation", "email", "user"]
    list_filter = ["region__healthcare_region", "region"]
    search_fields = ["name", "organisation", "email"]
    list_select_related = ["region", "user"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "healthcare_region", "region"]
    list_filter = ["role", "healthcare_region", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "healthcare_region", "region"]
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: written by the people pages' services, read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "action",
        "user",
        "invitation",
        "role",
        "healthcare_region",
        "region",
        "by",
    ]
    list_filter = ["action", "role", "healthcare_region"]
    list_select_related = ["user", "invitation", "healthcare_region", "region", "by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "name", "role", "healthcare_region", "region", "sent_at", "used_at"]
    list_filter = ["role", "healthcare_region"]
    search_fields = ["email", "name"]
    exclude = ["token_hash"]
    list_select_related = ["healthcare_region", "region"]
