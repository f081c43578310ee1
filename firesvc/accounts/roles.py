"""Roles as Django groups, with the permissions each one carries (DOMAIN.md C1).

The group names are the ``Role`` values; ``sync_role_groups`` makes the database match this
file after every migrate, so permissions are reviewed here, in code, not clicked in the admin.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("Window clerk")  # 窗口受理员
    REVIEWER = "reviewer", _("Reviewer / inspector")  # 审核员 / 监督员
    APPROVER = "approver", _("Approver")  # 审批负责人
    SUPERVISOR = "supervisor", _("Discipline supervisor")  # 纪检监督员
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")  # 企业用户
    GRID_MANAGER = "grid_manager", _("Grid manager / patrol")  # 网格员 / 巡逻队员
    DUTY_OFFICER = "duty_officer", _("Duty officer")  # 街道值班员: triages citizen hazard reports
    ADMINISTRATOR = "administrator", _("Administrator")  # 管理员


def role_label(name: str) -> str:
    """The role a group stands for, in the user's language (a group that is no role: its name)."""
    return str(Role(name).label) if name in Role.values else name


STAFF_ROLES = (
    Role.WINDOW_CLERK,
    Role.REVIEWER,
    Role.APPROVER,
    Role.SUPERVISOR,
    Role.GRID_MANAGER,
    Role.DUTY_OFFICER,
)

_ENTERPRISE_READ = ["enterprises.view_enterprise", "enterprises.view_enterpriseaccount"]
_ENTERPRISE_WRITE = ["enterprises.add_enterprise", "enterprises.change_enterprise"]
_ACCOUNT_VERIFY = ["enterprises.verify_enterpriseaccount"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.WINDOW_CLERK: _ENTERPRISE_READ + _ENTERPRISE_WRITE + _ACCOUNT_VERIFY,
    Role.REVIEWER: _ENTERPRISE_READ,
    Role.APPROVER: _ENTERPRISE_READ + _ENTERPRISE_WRITE + _ACCOUNT_VERIFY,
    Role.SUPERVISOR: [*_ENTERPRISE_READ, "audit.view_auditevent"],
    Role.ENTERPRISE_USER: [],
    Role.GRID_MANAGER: ["enterprises.view_enterprise"],
    Role.DUTY_OFFICER: ["enterprises.view_enterprise"],
    Role.ADMINISTRATOR: _ENTERPRISE_READ + _ENTERPRISE_WRITE + _ACCOUNT_VERIFY + ["audit.view_auditevent"] + [
        f"{app}.{action}_{model}"
        for app, model in [("workcalendar", "calendarday"), ("workcalendar", "calendaryear"),
                           ("sla", "ruleset"), ("sla", "timelimitrule"), ("enterprises", "servicemeasure"),
                           ("approvals", "matter"), ("approvals", "materialrequirement"),
                           ("approvals", "checklistitem"),
                           ("enterprises", "visitinterval"),
                           ("feedback", "firsterrorrule"), ("feedback", "samplingrule"),
                           ("safety", "keyunitcategory"), ("safety", "keyunitmeasure")]
        for action in ("view", "add", "change", "delete")
    ],
}


def sync_role_groups() -> None:
    """Create one group per role and give it exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:  # a model of a later migration: picked up on the next migrate
                wanted.append(perm)
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(**kwargs: Any) -> None:
    sync_role_groups()
