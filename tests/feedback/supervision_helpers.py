"""Shared set-up for the supervision-loop tests (B1–B5): ``EnforcementActFactory`` under its old name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feedback.enums import ActKind
from feedback.models import EnforcementAct, Receipt
from tests.feedback.factories import BEIJING, EnforcementActFactory, at

__all__ = ["BEIJING", "at", "make_act"]


def make_act(*, unit: Any, officer: Any, kind: str = ActKind.PENALTY, when: datetime | None = None,
             enterprise: Any = None, **kwargs: Any) -> EnforcementAct:
    return EnforcementActFactory(unit=unit, officer=officer, kind=kind, enterprise=enterprise,
                                 **({"occurred_at": when} if when else {}), **kwargs)


def rate_new_act(world: dict[str, Any], *, overall: int, flag: bool = False, officer: Any = None) -> Receipt:
    """A penalty of ``world``'s brigade (``rating_world``) whose receipt is rated ``overall`` (and flagged as an
    integrity report when ``flag``)."""
    from feedback.services.receipts import Rating, receipt_rate
    from tests.factories import EnterpriseFactory

    act = make_act(unit=world["brigade"], officer=officer or world["officer"], kind=ActKind.PENALTY,
                   enterprise=EnterpriseFactory(brigade=world["brigade"]))
    return receipt_rate(receipt=act.receipt, rating=Rating(overall=overall, integrity_flag=flag), at=at(2026, 3, 3))
