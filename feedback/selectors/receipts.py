"""Reading receipts (B2). A receipt's rating may carry a 吃拿卡要 flag (integrity content), so the rating of
every receipt, flagged or not, is read only by those who may read integrity content about the act
(``sees_integrity_about``); everybody else learns only whether a receipt came back."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from feedback.models import EnforcementAct, Receipt, sees_integrity_about


def receipts_for_enterprise(enterprise: Any, user: Any = None) -> QuerySet[Receipt]:
    """Receipts of the acts concerning ``enterprise``, newest first (for the enterprise timeline).

    The caller decides who may see the enterprise. Every receipt is listed, flagged 吃拿卡要 or not: the
    timeline says only whether it came back, and leaving the flagged ones out would point at them.
    """
    receipts = Receipt.objects.filter(act__enterprise=enterprise)
    return receipts.select_related("act", "act__unit").order_by("-act__occurred_at", "-pk")


def rating_shown(user: Any, act: EnforcementAct) -> bool:
    """Whether the act's receipt rating may be shown to ``user``: the same answer for every receipt of the
    act, flagged or not (the officers of the act and staff other than supervisors see only "returned")."""
    return sees_integrity_about(user, unit_id=act.unit_id, officer_ids=[o.pk for o in act.officers.all()])

