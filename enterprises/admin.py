from django.contrib import admin

from enterprises.hooks import enterprise_renamed
from enterprises.models import Enterprise, EnterpriseAccount


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "brigade", "industry", "is_key_unit", "risk_tier")
    list_filter = ("is_key_unit", "risk_tier", "industry")
    search_fields = ("name", "uscc")
    raw_id_fields = ("brigade", "grid")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # An administrator may change the tier or the brigade here: the next visit due moves with them (E3).
        from enterprises.services.visits import visit_due_recompute

        super().save_model(request, obj, form, change)
        visit_due_recompute(enterprise_ids=[obj.pk])
        if change and "name" in form.changed_data:  # the open cases carry the new name (as enterprise_update)
            enterprise_renamed(obj)


@admin.register(EnterpriseAccount)
class EnterpriseAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "enterprise", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("user", "enterprise")
    readonly_fields = ("status", "decided_by", "decided_at", "decision_reason")


# --- Service measures (E9) and training (E8) ---------------------------------------------------------------------

from django.contrib import messages  # noqa: E402
from django.core.exceptions import PermissionDenied, ValidationError  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from enterprises.models import (  # noqa: E402
    ServiceMeasure,
    TrainingAttendance,
    TrainingRequest,
    TrainingSession,
)
from enterprises.services import measures as measure_services  # noqa: E402


@admin.register(ServiceMeasure)
class ServiceMeasureAdmin(admin.ModelAdmin):
    list_display = ("unit", "number", "title", "category", "issued_on", "is_published", "retired_on")
    list_filter = ("category", "is_published")
    search_fields = ("title", "body")
    raw_id_fields = ("unit",)
    readonly_fields = ("is_published", "retired_on")
    actions = ["publish_selected", "retire_selected"]

    @admin.action(description=_("Publish the selected measures"), permissions=["add"])
    def publish_selected(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, measure_services.service_measure_publish)

    @admin.action(description=_("Retire the selected measures today"), permissions=["add"])
    def retire_selected(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, measure_services.service_measure_retire)

    def _run(self, request, queryset, command):  # type: ignore[no-untyped-def]
        done = 0
        for measure in queryset:
            try:
                command(actor=request.user, measure=measure)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{measure}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                  messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)d measures changed.") % {"count": done}, messages.SUCCESS)

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        from firesvc.accounts.scoping import unit_scope_q

        q = unit_scope_q(request.user, "unit")
        qs = super().get_queryset(request)
        return qs if q is None else qs.filter(q)


class TrainingAttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("date", "start_time", "unit", "topic", "trainer", "internal", "capacity")
    list_filter = ("internal",)
    raw_id_fields = ("unit",)
    inlines = [TrainingAttendanceInline]


@admin.register(TrainingRequest)
class TrainingRequestAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "topic", "status", "session", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("enterprise", "requested_by", "session")
    readonly_fields = ("status", "decline_reason")


# --- Visits (E3), forums (E4), suggestions (E5) ------------------------------------------------------------------

from enterprises.models import Forum, ForumAttendee, Suggestion, Visit, VisitInterval  # noqa: E402


@admin.register(VisitInterval)
class VisitIntervalAdmin(admin.ModelAdmin):
    """Administrators set how often each tier is visited (走访频次); a brigade's row overrides the default."""

    list_display = ("tier", "unit", "interval_days")
    list_filter = ("tier",)
    raw_id_fields = ("unit",)

    # Through the services: every enterprise the row governs gets its new due date in the same transaction.
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from enterprises.services.visits import visit_interval_save

        visit_interval_save(actor=request.user, interval=obj)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        from enterprises.services.visits import visit_interval_delete

        visit_interval_delete(actor=request.user, interval=obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for interval in queryset:
            self.delete_model(request, interval)


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "status", "visited_on", "planned_for", "method", "staff")
    list_filter = ("status", "method")
    raw_id_fields = ("enterprise", "unit", "staff", "training_request")
    readonly_fields = ("status", "visited_on")


class ForumAttendeeInline(admin.TabularInline):
    model = ForumAttendee
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ("held_on", "topic", "unit")
    raw_id_fields = ("unit", "recorded_by")
    inlines = [ForumAttendeeInline]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("number", "source", "unit", "status", "due_at", "satisfaction")
    list_filter = ("status", "source", "satisfaction")
    search_fields = ("number", "content", "submitter_name")
    raw_id_fields = ("unit", "enterprise", "visit", "forum", "submitted_by", "recorded_by")
    readonly_fields = ("status", "assignee", "decline_reason", "rectification", "feedback", "fed_back_at", "due_at",
                       "satisfaction", "satisfaction_comment")
