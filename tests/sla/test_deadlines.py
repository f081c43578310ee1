"""Deadline arithmetic on concrete 2026 dates and properties (pure functions)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firesvc import workdays
from firesvc.sla.cards import card_of
from firesvc.sla.deadlines import clock_remaining, compute_deadline, excluded_by_pause, yellow_margin
from firesvc.sla.enums import Card
from tests.sla.conftest import at

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db  # the calendar reads administrator overrides


def _deadline(unit: str, limit: int, started, *, extension: int = 0, excluded: int = 0):  # type: ignore[no-untyped-def]
    return compute_deadline(unit=unit, limit=limit, extension=extension, excluded=excluded, started_at=started,
                            tz=TZ, yellow_share=Decimal("0.80"), yellow_remaining=0)


def test_working_day_clock_skips_national_day_and_counts_the_make_up_saturday() -> None:
    # 2026-09-28 (Mon): Sep 29, Sep 30, [Oct 1–7 holiday], Oct 8, Oct 9, Oct 10 (Saturday make-up day)
    deadline = _deadline("workdays", 5, at(2026, 9, 28, 10, 0))
    assert deadline.due_date == date(2026, 10, 10)
    assert deadline.due_at == at(2026, 10, 11, 0, 0)


def test_working_day_clock_over_spring_festival_2026() -> None:
    # Spring Festival 2026: Feb 15–23 off; Feb 14 (Sat) and Feb 28 (Sat) are make-up working days
    deadline = _deadline("workdays", 3, at(2026, 2, 12, 9, 0))
    assert deadline.due_date == date(2026, 2, 24)  # Feb 13, Feb 14 (make-up), Feb 24


def test_the_start_day_is_not_counted() -> None:
    assert _deadline("workdays", 1, at(2026, 3, 2, 8, 0)).due_date == date(2026, 3, 3)


def test_natural_day_period_ending_on_a_holiday_moves_to_the_next_working_day() -> None:
    # 30 days from 2026-09-01 ends on Oct 1 (National Day) → the next working day, Oct 8
    assert _deadline("days", 30, at(2026, 9, 1, 9, 0)).due_date == date(2026, 10, 8)


def test_minute_clock_is_due_after_the_elapsed_minutes() -> None:
    deadline = _deadline("minutes", 10, at(2026, 10, 1, 23, 55))
    assert deadline.due_at == at(2026, 10, 2, 0, 5)
    assert deadline.due_date is None


def test_yellow_margin_takes_the_earlier_of_share_and_remaining_days() -> None:
    assert yellow_margin(total=20, yellow_share=Decimal("0.80"), yellow_remaining=3) == 4
    assert yellow_margin(total=20, yellow_share=Decimal("0.90"), yellow_remaining=3) == 3


def test_yellow_starts_on_the_working_day_that_leaves_the_margin() -> None:
    deadline = compute_deadline(unit="workdays", limit=20, extension=0, excluded=0, started_at=at(2026, 3, 2, 9),
                                tz=TZ, yellow_share=Decimal("0.80"), yellow_remaining=0)
    yellow_day = deadline.yellow_at.astimezone(TZ).date()
    assert workdays.workdays_between(yellow_day, deadline.due_date) == 4


def test_a_pause_over_a_make_up_saturday_excludes_the_working_days_after_the_pause_day() -> None:
    # paused Fri Oct 9, resumed Tue Oct 13: Oct 10 (make-up), Oct 12, Oct 13 are excluded
    assert excluded_by_pause(unit="workdays", paused_at=at(2026, 10, 9, 15), resumed_at=at(2026, 10, 13, 9),
                             tz=TZ) == 3


def test_year_boundary_into_2027_gives_a_provisional_deadline_without_error() -> None:
    deadline = _deadline("workdays", 20, at(2026, 12, 20, 9, 0))
    assert deadline.due_date is not None
    assert deadline.due_date.year == 2027
    assert deadline.provisional


@pytest.mark.parametrize(
    ("now", "card"),
    [(at(2026, 3, 1, 0, 0), Card.GREEN), (at(2026, 3, 5, 0, 0), Card.YELLOW), (at(2026, 3, 9, 0, 0), Card.RED)],
)
def test_card_of_is_computed_from_now(now, card) -> None:  # type: ignore[no-untyped-def]
    assert card_of(status="running", now=now, yellow_at=at(2026, 3, 5, 0, 0), due_at=at(2026, 3, 9, 0, 0)) == card


starts = st.datetimes(min_value=at(2025, 1, 1).replace(tzinfo=None), max_value=at(2026, 12, 1).replace(tzinfo=None))
pauses = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 15)), max_size=3)


@settings(max_examples=60, deadline=None)
@given(start=starts, limit=st.integers(1, 30), pause_list=pauses, unit=st.sampled_from(["workdays", "days"]))
def test_pauses_never_shorten_a_deadline(start, limit, pause_list, unit) -> None:  # type: ignore[no-untyped-def]
    started = start.replace(tzinfo=TZ)
    excluded = 0
    for offset, length in pause_list:
        paused = started + timedelta(days=offset)
        excluded += excluded_by_pause(unit=unit, paused_at=paused, resumed_at=paused + timedelta(days=length), tz=TZ)
    plain = _deadline(unit, limit, started)
    with_pauses = _deadline(unit, limit, started, excluded=excluded)
    assert with_pauses.due_at >= plain.due_at
    assert plain.yellow_at <= plain.due_at


@pytest.mark.parametrize(("unit", "left"), [("workdays", 5), ("days", 12)])
def test_what_is_left_is_counted_in_the_clocks_own_unit(unit, left) -> None:
    # due 2026-10-10 (the make-up Saturday), read on 2026-09-28: 5 working days (Oct 1–7 are a holiday), 12 days
    due_date = date(2026, 10, 10)

    remaining = clock_remaining(unit=unit, now=at(2026, 9, 28, 10, 0), due_at=at(2026, 10, 11, 0, 0),
                                due_date=due_date, paused_at=None, tz=TZ)

    assert remaining == left


def test_a_paused_clocks_days_left_are_read_when_it_was_paused() -> None:
    remaining = clock_remaining(unit="days", now=at(2026, 12, 1, 9, 0), due_at=at(2026, 11, 21, 0, 0),
                                due_date=date(2026, 11, 20), paused_at=at(2026, 11, 10, 15, 0), tz=TZ)

    assert remaining == 10
