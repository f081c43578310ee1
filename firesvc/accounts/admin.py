from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.services import org_unit_create


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "doc_code", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name", "code", "doc_code")
    raw_id_fields = ("parent",)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The tree is fixed once a unit exists: moving would re-scope its data.
        return ("kind", "parent") if obj else ()

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            super().save_model(request, obj, form, change)
            return
        created = org_unit_create(actor=request.user, kind=obj.kind, name=obj.name, code=obj.code,
                                  parent=obj.parent, address=obj.address, phone=obj.phone, doc_code=obj.doc_code,
                                  boundary=obj.boundary,
                                  centre_latitude=obj.centre_latitude, centre_longitude=obj.centre_longitude)
        obj.pk = created.pk
        obj.path, obj.depth = created.path, created.depth


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone")
    raw_id_fields = ("unit",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("firesvc", {"fields": ("full_name", "phone", "unit", "window_number", "enforcement_certificate")}),
    )
