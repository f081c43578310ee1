"""What the desks show of hazards: confirmed major hazards not yet reported to the people's government."""

from __future__ import annotations

from typing import Any

from enterprises.safety.models import Hazard
from firesvc.accounts.roles import Role
from firesvc.core.desks import register


@register
def major_hazard_report_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    """Approvers (who record the report) and administrators: how many are waiting, within their scope."""
    if role in (Role.APPROVER, Role.ADMINISTRATOR):
        return {"unreported_major_hazards": Hazard.objects.visible_to(user).awaiting_government_report().count()}
    return {}
