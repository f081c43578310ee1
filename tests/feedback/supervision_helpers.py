"""Shared set-up for the supervision-loop tests (B1–B5): ``EnforcementActFactory`` under its old name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feedback.enums import ActKind
from feedback.models import EnforcementAct
from tests.feedback.factories import BEIJING, EnforcementActFactory, at

__all__ = ["BEIJING", "at", "make_act"]


def make_act(*, unit: Any, officer: Any, kind: str = ActKind.PENALTY, when: datetime | None = None,
             enterprise: Any = None, **kwargs: Any) -> EnforcementAct:
    return EnforcementActFactory(unit=unit, officer=officer, kind=kind, enterprise=enterprise,
                                 **({"occurred_at": when} if when else {}), **kwargs)
