"""The clocks of listed rows, attached in one query (visits, complaints)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType

from firesvc.sla.models import Clock


def attach_clocks(rows: Sequence[Any]) -> list[Any]:
    """Set ``row.clock`` (the latest clock, pauses prefetched) on each row in two queries."""
    rows = list(rows)
    if not rows:
        return rows
    owner_type = ContentType.objects.get_for_model(rows[0])
    clocks: dict[int, Clock] = {}
    for clock in (Clock.objects.filter(owner_type=owner_type, owner_id__in=[r.pk for r in rows])
                  .select_related("rule").prefetch_related("pauses").order_by("started_at", "pk")):
        clocks[clock.owner_id] = clock
    for row in rows:
        row.clock = clocks.get(row.pk)
    return rows

