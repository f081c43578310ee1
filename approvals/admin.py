from django.contrib import admin

from approvals.models import (
    Application,
    AppointmentSlot,
    Consultation,
    IntakeNotice,
    MaterialRequirement,
    Matter,
    ThreeOnesBreach,
)


class MaterialRequirementInline(admin.TabularInline):
    model = MaterialRequirement
    extra = 0
    fields = ("order", "code", "name", "is_mandatory", "blank_form", "retired_on")


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "rule_code", "promised_days", "is_active")
    inlines = [MaterialRequirementInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through their services (audited)."""

    list_display = ("number", "matter", "enterprise", "brigade", "status", "green_channel", "due_date")
    list_filter = ("status", "matter", "green_channel")
    search_fields = ("number", "project_name")
    raw_id_fields = ("enterprise", "brigade", "applicant", "filed_by_clerk", "matter")
    list_select_related = ("matter", "enterprise", "brigade")

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(IntakeNotice)
class IntakeNoticeAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "application", "issued_at", "issued_by")
    list_filter = ("kind",)
    raw_id_fields = ("application", "issued_by")

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


admin.site.register(Consultation)
admin.site.register(ThreeOnesBreach)
admin.site.register(AppointmentSlot)
