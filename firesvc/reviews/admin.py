from django.contrib import admin

from firesvc.reviews.models import FollowUp, Invitation, Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("case_label", "stage", "channel", "level", "unit", "created_at")
    list_filter = ("level", "stage", "channel")
    search_fields = ("case_label",)

    def has_add_permission(self, request):  # ratings come from applicants only
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("review", "unit", "status", "created_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("case_label", "stage", "unit", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
