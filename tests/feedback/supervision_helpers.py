"""Shared set-up for the supervision-loop tests (B1–B5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from feedback.enums import ActKind
from feedback.models import EnforcementAct
from feedback.services.acts import act_record

BEIJING = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def make_act(*, unit: Any, officer: Any, kind: str = ActKind.PENALTY, when: datetime | None = None,
             enterprise: Any = None, **kwargs: Any) -> EnforcementAct:
    return act_record(
        kind=kind, unit=unit, officers=[officer], occurred_at=when or at(2026, 3, 2, 10), place="铁西区建设大路1号",
        summary="检查发现疏散通道堵塞", actor=officer, enterprise=enterprise,
        person_name="" if enterprise else "张三", **kwargs,
    )
