from django.contrib import admin

from approvals.models import (
    Application,
    AppointmentSlot,
    ChecklistItem,
    Consultation,
    Decision,
    EarlyIntervention,
    IntakeNotice,
    MaterialRequirement,
    Matter,
    ParallelCase,
    ThreeOnesBreach,
)


class MaterialRequirementInline(admin.TabularInline):
    model = MaterialRequirement
    extra = 0
    fields = ("order", "code", "name", "is_mandatory", "blank_form", "retired_on")


class ChecklistItemInline(admin.TabularInline):
    """The site-inspection checklist of the matter (现场检查项目): catalogue data."""

    model = ChecklistItem
    extra = 0
    fields = ("order", "code", "text", "is_active")


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "rule_code", "promised_days", "is_active")
    inlines = [MaterialRequirementInline, ChecklistItemInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through their services (audited)."""

    list_display = ("number", "matter", "enterprise", "brigade", "status", "green_channel", "due_date")
    list_filter = ("status", "matter", "green_channel")
    search_fields = ("number", "project_name")
    raw_id_fields = ("enterprise", "brigade", "applicant", "filed_by_clerk", "matter")
    list_select_related = ("matter", "enterprise", "brigade")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        # Through ``visible_to`` like every other path: an enterprise's unsubmitted draft is its own.
        return super().get_queryset(request).visible_to(request.user)

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


class _ReadOnly(admin.ModelAdmin):
    """Changed only through their services (audited)."""

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Decision)
class DecisionAdmin(_ReadOnly):
    list_display = ("number", "application", "kind", "outcome", "signed_at")
    list_filter = ("kind", "outcome")
    search_fields = ("number",)
    raw_id_fields = ("application", "drafted_by", "signed_by")


@admin.register(ParallelCase)
class ParallelCaseAdmin(_ReadOnly):
    list_display = ("number", "enterprise", "acceptance_mode", "created_at", "closed_at")
    raw_id_fields = ("enterprise", "brigade", "acceptance", "pre_opening", "created_by")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).visible_to(request.user)  # as ApplicationAdmin


@admin.register(EarlyIntervention)
class EarlyInterventionAdmin(_ReadOnly):
    list_display = ("project_name", "enterprise", "met_on", "application")
    raw_id_fields = ("enterprise", "brigade", "application", "recorded_by")
