"""The counters of the dashboard, declared by each app in its ``stats.py`` (DOMAIN.md C6).

A counter names one kind of record, the timestamp that places it in a period, the field
that places it in the organisation tree, and an optional condition. That is all the
dashboard, the nightly roll-up and the tests need: a counter counts exactly the rows
``counter_queryset`` returns, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise


@dataclass(frozen=True)
class Counter:
    key: str  # stable identifier, stored in the roll-up table
    label: str | Promise
    group: str | Promise  # the dashboard section it belongs to
    model: str  # "app_label.ModelName"
    date_field: str  # DateTimeField or DateField that places a row in a day
    unit_field: str  # path to the responsible OrgUnit (a ForeignKey), e.g. "brigade" or "act__unit"
    condition: Q | None = None
    sum_field: str | None = None  # sum this field instead of counting rows (for averages)
    order: int = 100
    headline: bool = False  # shown as a big figure at the top
    # Other models whose rows change what this counter counts (its condition reads them), each with the path
    # from such a row to the counted row: ``(("enterprises.TrainingAttendance", "session"),)``. A closed day's
    # roll-up is redone when they change, as when the counted rows do (``firesvc.stats.freshness``).
    depends_on: tuple[tuple[str, str], ...] = ()

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def is_datetime(self) -> bool:
        model = self.model_class()
        target: Any = model
        parts = self.date_field.split("__")
        for part in parts[:-1]:
            target = target._meta.get_field(part).related_model
        return isinstance(target._meta.get_field(parts[-1]), models.DateTimeField)


@dataclass(frozen=True)
class Ratio:
    """A derived figure: numerator / denominator over the same unit and period."""

    key: str
    label: str | Promise
    group: str | Promise
    numerator: str
    denominator: str
    percent: bool = True  # shown as a percentage; otherwise as an average (e.g. 4.6 of 5)
    order: int = 100
    headline: bool = False


_COUNTERS: dict[str, Counter] = {}
_RATIOS: dict[str, Ratio] = {}


def register(*items: Counter | Ratio) -> None:
    for item in items:
        target: dict[str, Any] = _COUNTERS if isinstance(item, Counter) else _RATIOS
        existing = target.get(item.key)
        if existing is not None and existing != item:
            raise ValueError(f"statistics key {item.key!r} declared twice")
        target[item.key] = item


# Figures that are a stock (how many there are now), not a flow over a period, e.g. the key units and
# how many of them are covered: an app registers the function that computes one for a set of units.
_STOCKS: dict[str, Callable[..., dict[str, Any]]] = {}


def register_stock(key: str, compute: Callable[..., dict[str, Any]]) -> None:
    """Declare the stock ``key``: ``compute(unit_ids=[...] or None)`` returns its figures."""
    existing = _STOCKS.get(key)
    if existing is not None and existing is not compute:
        raise ValueError(f"statistics stock {key!r} declared twice")
    _STOCKS[key] = compute


def stock(key: str, *, unit_ids: list[int] | None) -> dict[str, Any]:
    """The figures of the stock ``key`` in these units (``None``: every unit)."""
    return _STOCKS[key](unit_ids=unit_ids)


def counters() -> list[Counter]:
    return sorted(_COUNTERS.values(), key=lambda c: (c.order, c.key))


def ratios() -> list[Ratio]:
    return sorted(_RATIOS.values(), key=lambda r: (r.order, r.key))


def counter(key: str) -> Counter:
    return _COUNTERS[key]


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Aware datetimes [start of ``first``, start of the day after ``last``) in local time."""
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(first, time.min), tz),
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz))


def period_q(item: Counter, *, first: date, last: date) -> Q:
    """The filter that places ``item``'s rows between ``first`` and ``last`` (inclusive, local days)."""
    if item.is_datetime():
        start, end = day_bounds(first, last)
        return Q(**{f"{item.date_field}__gte": start, f"{item.date_field}__lt": end})
    return Q(**{f"{item.date_field}__gte": first, f"{item.date_field}__lte": last})


def counter_queryset(item: Counter, *, first: date, last: date, unit_ids: list[int] | None) -> models.QuerySet[Any]:
    """The rows ``item`` counts between ``first`` and ``last`` (inclusive, local days) in the units given.

    ``unit_ids=None`` means every unit.
    """
    qs = item.model_class()._default_manager.filter(period_q(item, first=first, last=last))
    if item.condition is not None:
        qs = qs.filter(item.condition)
    if unit_ids is not None:
        qs = qs.filter(**{f"{item.unit_field}__in": unit_ids})
    return qs


@dataclass
class Figures:
    """The dashboard's values for one unit and period."""

    values: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> int:
        return self.values.get(key, 0)

    def ratio(self, item: Ratio) -> float | None:
        denominator = self.get(item.denominator)
        if not denominator:
            return None
        value = self.get(item.numerator) / denominator
        return value * 100 if item.percent else value
