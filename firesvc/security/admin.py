from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firesvc.accounts.admin import UserAdmin as AccountsUserAdmin
from firesvc.accounts.models import User
from firesvc.security.models import SecurityEvent
from firesvc.security.password_reset import password_reset_by_administrator


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only, and only for administrators."""

    list_display = ("created_at", "kind", "who", "ip_address", "method", "path")
    list_select_related = ("user",)
    list_filter = ("kind",)
    search_fields = ("username", "ip_address", "path", "request_id")
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=gettext_lazy("User"))
    def who(self, event: SecurityEvent) -> str:
        return event.who

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


# The users' admin (firesvc.accounts.admin) with the administrator's password reset added here, where
# the reset lives: accounts is below security and does not import it.
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    actions = ["reset_password"]
    list_display = (*AccountsUserAdmin.list_display, "must_change_password")

    @admin.action(description=gettext_lazy("Reset the password (the user must choose a new one at the next sign-in)"))
    def reset_password(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        if not (request.user.is_superuser or getattr(request.user, "is_administrator", False)):
            raise PermissionDenied
        for user in queryset.order_by("username"):
            temporary = password_reset_by_administrator(administrator=request.user, user=user)
            self.message_user(request, _(
                "The password of %(name)s is now %(password)s. Give it to them in person or by telephone; "
                "they must choose their own password when they next sign in.") % {
                "name": user.full_name or user.get_username(), "password": temporary}, messages.WARNING)
