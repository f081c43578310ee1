"""Demo history shaped like the 沈阳 report (DOMAIN.md C6; the seed report's figures since 1 June).

The 沈阳 detachment's dashboard for "since 1 June" shows figures like the report's: 761 enterprises
visited, 80 forums, 237 suggestions of which 222 fed back, 10 service measures, 1,969 hazards
eliminated, 49 parallel approvals, 22 key-project services, 44 one-time filings, 15 shortened-limit
cases, 43 "no filing needed" notices and 6,503 key units with the 六加一 measures and a letter.

These are past records entered as a ledger import (历史台账导入), not live cases: they are written
in batches with ``bulk_create`` and carry no clocks, audit trail or files of their own (the
responsibility letters share one scanned demo page). The step tops each figure up to its target,
so running it again adds nothing; it runs after the other demo steps, whose own records count.

The kernel holds the period, the units and the figures' targets; each app writes its own records in
a part declared in its ``demo_report.py`` (``report_part``), so the kernel imports no app. The parts
run in their order on one ``Ledger``, whose random numbers make the history the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.stats.registry import counter, counter_queryset, stock

DETACHMENT = "sy"
IMPORT_NOTE = "历史台账导入"
BATCH = 2_000
# The report's figures (DOMAIN.md C6 / seed report) by dashboard counter, declared by the parts.
TARGETS: dict[str, int] = {}


def report_period(today: date | None = None) -> tuple[date, date]:
    """The report's period: from the last 1 June (of last year before mid-June) to yesterday."""
    today = today or timezone.localdate()
    start = date(today.year, 6, 1) if today >= date(today.year, 6, 15) else date(today.year - 1, 6, 1)
    return start, today - timedelta(days=1)


@dataclass
class Ledger:
    """What a part tops up: 沈阳's units and demo officers, the report's period and the shared random numbers."""

    detachment: OrgUnit
    brigades: list[OrgUnit]
    unit_ids: list[int]
    staff: User
    clerk: User
    first: date
    last: date
    rng: random.Random

    def missing(self, key: str) -> int:
        """How many records the counter ``key`` lacks in 沈阳 and the period to reach its target."""
        have = counter_queryset(counter(key), first=self.first, last=self.last, unit_ids=self.unit_ids).count()
        return max(TARGETS[key] - have, 0)

    def days(self) -> Iterator[date]:
        """Endless random days of the period."""
        span = max((self.last - self.first).days, 0)
        while True:
            yield self.first + timedelta(days=self.rng.randint(0, span))

    def at(self, day: date) -> datetime:
        """A random moment of office hours on ``day``."""
        return timezone.make_aware(datetime.combine(day, time(self.rng.randint(8, 16), self.rng.randint(0, 59))))


def bulk(model: Any, rows: Iterable[Any]) -> list[Any]:
    """Insert ``rows`` (any iterable: a generator stays lazy) ``BATCH`` at a time; the rows created."""
    created: list[Any] = []
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        created.extend(model.objects.bulk_create(batch))
    return created


def bulk_count(model: Any, rows: Iterable[Any]) -> int:
    """Like ``bulk`` for large tables: nothing is kept, only counted."""
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        count += len(model.objects.bulk_create(batch))
    return count


ReportPart = Callable[[Ledger], int]
_PARTS: dict[str, tuple[int, ReportPart]] = {}


def report_part(*, order: int, targets: dict[str, int]) -> Callable[[ReportPart], ReportPart]:
    """Declare a part that tops up the counters ``targets`` (key: the report's figure); it returns the rows
    it wrote. Parts run by ``order`` (later parts may use earlier parts' records)."""

    def decorate(part: ReportPart) -> ReportPart:
        TARGETS.update(targets)
        _PARTS[f"{part.__module__}.{part.__qualname__}"] = (order, part)
        return part

    return decorate


def _parts() -> list[ReportPart]:
    autodiscover_modules("demo_report")
    return [part for _name, (_order, part) in sorted(_PARTS.items(), key=lambda item: (item[1][0], item[0]))]


def report_targets() -> dict[str, int]:
    """The report's figures by counter key, as the apps' parts declare them."""
    _parts()
    return dict(TARGETS)


def seed_report_figures(today: date | None = None) -> int:
    """Top 沈阳's figures since 1 June up to the report's. Returns the number of rows written."""
    parts = _parts()
    detachment = OrgUnit.objects.filter(code=DETACHMENT).first()
    staff = User.objects.filter(username="reviewer").first()
    clerk = User.objects.filter(username="clerk").first()
    if detachment is None or staff is None or clerk is None:
        return 0
    first, last = report_period(today)
    ledger = Ledger(
        detachment=detachment,
        brigades=list(OrgUnit.objects.subtree_of(detachment).filter(kind=UnitKind.BRIGADE).order_by("code")),
        unit_ids=list(OrgUnit.objects.subtree_of(detachment).values_list("pk", flat=True)),
        staff=staff, clerk=clerk, first=first, last=last,
        rng=random.Random(20260601),  # noqa: S311 - demo data, reproducible on purpose
    )
    return sum(part(ledger) for part in parts)


def shaped_figures(today: date | None = None) -> dict[str, int]:
    """沈阳's live figures for the report's period, by counter (what the dashboard shows), and the key units."""
    targets = report_targets()
    detachment = OrgUnit.objects.get(code=DETACHMENT)
    first, last = report_period(today)
    unit_ids = list(OrgUnit.objects.subtree_of(detachment).values_list("pk", flat=True))
    out = {key: counter_queryset(counter(key), first=first, last=last, unit_ids=unit_ids).count() for key in targets}
    out["key_units"] = stock("key_units", unit_ids=unit_ids)["total"]
    return out
