"""Reading suggestions (E5): the feedback clock each screen shows its deadline from."""

from __future__ import annotations

from collections.abc import Sequence

from enterprises.models import Suggestion
from firesvc.sla.models import Clock
from firesvc.sla.selectors import latest_clocks


def suggestion_clock(suggestion: Suggestion) -> Clock | None:
    """The suggestion's current feedback clock: the newest (a reopened suggestion runs a second one)."""
    return Clock.objects.for_owner(suggestion).select_related("rule").order_by("-pk").first()


def attach_clocks(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    """Set ``clock`` (the newest feedback clock, or None) on each suggestion listed, in one query; a list shows
    the clock's last day allowed, as the case page does (not ``due_at``, the next midnight)."""
    rows = list(suggestions)
    clocks = latest_clocks(rows)
    for row in rows:
        row.clock = clocks.get(row.pk)  # type: ignore[attr-defined]
    return rows
