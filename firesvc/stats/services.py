"""Writing the roll-up table (统计日汇总). Idempotent: a run replaces the days it covers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, F, Min, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from firesvc.stats.models import DailyCount, RollupState
from firesvc.stats.registry import Counter, counter_queryset, counters
from firesvc.stats.selectors import forget_rolled_up

CHUNK_DAYS = 92  # one quarter per transaction: bounded memory whatever the table size


def _grouped(item: Counter, *, first: date, last: date) -> list[tuple[int, date, int]]:
    qs = counter_queryset(item, first=first, last=last, unit_ids=None)
    unit = f"{item.unit_field}_id" if "__" not in item.unit_field else item.unit_field
    if item.is_datetime():
        qs = qs.annotate(_day=TruncDate(item.date_field, tzinfo=timezone.get_current_timezone()))
    else:
        qs = qs.annotate(_day=F(item.date_field))
    aggregate = Sum(item.sum_field) if item.sum_field else Count("pk")
    rows = qs.order_by().values_list(unit, "_day").annotate(_value=aggregate)
    return [(unit_id, day, int(value or 0)) for unit_id, day, value in rows]


def stats_rollup(*, first: date, last: date, keys: list[str] | None = None) -> int:
    """Recompute the daily counts of ``first``..``last`` (inclusive); returns rows written.

    Side effects: replaces the DailyCount rows of those days, one quarter per transaction; a new roll-up
    generation (the figures kept in the shared cache are read again).
    """
    written = 0
    chosen = [c for c in counters() if keys is None or c.key in keys]
    day = first
    while day <= last:
        chunk_last = min(last, day + timedelta(days=CHUNK_DAYS - 1))
        with transaction.atomic():
            for item in chosen:
                rows = _grouped(item, first=day, last=chunk_last)
                DailyCount.objects.filter(key=item.key, day__gte=day, day__lte=chunk_last).delete()
                DailyCount.objects.bulk_create(
                    [DailyCount(key=item.key, unit_id=u, day=d, value=v) for u, d, v in rows], batch_size=2000)
                written += len(rows)
            forget_rolled_up()
        day = chunk_last + timedelta(days=1)
    return written


def _earliest_record_day(default: date) -> date:
    """The local day of the oldest row any counter counts (one MIN query per counter)."""
    earliest = default
    for item in counters():
        value = item.model_class()._default_manager.aggregate(first=Min(item.date_field))["first"]
        if value is None:
            continue
        if isinstance(value, datetime):
            value = timezone.localdate(value)
        earliest = min(earliest, value)
    return earliest


def stats_rollup_recent(*, today: date | None = None, days: int = 45) -> int:
    """The nightly run (beat): every day up to yesterday is rolled up; later days are counted live.

    The first run covers everything since the oldest record; later runs the last ``days``
    days again, so that entries recorded late (a visit entered a week after it happened)
    are picked up. Side effects: DailyCount rows, RollupState.complete_through = yesterday.
    """
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    state = RollupState.objects.filter(singleton=1).first()
    if state is None or state.complete_through is None:
        first = _earliest_record_day(default=yesterday)
    else:
        first = min(state.complete_through + timedelta(days=1), yesterday - timedelta(days=days - 1))
    written = stats_rollup(first=first, last=yesterday) if first <= yesterday else 0
    RollupState.objects.update_or_create(singleton=1, defaults={"complete_through": yesterday})
    return written
