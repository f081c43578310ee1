from django.contrib import admin

from feedback.models import CitizenQuestion, ConsultationPoint, PatrolEquipment, PatrolMember, PatrolTeam


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
