from django.contrib import admin

from firesvc.stats.models import DailyCount


@admin.register(DailyCount)
class DailyCountAdmin(admin.ModelAdmin):
    list_display = ("day", "key", "unit", "value")
    list_filter = ("key",)
    date_hierarchy = "day"
    raw_id_fields = ("unit",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
