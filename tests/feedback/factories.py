"""Factories of the feedback app (supervision loop B1–B5)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from feedback.enums import ActKind
from feedback.models import EnforcementAct
from feedback.services.acts import act_record

BEIJING = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    """A moment in Beijing time."""
    return datetime(*args, tzinfo=BEIJING)


class EnforcementActFactory(factory.django.DjangoModelFactory):
    """An enforcement act recorded through ``act_record`` (so with its receipt and, if sampled, a return visit).

    Give ``unit`` and ``officer`` (who records it and is its officer); a person is the subject unless
    ``enterprise`` is given.
    """

    class Meta:
        model = EnforcementAct

    kind = ActKind.PENALTY
    occurred_at = factory.LazyFunction(lambda: at(2026, 3, 2, 10))
    place = "铁西区建设大路1号"
    summary = "检查发现疏散通道堵塞"
    enterprise = None
    person_name = factory.LazyAttribute(lambda act: "" if act.enterprise else "张三")

    @classmethod
    def _create(cls, model_class, *args, officer, **kwargs):  # type: ignore[no-untyped-def]
        return act_record(officers=[officer], actor=officer, **kwargs)
