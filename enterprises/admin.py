from django.contrib import admin

from enterprises.models import Enterprise, EnterpriseAccount


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "brigade", "industry", "is_key_unit", "risk_tier")
    list_filter = ("is_key_unit", "risk_tier", "industry")
    search_fields = ("name", "uscc")
    raw_id_fields = ("brigade", "grid")


@admin.register(EnterpriseAccount)
class EnterpriseAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "enterprise", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("user", "enterprise")
    readonly_fields = ("status", "decided_by", "decided_at", "decision_reason")
