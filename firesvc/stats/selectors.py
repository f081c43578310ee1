"""Reading the report's figures for a unit and a period (DOMAIN.md C6).

Closed days come from the roll-up (one query, whatever the number of records); the days
after the roll-up's last complete day are counted live, in one query over the rows of those
few days only. The number of queries is fixed, whatever the period or the number of counters.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.core.charts import last_months
from firesvc.stats.models import DailyCount, RollupState
from firesvc.stats.registry import Counter, Figures, counter_queryset, counters, period_q, ratios, stock

T = TypeVar("T")


@dataclass(frozen=True)
class Period:
    first: date
    last: date


def _subtree_ids(unit: OrgUnit | None) -> list[int] | None:
    if unit is None:
        return None
    return list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


def _split(period: Period) -> tuple[Period | None, Period | None]:
    """(rolled-up part, live part) of a period."""
    complete = RollupState.objects.filter(singleton=1).values_list("complete_through", flat=True).first()
    if complete is None or complete < period.first:
        return None, period
    if complete >= period.last:
        return period, None
    return Period(period.first, complete), Period(complete + timedelta(days=1), period.last)


ROLLUP_GENERATION_KEY = "firesvc:stats:rollup-generation"
ROLLED_CACHE_SECONDS = 24 * 3600


def rollup_generation() -> str:
    """A token that changes whenever the roll-up's rows do (``forget_rolled_up``): figures read from the
    roll-up are kept in the shared cache under it, so that a new token is a new key and no server can read
    figures from before the change. A token lost from the cache is a new one as well."""
    token = cache.get(ROLLUP_GENERATION_KEY)
    if token is None:
        cache.add(ROLLUP_GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(ROLLUP_GENERATION_KEY) or ""
    return token


def forget_rolled_up() -> None:
    """A new roll-up generation: now, and again once the writing transaction commits (a page read in between
    may have kept the old rows under the new token)."""
    def renew() -> None:
        cache.set(ROLLUP_GENERATION_KEY, uuid.uuid4().hex, None)

    renew()
    transaction.on_commit(renew)


def _rolled_key(name: str, *parts: Any) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"firesvc:stats:{name}:{rollup_generation()}:{digest}"


def _rolled_values(*, unit_ids: list[int] | None, rolled: Period) -> list[tuple[int, str, int]]:
    """(unit, counter, total) over the closed days, from the roll-up: kept in the shared cache until the
    roll-up changes."""
    def load() -> list[tuple[int, str, int]]:
        qs = DailyCount.objects.filter(day__gte=rolled.first, day__lte=rolled.last)
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=unit_ids)
        return [(unit_id, key, int(total or 0))
                for unit_id, key, total in qs.order_by().values_list("unit_id", "key").annotate(total=Sum("value"))]

    return cache.get_or_set(_rolled_key("rolled", unit_ids, rolled.first, rolled.last), load, ROLLED_CACHE_SECONDS)


def _per_unit(*, unit_ids: list[int] | None, period: Period) -> dict[int | None, dict[str, int]]:
    """Every counter's value per unit (of ``unit_ids``; ``None``: all units) over the period.

    One query on the roll-up for the closed days, one query for the live days (grouped by
    unit, over the rows of those few days only: each counter's date field is indexed, see
    ``firesvc.stats.checks``).
    """
    rolled, live = _split(period)
    values: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if rolled is not None:
        for unit_id, key, total in _rolled_values(unit_ids=unit_ids, rolled=rolled):
            values[unit_id][key] += total
    if live is not None:
        # The live days hold few rows: they are counted by unit over every unit (the same answer for
        # every user, so kept in the shared cache) and the scope's are kept here, rather than sending a
        # list of a thousand unit ids with the query.
        wanted = None if unit_ids is None else set(unit_ids)
        for unit_id, unit_values in _live_values(live).items():
            if wanted is not None and unit_id not in wanted:
                continue
            for key, value in unit_values.items():
                values[unit_id][key] += value
    return values


def _shared(key: str, load: Callable[[], T]) -> T:
    """``load()``, kept ``STATS_LIVE_CACHE_SECONDS`` in the shared cache under ``key`` (0: not kept)."""
    seconds = settings.STATS_LIVE_CACHE_SECONDS
    return cache.get_or_set(key, load, seconds) if seconds > 0 else load()


def _live_values(live: Period) -> dict[int | None, dict[str, int]]:
    """Every counter's non-zero value per unit (all units) over the live days: one query, or none while
    the shared cache holds the answer (``STATS_LIVE_CACHE_SECONDS``)."""

    def load() -> dict[int | None, dict[str, int]]:
        values: dict[int | None, dict[str, int]] = {}
        rows, keys = _live_rows(live)
        for unit_id, *group_values, group in rows:
            for key, value in zip(keys[group], group_values, strict=False):  # the padding is left out
                if value:
                    unit_values = values.setdefault(unit_id, {})
                    unit_values[key] = unit_values.get(key, 0) + int(value)
        return values

    return _shared(f"firesvc:stats:live:{live.first.isoformat()}:{live.last.isoformat()}", load)


def _unit_column(item: Counter) -> str:
    return f"{item.unit_field}_id" if "__" not in item.unit_field else item.unit_field


def _live_rows(live: Period) -> tuple[QuerySet[Any], list[list[str]]]:
    """One query counting every counter over the live days, grouped by unit.

    The counters of one model placed in time and in the tree by the same fields share a query:
    one pass over the rows of those days, each counter a COUNT (or SUM) filtered by its
    condition, so that it counts exactly the rows ``counter_queryset`` returns. The queries
    are joined with UNION ALL; each row is (unit id, the group's values, zeros up to the
    widest group, the group's number).
    """
    items = counters()
    groups: dict[tuple[str, str, str], list[Counter]] = {}
    for item in items:
        groups.setdefault((item.model, item.unit_field, item.date_field), []).append(item)
    width = max(len(group) for group in groups.values())
    parts: list[QuerySet[Any]] = []
    keys: list[list[str]] = []
    for index, group in enumerate(groups.values()):
        if len(group) == 1:  # a counter alone: its own rows, as the records page lists them
            qs = counter_queryset(group[0], first=live.first, last=live.last, unit_ids=None)
            conditions: list[Q | None] = [None]
        else:
            qs = group[0].model_class()._default_manager.filter(
                period_q(group[0], first=live.first, last=live.last))
            conditions = [item.condition for item in group]
        columns: dict[str, Any] = {}
        for i in range(width):
            if i >= len(group):
                columns[f"_v{i}"] = Value(0)
            elif group[i].sum_field:
                columns[f"_v{i}"] = Sum(group[i].sum_field, filter=conditions[i])
            else:
                columns[f"_v{i}"] = Count("pk", filter=conditions[i])
        columns["_g"] = Value(index)
        parts.append(qs.order_by().values_list(_unit_column(group[0])).annotate(**columns))
        keys.append([item.key for item in group])
    return parts[0].union(*parts[1:], all=True), keys


def _total(per_unit: dict[int | None, dict[str, int]]) -> Figures:
    total: dict[str, int] = defaultdict(int)
    for unit_values in per_unit.values():
        for key, value in unit_values.items():
            total[key] += value
    return Figures(values=dict(total))


def figures_for(*, unit: OrgUnit | None, period: Period) -> Figures:
    """Every counter's value for ``unit`` and the units below it (``None``: everything)."""
    return _total(_per_unit(unit_ids=_subtree_ids(unit), period=period))


def figures_with_breakdown(*, unit: OrgUnit | None, period: Period) -> tuple[Figures, list[tuple[OrgUnit, Figures]]]:
    """The unit's figures and those of each unit directly below it, from one pass over the data."""
    total, children, _unit_ids = figures_breakdown_and_scope(unit=unit, period=period)
    return total, children


def figures_breakdown_and_scope(*, unit: OrgUnit | None, period: Period) -> tuple[
        Figures, list[tuple[OrgUnit, Figures]], list[int] | None]:
    """``figures_with_breakdown`` and the ids of the unit's subtree it read (``None``: every unit)."""
    if unit is None:
        # Everything: one row per city (detachment), whether or not a province (总队) sits above them.
        children = list(OrgUnit.objects.filter(kind=UnitKind.DETACHMENT).order_by("name")) or list(
            OrgUnit.objects.filter(parent__isnull=True).order_by("name"))
        units = list(OrgUnit.objects.values_list("pk", "path"))
        unit_ids = None
    else:
        children = list(OrgUnit.objects.filter(parent=unit).order_by("name"))
        units = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", "path"))
        unit_ids = [pk for pk, _path in units]
    per_unit = _per_unit(unit_ids=unit_ids, period=period)
    owner: dict[int, int] = {}
    for pk, path in units:
        for child in children:
            if path.startswith(child.path):
                owner[pk] = child.pk
                break
    per_child: dict[int, dict[str, int]] = {child.pk: defaultdict(int) for child in children}
    for unit_id, unit_values in per_unit.items():
        child_pk = owner.get(unit_id) if unit_id is not None else None
        if child_pk is None:
            continue
        for key, value in unit_values.items():
            per_child[child_pk][key] += value
    return _total(per_unit), [(child, Figures(values=dict(per_child[child.pk]))) for child in children], unit_ids


def breakdown_by_child(*, unit: OrgUnit | None, period: Period) -> list[tuple[OrgUnit, Figures]]:
    return figures_with_breakdown(unit=unit, period=period)[1]


def monthly_series(*, unit: OrgUnit | None, keys: list[str], months: int = 12, today: date | None = None,
                   unit_ids: list[int] | None = None) -> dict[str, list[tuple[str, int]]]:
    """The last ``months`` months of the given counters, up to today: the closed days from the roll-up (one
    grouped query, kept in the shared cache until the roll-up changes), the days after them counted live as
    the figures are, so that this month's bar and the month's figure agree. ``unit_ids``: ``unit``'s subtree,
    if the caller has it."""
    today = today or timezone.localdate()
    labels = last_months(today, months)
    rolled, live = _split(Period(date.fromisoformat(f"{labels[0]}-01"), today))
    buckets: dict[str, dict[str, int]] = {key: defaultdict(int) for key in keys}
    if rolled is not None:
        def load() -> list[tuple[str, str, int]]:
            qs = DailyCount.objects.filter(day__gte=rolled.first, day__lte=rolled.last, key__in=keys)
            if unit is not None:
                qs = qs.filter(unit__path__startswith=unit.path)
            rows = qs.order_by().annotate(month=TruncMonth("day")).values_list("key", "month").annotate(
                total=Sum("value"))
            return [(key, month.strftime("%Y-%m"), int(total or 0)) for key, month, total in rows]

        unit_path = unit.path if unit is not None else None
        for key, month, total in cache.get_or_set(_rolled_key("monthly", unit_path, keys, rolled.last, labels),
                                                  load, ROLLED_CACHE_SECONDS):
            buckets[key][month] += total
    if live is not None:
        wanted = None if unit is None else set(unit_ids if unit_ids is not None else _subtree_ids(unit) or [])
        for segment in _by_month(live):
            for unit_id, unit_values in _live_values(segment).items():
                if wanted is not None and unit_id not in wanted:
                    continue
                for key in keys:
                    buckets[key][f"{segment.first:%Y-%m}"] += unit_values.get(key, 0)
    return {key: [(label, buckets[key].get(label, 0)) for label in labels] for key in keys}


def _by_month(period: Period) -> list[Period]:
    """``period`` cut at the months' ends."""
    parts, first = [], period.first
    while first <= period.last:
        next_month = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        parts.append(Period(first, min(period.last, next_month - timedelta(days=1))))
        first = next_month
    return parts


def dashboard_rows(figures: Figures) -> list[dict[str, Any]]:
    """Counters and ratios grouped by section, in declaration order, for the template."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in counters():
        sections.setdefault(str(item.group), []).append(
            {"key": item.key, "label": item.label, "value": figures.get(item.key), "is_ratio": False,
             "headline": item.headline, "order": item.order})
    for ratio in ratios():
        sections.setdefault(str(ratio.group), []).append(
            {"key": ratio.key, "label": ratio.label, "value": figures.ratio(ratio), "is_ratio": True,
             "percent": ratio.percent, "headline": ratio.headline, "order": ratio.order})
    return [{"group": group, "rows": sorted(rows, key=lambda r: r["order"])} for group, rows in sections.items()]




def counter_records(item: Counter, *, user: Any, unit: OrgUnit | None, period: Period) -> QuerySet[Any]:
    """The rows behind ``item``'s figure for ``unit`` and ``period``, as ``user`` may see them, newest first.

    The rows are exactly those the counter counts, further limited by the model's own ``visible_to``.
    A model whose rows carry content not everyone in scope may read (a receipt's rating, which may
    report 吃拿卡要) says so with ``rating_visible_to``: every row is listed alike, and ``content_shown``
    tells ``record_row`` whether to show the row's value (leaving some rows out would mark them).
    """
    qs = counter_queryset(item, first=period.first, last=period.last, unit_ids=_subtree_ids(unit))
    manager = item.model_class()._default_manager
    if hasattr(manager, "visible_to"):
        qs = qs.filter(pk__in=manager.visible_to(user).values("pk"))
    if hasattr(manager, "rating_visible_to"):
        qs = qs.annotate(content_shown=Exists(manager.rating_visible_to(user).filter(pk=OuterRef("pk"))))
    related = [item.unit_field, *(["__".join(item.date_field.split("__")[:-1])] if "__" in item.date_field else [])]
    return qs.select_related(*related).order_by(f"-{item.date_field}", "-pk")


def record_row(item: Counter, row: Any) -> dict[str, Any]:
    """What the records page shows of one row: its date, unit, label and link."""
    value: Any = row
    for part in item.date_field.split("__"):
        value = getattr(value, part, None)
    unit: Any = row
    for part in item.unit_field.split("__"):
        unit = getattr(unit, part, None)
    getter = getattr(row, "get_absolute_url", None)
    return {"date": value, "unit": getattr(unit, "name", ""), "label": str(row),
            "url": getter() if callable(getter) else "",
            "sum": getattr(row, item.sum_field) if item.sum_field and getattr(row, "content_shown", True) else None}


def key_units_now(*, unit: OrgUnit | None, unit_ids: list[int] | None = None) -> dict[str, Any]:
    """Key fire-safety units of the unit's subtree today, and those with 六加一 and this year's letter.

    A stock, not a flow: it does not depend on the period (the report's "6,503 key units, all with the
    six-plus-one measures and a signed letter"). ``unit_ids``: the subtree's ids when already read."""
    def load() -> dict[str, Any]:
        return stock("key_units", unit_ids=_subtree_ids(unit) if unit_ids is None else unit_ids)

    # A unit's subtree never loses units (they are added, never moved), so its pk names the set counted.
    key = f"firesvc:stats:key_units:{unit.pk if unit is not None else 'all'}:{timezone.localdate().isoformat()}"
    return _shared(key, load)
