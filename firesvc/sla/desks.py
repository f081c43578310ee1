"""What the role desks show of the clocks: the open ones in the user's scope, red and yellow."""

from __future__ import annotations

from typing import Any

from firesvc.accounts.roles import Role
from firesvc.core.desks import register
from firesvc.sla.selectors import card_totals_for


@register
def card_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    if role in (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR):
        return {"card_totals": card_totals_for(user)}
    return {}
