"""``WorkdayCalendar``: the pure arithmetic, without a database."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from firesvc.workdays import HOLIDAY, WORKDAY, WorkdayCalendar

PACKAGE = WorkdayCalendar.from_sources()

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2036, 12, 31))
counts = st.integers(min_value=0, max_value=600)
overrides = st.dictionaries(
    st.dates(min_value=date(2025, 6, 1), max_value=date(2029, 6, 30)),
    st.tuples(st.sampled_from([HOLIDAY, WORKDAY]), st.just("测试")),
    max_size=40,
)


def _naive_add(cal: WorkdayCalendar, start: date, days: int) -> date:
    day, left = start, days
    while left:
        day += timedelta(days=1)
        left -= cal.is_workday(day)
    return day


def test_calendar_matches_the_package_on_every_day_it_covers() -> None:
    day, mismatches = date(2004, 1, 1), []
    while day <= date(2026, 12, 31):
        if PACKAGE.is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def test_calendar_is_monday_to_friday_far_outside_its_window() -> None:
    week = [date(2040, 1, 2) + timedelta(days=i) for i in range(7)]  # Monday 2 January 2040
    assert [PACKAGE.is_workday(d) for d in week] == [True] * 5 + [False] * 2
    assert PACKAGE.add_workdays(date(1999, 12, 31), 1) == date(2000, 1, 3)


def test_calendar_counts_2026_working_days() -> None:
    assert PACKAGE.workdays_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_calendar_plain_collections_of_dates_work_as_input() -> None:
    cal = WorkdayCalendar(holidays={date(2030, 1, 1)}, workdays=[date(2030, 1, 5)], covered_years=[2030])
    assert not cal.is_workday(date(2030, 1, 1))
    assert cal.is_workday(date(2030, 1, 5))  # a Saturday
    assert cal.add_workdays(date(2029, 12, 31), 1) == date(2030, 1, 2)


def test_calendar_refuses_entries_outside_an_explicit_window() -> None:
    with pytest.raises(ValueError, match="outside"):
        WorkdayCalendar(holidays={date(2040, 1, 2)}, workdays=(), covered_years=(), first_year=2004, last_year=2030)


def test_calendar_override_of_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown calendar kind"):
        WorkdayCalendar.from_sources(overrides={date(2027, 1, 1): ("half-day", "x")})


def test_calendar_override_wins_over_the_package() -> None:
    cal = WorkdayCalendar.from_sources(overrides={date(2026, 10, 7): (WORKDAY, "更正"),
                                                  date(2026, 1, 4): (HOLIDAY, "更正")})
    assert cal.is_workday(date(2026, 10, 7))
    assert not cal.is_workday(date(2026, 1, 4))


def test_calendar_describe_names_holidays_and_make_up_days() -> None:
    assert PACKAGE.describe(date(2026, 2, 17)).name == "春节"
    assert PACKAGE.describe(date(2026, 2, 28)).kind == WORKDAY
    assert PACKAGE.describe(date(2026, 3, 7)).kind == "weekend"
    assert PACKAGE.describe(date(2027, 3, 1)).provisional


@given(start=dates, n=st.integers(min_value=1, max_value=600))
def test_add_workdays_lands_on_a_working_day_after_the_start(start: date, n: int) -> None:
    result = PACKAGE.add_workdays(start, n)
    assert PACKAGE.is_workday(result)
    assert result > start


@given(start=dates, n=counts)
def test_workdays_between_inverts_add_workdays(start: date, n: int) -> None:
    assert PACKAGE.workdays_between(start, PACKAGE.add_workdays(start, n)) == n


@given(start=dates, a=counts, b=counts)
def test_add_workdays_is_strictly_increasing_in_n(start: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    if low < high:
        assert PACKAGE.add_workdays(start, low) < PACKAGE.add_workdays(start, high)


@given(start=dates, days=st.integers(min_value=-400, max_value=400))
def test_add_natural_days_lands_on_the_first_working_day_from_the_end_date(start: date, days: int) -> None:
    result = PACKAGE.add_natural_days(start, days)
    end = start + timedelta(days=days)
    assert PACKAGE.is_workday(result)
    assert result >= end
    assert all(not PACKAGE.is_workday(end + timedelta(days=i)) for i in range((result - end).days))


@given(start=dates, n=st.integers(min_value=1, max_value=600))
def test_negative_days_count_backwards_from_the_day_before_start(start: date, n: int) -> None:
    result = PACKAGE.add_workdays(start, -n)
    assert PACKAGE.is_workday(result)
    assert result < start
    # exactly n working days in [result, start)
    assert PACKAGE.workdays_between(result - timedelta(days=1), start - timedelta(days=1)) == n


@given(start=dates, end=dates)
def test_workdays_between_is_antisymmetric(start: date, end: date) -> None:
    assert PACKAGE.workdays_between(start, end) == -PACKAGE.workdays_between(end, start)


@given(extra=overrides, start=st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31)),
       n=st.integers(min_value=0, max_value=120))
def test_add_workdays_agrees_with_counting_day_by_day_under_any_overrides(
        extra: dict[date, tuple[str, str]], start: date, n: int) -> None:
    cal = WorkdayCalendar.from_sources(overrides=extra)
    assert cal.add_workdays(start, n) == _naive_add(cal, start, n)


@given(extra=overrides, start=st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31)),
       span=st.integers(min_value=0, max_value=200))
def test_workdays_between_agrees_with_counting_day_by_day(
        extra: dict[date, tuple[str, str]], start: date, span: int) -> None:
    cal = WorkdayCalendar.from_sources(overrides=extra)
    end = start + timedelta(days=span)
    expected = sum(cal.is_workday(start + timedelta(days=i)) for i in range(1, span + 1))
    assert cal.workdays_between(start, end) == expected
