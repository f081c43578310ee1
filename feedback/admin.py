from django.contrib import admin

from feedback.models import (
    CitizenQuestion,
    Complaint,
    ConsultationPoint,
    EnforcementAct,
    FirstErrorRule,
    PatrolEquipment,
    PatrolMember,
    PatrolTeam,
    SamplingRule,
)


class PatrolMemberInline(admin.TabularInline):
    model = PatrolMember
    extra = 0


class PatrolEquipmentInline(admin.TabularInline):
    model = PatrolEquipment
    extra = 0


@admin.register(PatrolTeam)
class PatrolTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "leader", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "leader"]
    filter_horizontal = ["grids"]
    inlines = [PatrolMemberInline, PatrolEquipmentInline]


@admin.register(ConsultationPoint)
class ConsultationPointAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "phone", "service_hours", "active"]
    search_fields = ["name", "address"]


@admin.register(CitizenQuestion)
class CitizenQuestionAdmin(admin.ModelAdmin):
    """Read-only: questions change state only through the services (clock and audit)."""

    list_display = ["__str__", "community", "channel", "status", "created_at", "published_to_faq"]
    list_filter = ["status", "channel", "published_to_faq"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


# --- Supervision loop (B1–B5) ------------------------------------------------------------------------------


@admin.register(FirstErrorRule)
class FirstErrorRuleAdmin(admin.ModelAdmin):
    """The per-province 首错不罚 lists, maintained by administrators."""

    list_display = ["province", "code", "title", "basis", "active"]
    list_filter = ["province", "active"]
    search_fields = ["title", "basis", "code"]


@admin.register(SamplingRule)
class SamplingRuleAdmin(admin.ModelAdmin):
    """Which share of each kind of act gets a return visit (回访抽样)."""

    list_display = ["act_kind", "share_percent", "seed"]


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Rows change only through the services (clocks and audit)."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(EnforcementAct)
class EnforcementActAdmin(_ReadOnlyAdmin):
    list_display = ["number", "kind", "unit", "occurred_at", "reference"]
    list_filter = ["kind"]
    search_fields = ["number", "reference", "person_name"]
    exclude = ["source_type", "source_id"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Complaint)
class ComplaintAdmin(_ReadOnlyAdmin):
    """Through ``visible_to`` like every other path: integrity reports stay with discipline supervisors."""

    list_display = ["number", "kind", "source", "status", "unit", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["number"]
    exclude = ["token"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).visible_to(request.user)
