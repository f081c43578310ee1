from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role, role_label
from firesvc.accounts.services import org_unit_create


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "doc_code", "parent", "tree_path")
    list_filter = ("kind",)
    search_fields = ("name", "code", "doc_code")
    raw_id_fields = ("parent",)

    @admin.display(description=_("path"), ordering="path")
    def tree_path(self, obj: OrgUnit) -> str:
        return obj.path

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


# Django stores a model's four permissions under English names ("Can view visit"): the admin reads them
# as the model's name and the action, in Django's own words for the actions.
_ACTIONS = {"add": _("Add"), "change": _("Change"), "delete": _("Delete"), "view": _("View")}


def permission_label(permission: Permission) -> str:
    """``应用 | 模型 | 查看``: the model's four permissions by their action, any other by its (translated) name."""
    action, _sep, model = permission.codename.partition("_")
    content_type = permission.content_type
    name = _ACTIONS[action] if action in _ACTIONS and model == content_type.model else gettext(permission.name)
    return f"{content_type} | {name}"


def _label_groups_and_permissions(field):  # type: ignore[no-untyped-def]
    """The choices of a ``groups`` or a ``permissions`` field, named in the user's language."""
    if field is None:
        return field
    if field.queryset.model is Group:
        field.label_from_instance = lambda group: role_label(group.name)
    elif field.queryset.model is Permission:
        field.queryset = field.queryset.select_related("content_type")
        field.label_from_instance = permission_label
    return field


class RoleFilter(admin.SimpleListFilter):
    """The groups are the roles: filter by the role's name, not by the group's code."""

    title = _("account role")
    parameter_name = "role"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return Role.choices

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        return queryset.filter(groups__name=self.value()) if self.value() in Role.values else queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # The login name is listed here, and only here: this is where the administrator gives and resets them.
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    list_filter = (RoleFilter, "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone")
    raw_id_fields = ("unit",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal account"), {"fields": ("full_name", "phone", "unit", "window_number", "enforcement_certificate")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        return _label_groups_and_permissions(super().formfield_for_manytomany(db_field, request, **kwargs))


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """The groups are the roles (``roles.py``): listed by the role's name, their permissions in Chinese."""

    list_display = ("role",)

    @admin.display(description=_("account role"), ordering="name")
    def role(self, group: Group) -> str:
        return role_label(group.name)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):  # type: ignore[no-untyped-def]
        return _label_groups_and_permissions(super().formfield_for_manytomany(db_field, request, **kwargs))
