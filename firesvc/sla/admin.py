from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firesvc.sla.models import Clock, RuleSet, SlaAlert, TimeLimitRule
from firesvc.sla.services import ruleset_activate


class TimeLimitRuleInline(admin.TabularInline):
    model = TimeLimitRule
    extra = 0
    fields = ("code", "name", "limit", "unit", "start_event", "pause_reasons", "extension_max", "yellow_share",
              "yellow_remaining", "legal_basis")


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active")  # the code (report_era) is the loader's, not a name to read
    readonly_fields = ("is_active",)
    inlines = [TimeLimitRuleInline]
    actions = ["activate"]

    @admin.action(description=gettext_lazy("Make this the active rule set"))
    def activate(self, request, queryset):  # type: ignore[no-untyped-def]
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one rule set."), messages.ERROR)
            return
        ruleset_activate(ruleset=queryset.get(), actor=request.user)


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "ruleset", "limit", "unit", "extension_max")
    list_filter = ("ruleset", "unit")
    search_fields = ("code", "name", "legal_basis")


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ("pk", "rule", "unit", "assignee", "status", "due_at", "provisional")
    list_filter = ("status", "provisional")
    raw_id_fields = ("unit", "assignee", "rule")
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # clocks change only through their services (audited)


@admin.register(SlaAlert)
class SlaAlertAdmin(admin.ModelAdmin):
    list_display = ("clock", "level", "unit", "assignee", "due_at", "created_at", "notified")
    list_filter = ("level",)
    show_full_result_count = False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
