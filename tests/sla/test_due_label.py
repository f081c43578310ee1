"""Every screen shows one deadline: the last day allowed of a day-counted clock, the local time of a short one."""

from __future__ import annotations

from datetime import date

from django.template import Context, Template

from firesvc.sla.models import Clock
from firesvc.sla.selectors import due_label
from tests.sla.conftest import at


def test_a_day_counted_clock_shows_its_last_day_not_the_next_midnight() -> None:
    clock = Clock(due_date=date(2026, 12, 28), due_at=at(2026, 12, 29))
    assert due_label(clock) == "2026-12-28"


def test_a_minute_clock_shows_its_local_due_time() -> None:
    clock = Clock(due_date=None, due_at=at(2026, 12, 7, 9, 40))
    assert due_label(clock) == "2026-12-07 09:40"


def test_the_template_filter_shows_the_same_label() -> None:
    clock = Clock(due_date=date(2026, 12, 8), due_at=at(2026, 12, 9))
    rendered = Template("{% load sla_tags %}{{ clock|sla_due }}").render(Context({"clock": clock}))
    assert rendered == "2026-12-08"
