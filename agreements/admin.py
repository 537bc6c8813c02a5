"""Superusers edit agreements here, and only they (agreements.permissions.may_edit_agreements):
staff without superuser rights do not see these models in the admin, whatever their Django
permissions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ActivityLink, Agreement, Appendix, Area, Initiative
from .permissions import may_edit_agreements
from .services import agreement_copy


class SuperusersOnly:
    def _superuser(self, request, obj=None) -> bool:
        return may_edit_agreements(request.user)

    has_view_permission = has_add_permission = _superuser
    has_change_permission = has_delete_permission = has_module_permission = _superuser


class AreaInline(SuperusersOnly, admin.TabularInline):
    model = Area
    extra = 0
    fields = ["order", "ref", "title"]
    show_change_link = True


class AppendixInline(SuperusersOnly, admin.TabularInline):
    model = Appendix
    extra = 0
    fields = ["order", "title", "file"]


@admin.register(Agreement)
class AgreementAdmin(SuperusersOnly, SimpleHistoryAdmin):
    list_display = ["year", "title", "parties", "amount_kronor", "state"]
    list_filter = ["state"]
    search_fields = ["title", "introduction"]
    inlines = [AreaInline, AppendixInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=_("Kopiera strukturen till nästa år"))
    def copy_to_next_year(self, request, queryset):
        if not may_edit_agreements(request.user):
            self.message_user(
                request, _("Bara administratörer kan kopiera överenskommelser."), messages.ERROR
            )
            return
        for agreement in queryset.order_by("year"):
            try:
                copy = agreement_copy(
                    agreement=agreement, year=agreement.year + 1, user=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("Strukturen för %(year)s är kopierad till ett utkast för %(next)s.")
                % {"year": agreement.year, "next": copy.year},
                messages.SUCCESS,
            )


class InitiativeInline(SuperusersOnly, admin.TabularInline):
    model = Initiative
    extra = 0
    fields = ["order", "ref", "title", "parent"]
    raw_id_fields = ["parent"]
    show_change_link = True


@admin.register(Area)
class AreaAdmin(SuperusersOnly, SimpleHistoryAdmin):
    list_display = ["title", "ref", "agreement", "order"]
    list_filter = ["agreement"]
    search_fields = ["ref", "title"]
    list_select_related = ["agreement"]
    inlines = [InitiativeInline]


class ActivityLinkInline(SuperusersOnly, admin.TabularInline):
    model = ActivityLink
    extra = 0
    raw_id_fields = ["activity"]


@admin.register(Initiative)
class InitiativeAdmin(SuperusersOnly, SimpleHistoryAdmin):
    list_display = ["ref", "title", "area", "parent", "agreement"]
    list_filter = ["agreement", "area"]
    search_fields = ["ref", "title"]
    list_select_related = ["agreement", "area", "parent"]
    raw_id_fields = ["parent"]
    readonly_fields = ["lineage"]
    inlines = [ActivityLinkInline]


@admin.register(ActivityLink)
class ActivityLinkAdmin(SuperusersOnly, SimpleHistoryAdmin):
    list_display = ["initiative", "activity"]
    list_filter = ["initiative__agreement"]
    search_fields = ["initiative__ref", "initiative__title", "activity__what"]
    list_select_related = ["initiative", "activity"]
    raw_id_fields = ["activity", "initiative"]
