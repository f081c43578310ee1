"""Reading receipts (B2), with integrity flags (吃拿卡要) kept from those who may not read them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from feedback.models import EnforcementAct, Receipt, sees_integrity_about
from firesvc.accounts.roles import Role


def receipts_for_enterprise(enterprise: Any, user: Any = None) -> QuerySet[Receipt]:
    """Receipts of the acts concerning ``enterprise``, newest first (for the enterprise timeline).

    The caller decides who may see the enterprise. Receipts flagged 吃拿卡要 are integrity content:
    they are left out unless ``user`` is a discipline supervisor who may read them.
    """
    receipts = Receipt.objects.filter(act__enterprise=enterprise)
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_role(Role.SUPERVISOR):
        receipts = receipts.exclude(integrity_flag=True)
    else:
        receipts = receipts.exclude(Q(integrity_flag=True)
                                    & (Q(act__unit_id=user.unit_id) | Q(act__officers=user)))
    return receipts.select_related("act", "act__unit").order_by("-act__occurred_at", "-pk")


def rating_shown(user: Any, act: EnforcementAct) -> bool:
    """Whether the act's receipt rating may be shown to ``user``: a 吃拿卡要 flag is integrity content."""
    receipt = getattr(act, "receipt", None)
    if receipt is None or not receipt.integrity_flag:
        return True
    return sees_integrity_about(user, unit_id=act.unit_id, officer_ids=[o.pk for o in act.officers.all()])

