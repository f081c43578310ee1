from typing import Any

from django.contrib import admin

from firesvc.security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only, and only for administrators."""

    list_display = ("created_at", "kind", "username", "ip_address", "method", "path")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address", "path", "request_id")
    date_hierarchy = "created_at"
    show_full_result_count = False

    @staticmethod
    def _administrator(request: Any) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or getattr(user, "is_administrator", False)))

    def has_module_permission(self, request: Any) -> bool:
        return self._administrator(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self._administrator(request)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
