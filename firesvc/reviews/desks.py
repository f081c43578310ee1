"""What the desks show of 好差评: the bad reviews being followed up in the user's scope, by card."""

from __future__ import annotations

from typing import Any

from firesvc.accounts.roles import Role
from firesvc.core.desks import register
from firesvc.reviews.selectors import follow_up_card_counts


@register
def review_follow_up_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    if role in (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR):
        return {"review_follow_ups": follow_up_card_counts(user)}
    return {}
