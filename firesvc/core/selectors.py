"""Read models for the role desks (home pages)."""

from __future__ import annotations

from typing import Any

from firesvc.accounts.roles import Role
from firesvc.audit.selectors import events_visible_to
from firesvc.core.desks import panels
from firesvc.core.models import Heartbeat

# Where each role lands after signing in; the first role a user holds wins.
DESK_ORDER: list[str] = [
    Role.ADMINISTRATOR,
    Role.APPROVER,
    Role.REVIEWER,
    Role.WINDOW_CLERK,
    Role.SUPERVISOR,
    Role.GRID_MANAGER,
    Role.DUTY_OFFICER,
    Role.ENTERPRISE_USER,
]


def desk_role_for(user: Any) -> str | None:
    if user.is_superuser:
        return Role.ADMINISTRATOR
    for role in DESK_ORDER:
        if user.has_role(role):
            return role
    return None


def desk_summary(*, user: Any, role: str) -> dict[str, Any]:
    """The figures and short lists shown on a role's desk, all within the user's scope."""
    summary: dict[str, Any] = {"role": role}
    for panel in panels():  # what the apps (and the kernel's clocks and calendar) show: their ``desks.py``
        summary.update(panel(user=user, role=role))
    if role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        summary["recent_events"] = list(
            events_visible_to(user).select_related("actor", "content_type").order_by("-seq")[:10]
        )
    if role == Role.ADMINISTRATOR:
        summary["heartbeats"] = list(Heartbeat.objects.order_by("name"))
    return summary
