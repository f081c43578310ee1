"""Server-drawn monthly bar charts (SVG through a template): readable on paper, no script, no colour needed.

``month_chart`` gives the geometry of one chart; ``templates/components/month_chart.html`` draws it.
``last_months`` gives the month labels the series are keyed by.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

# The drawing area (SVG user units): bars above the month labels, right of the value axis.
CHART_LEFT, CHART_TOP, CHART_HEIGHT, CHART_BAR_STEP, CHART_BAR_WIDTH = 28, 12, 100, 24, 16


def last_months(today: date, months: int = 12) -> list[str]:
    """The ``months`` months up to and including ``today``'s, oldest first, as ``YYYY-MM``."""
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    labels, month = [], first
    for _ in range(months):
        labels.append(month.strftime("%Y-%m"))
        month = (month + timedelta(days=32)).replace(day=1)
    return labels


# The bar colours ``month_chart`` may be given (``static/css/portal.css``: ``.stats-bar-<tone>``); the default
# is the portal's red. Each keeps 3:1 against the white page, and the values are written above the bars.
CHART_TONES = frozenset({"red", "yellow"})


def month_chart(label: str, points: Sequence[tuple[str, int]], *, tone: str = "") -> dict[str, Any]:
    """A bar per ``(YYYY-MM, value)`` with its value above it and its month below it, and a value axis.
    ``tone``: the bars' colour where it means something (a yellow card's chart is yellow), one of
    ``CHART_TONES``; by default the portal's red."""
    if tone and tone not in CHART_TONES:
        raise ValueError(f"unknown chart tone {tone!r}")
    baseline = CHART_TOP + CHART_HEIGHT
    peak = max((v for _m, v in points), default=0)
    scale_top = peak or 1
    ticks = sorted({0, (scale_top + 1) // 2, scale_top})
    bars = []
    for i, (month, value) in enumerate(points):
        height = round(CHART_HEIGHT * value / scale_top)
        x = CHART_LEFT + 4 + i * CHART_BAR_STEP
        bars.append({"month": month, "month_label": month[5:], "value": value, "height": height,
                     "x": x, "y": baseline - height, "centre": x + CHART_BAR_WIDTH // 2,
                     "value_y": baseline - height - 2})
    return {
        "label": label, "tone": tone, "bars": bars, "width": CHART_LEFT + 8 + len(points) * CHART_BAR_STEP,
        "height": baseline + 26, "left": CHART_LEFT, "top": CHART_TOP, "baseline": baseline,
        "bar_width": CHART_BAR_WIDTH, "month_y": baseline + 11, "year_y": baseline + 22,
        "first_month": points[0][0] if points else "", "last_month": points[-1][0] if points else "",
        "ticks": [{"value": t, "y": baseline - round(CHART_HEIGHT * t / scale_top)} for t in ticks],
    }
