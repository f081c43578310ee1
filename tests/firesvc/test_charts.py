"""The server-drawn monthly bar charts (``firesvc.core.charts``)."""

from __future__ import annotations

import pytest

from firesvc.core.charts import month_chart


def test_a_chart_keeps_the_tone_it_is_given() -> None:
    assert month_chart("黄牌", [("2026-03", 1)], tone="yellow")["tone"] == "yellow"


def test_an_unknown_tone_is_refused() -> None:
    with pytest.raises(ValueError):
        month_chart("黄牌", [("2026-03", 1)], tone="chartreuse")
