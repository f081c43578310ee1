from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firesvc.notifications.models import Notification, NotificationPreference, OutboxMessage
from firesvc.notifications.services import outbox_message_retry


class OutboxInline(admin.TabularInline):
    model = OutboxMessage
    extra = 0
    can_delete = False
    fields = ("channel", "address", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "dedupe_key")
    raw_id_fields = ("recipient",)
    readonly_fields = ("recipient", "kind", "title", "body", "url", "created_at", "read_at", "dedupe_key")
    inlines = [OutboxInline]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # notifications come from the features through services.notify


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "address", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("address", "notification__title")
    readonly_fields = ("notification", "channel", "address", "status", "attempts", "last_error", "next_attempt_at",
                       "claimed_at", "sent_at", "created_at")
    actions = ["retry"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    @admin.action(description=_("Retry the selected failed messages"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox_message_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, gettext("Messages to be sent again: %(count)d") % {"count": count},
                          messages.SUCCESS)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "sms", "updated_at")
    raw_id_fields = ("user",)
