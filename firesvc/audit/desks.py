"""The latest recorded changes in the user's scope, on the supervisor's and the administrator's desks."""

from __future__ import annotations

from typing import Any

from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.core.desks import register


@register
def audit_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    if role not in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return {}
    return {"recent_events": list(AuditEvent.objects.visible_to(user).select_related("actor").order_by("-seq")[:10])}
