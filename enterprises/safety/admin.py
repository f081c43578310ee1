from django.contrib import admin

from enterprises.safety.models import (
    Hazard,
    KeyUnitCategory,
    KeyUnitDesignation,
    KeyUnitMeasure,
    RectificationOrder,
    ResponsibilityLetter,
)


@admin.register(KeyUnitCategory)
class KeyUnitCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "min_building_area", "min_occupants", "is_active")
    list_filter = ("is_active",)


@admin.register(KeyUnitMeasure)
class KeyUnitMeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "order", "is_active")
    list_editable = ("order", "is_active")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records changed only through the services (status, audit): viewable, not editable here."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Hazard)
class HazardAdmin(ReadOnlyAdmin):
    list_display = ("pk", "unit", "enterprise", "severity", "status", "created_at")
    list_filter = ("status", "severity", "source")
    search_fields = ("description", "address")


@admin.register(RectificationOrder)
class RectificationOrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "hazard", "due_date", "issued_at", "overdue_at")
    search_fields = ("number",)


@admin.register(KeyUnitDesignation)
class KeyUnitDesignationAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "category", "designated_at", "ended_at")


@admin.register(ResponsibilityLetter)
class ResponsibilityLetterAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "signed_on")
