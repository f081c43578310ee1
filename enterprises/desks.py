"""What the role desks show of enterprises (how many, accounts waiting for verification, key units). The
enterprise user's home is their cases (``approvals.desks``); their registry card stays under "My enterprise"."""

from __future__ import annotations

from typing import Any

from enterprises.enums import AccountStatus, SuggestionStatus
from enterprises.models import Enterprise, EnterpriseAccount, Suggestion
from firesvc.accounts.roles import Role
from firesvc.core.desks import register


@register
def enterprise_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    """The enterprises in the user's scope on every desk; pending accounts and key units on some."""
    enterprises = Enterprise.objects.visible_to(user)
    panel: dict[str, Any] = {"enterprise_count": enterprises.count()}
    if role in (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR):
        pending = EnterpriseAccount.objects.visible_to(user).filter(status=AccountStatus.PENDING)
        panel["pending_accounts"] = list(
            pending.select_related("user", "enterprise").order_by("created_at")[:10]
        )
        panel["pending_account_count"] = pending.count()
    if role in (Role.APPROVER, Role.ADMINISTRATOR):
        # Suggestions whose submitter was dissatisfied with the reply: back with the approver.
        reopened = Suggestion.objects.visible_to(user).filter(status=SuggestionStatus.REOPENED)
        panel["reopened_suggestions"] = list(reopened.select_related("enterprise").order_by("updated_at")[:10])
    if role in (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.GRID_MANAGER):
        panel["key_unit_count"] = enterprises.filter(is_key_unit=True).count()
        panel["recent_enterprises"] = list(enterprises.select_related("brigade").order_by("-created_at")[:8])
    return panel

