"""``firesvc.workdays``: the public functions, with the database behind them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from firesvc import workdays
from firesvc.workcalendar.models import CalendarDay, CalendarVersion
from firesvc.workcalendar.notice import NoticeEntry
from firesvc.workcalendar.services import calendar_day_remove, calendar_day_set, calendar_year_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]


def test_is_workday_knows_the_2026_make_up_sunday() -> None:
    assert workdays.is_workday(date(2026, 1, 4))  # Sunday, 元旦调休
    assert not workdays.is_workday(date(2026, 1, 2))  # Friday, 元旦


def test_add_workdays_skips_national_day_2026() -> None:
    assert workdays.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_add_workdays_counts_the_make_up_saturday_after_national_day() -> None:
    assert workdays.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_a_20_working_day_limit_accepted_on_21_september_2026_ends_on_26_october() -> None:
    assert workdays.add_workdays(date(2026, 9, 21), 20) == date(2026, 10, 26)


def test_add_workdays_skips_the_spring_festival_2026_but_counts_its_make_up_saturday() -> None:
    assert workdays.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert workdays.add_workdays(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_add_workdays_with_zero_days_returns_the_start_even_on_a_holiday() -> None:
    assert workdays.add_workdays(date(2026, 10, 3), 0) == date(2026, 10, 3)


def test_add_workdays_goes_backwards_over_national_day() -> None:
    assert workdays.add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)


def test_workdays_between_across_national_day() -> None:
    assert workdays.workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert workdays.workdays_between(date(2026, 10, 8), date(2026, 9, 30)) == -1


def test_add_natural_days_moves_an_end_on_national_day_to_the_next_working_day() -> None:
    assert workdays.add_natural_days(date(2026, 9, 24), 7) == date(2026, 10, 8)


def test_add_natural_days_keeps_an_end_on_a_make_up_saturday() -> None:
    assert workdays.add_natural_days(date(2026, 2, 7), 7) == date(2026, 2, 14)


def test_add_natural_days_moves_an_end_on_an_ordinary_saturday_to_monday() -> None:
    assert workdays.add_natural_days(date(2026, 3, 2), 5) == date(2026, 3, 9)


def test_a_deadline_into_2027_skips_the_statutory_new_year_and_is_flagged_provisional() -> None:
    due = workdays.add_workdays(date(2026, 12, 30), 3)
    assert due == date(2027, 1, 5)  # 1 January 2027 (a Friday) is 元旦 even before the notice for 2027
    assert workdays.is_provisional(due)
    assert workdays.deadline_is_provisional(date(2026, 12, 30), due)


@pytest.mark.parametrize(("day", "name"), [
    (date(2027, 1, 1), "元旦"), (date(2027, 2, 5), "春节"), (date(2027, 2, 8), "春节"), (date(2027, 4, 5), "清明节"),
    (date(2027, 5, 1), "劳动节"), (date(2027, 6, 9), "端午节"), (date(2027, 9, 15), "中秋节"),
    (date(2027, 10, 1), "国庆节"), (date(2027, 10, 3), "国庆节"), (date(2028, 1, 25), "春节"),
    (date(2028, 5, 2), "劳动节"),
])
def test_a_provisional_year_counts_its_statutory_holidays(day: date, name: str) -> None:
    info = workdays.calendar().describe(day)
    assert (info.is_workday, info.name, info.provisional) == (False, name, True)


def test_a_provisional_year_keeps_the_other_weekdays_as_working_days() -> None:
    assert workdays.is_workday(date(2027, 2, 9))  # the day after the law's four days of 春节: a notice may add it
    assert workdays.is_workday(date(2027, 10, 4))


def test_a_deadline_within_2026_is_not_provisional() -> None:
    assert not workdays.deadline_is_provisional(date(2026, 3, 2), workdays.add_workdays(date(2026, 3, 2), 20))


def test_dates_in_2028_and_far_beyond_do_not_raise() -> None:
    assert workdays.add_workdays(date(2027, 12, 30), 5) == date(2028, 1, 6)
    assert workdays.is_provisional(date(2028, 6, 1))
    assert workdays.workdays_between(date(2026, 12, 31), date(2060, 1, 1)) > 0
    assert not workdays.is_workday(date(2050, 1, 1))  # a Saturday


def test_next_year_missing_only_from_1_november() -> None:
    assert workdays.next_year_missing(date(2026, 10, 31)) is None
    assert workdays.next_year_missing(date(2026, 11, 1)) == 2027
    assert workdays.next_year_missing(date(2026, 12, 31)) == 2027


def test_next_year_missing_is_none_when_next_year_is_covered() -> None:
    assert workdays.next_year_missing(date(2025, 11, 1)) is None


def test_an_administrator_holiday_on_a_normal_weekday_moves_the_deadline(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    assert not workdays.is_workday(date(2026, 3, 10))
    assert workdays.add_workdays(date(2026, 3, 9), 1) == date(2026, 3, 11)


def test_an_administrator_workday_on_a_saturday_moves_the_deadline(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2026, 3, 14), kind="workday", name="调休")
    assert workdays.add_workdays(date(2026, 3, 13), 1) == date(2026, 3, 14)


def test_removing_an_override_restores_the_package_day(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2026, 10, 7), kind="workday", name="更正")
    assert workdays.is_workday(date(2026, 10, 7))
    calendar_day_remove(actor=administrator, day=date(2026, 10, 7))
    assert not workdays.is_workday(date(2026, 10, 7))


def test_a_loaded_2027_notice_ends_the_provisional_status_and_its_days_count(administrator) -> None:
    entries = [NoticeEntry(day=date(2027, 2, 8), kind="holiday", name="春节", line=1),
               NoticeEntry(day=date(2027, 2, 20), kind="workday", name="春节调休", line=2)]
    calendar_year_load(year=2027, entries=entries, actor=administrator, source="测试通知")
    assert not workdays.is_provisional(date(2027, 5, 1))
    assert workdays.add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 9)
    assert workdays.is_workday(date(2027, 2, 20))
    assert workdays.next_year_missing(date(2026, 11, 1)) is None


def test_a_change_by_another_process_is_seen_after_the_recheck_interval(monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(workdays, "_monotonic", lambda: clock[0])
    assert workdays.is_workday(date(2026, 3, 10))
    # given another process stores an override and bumps the version (no reset_cache here)
    CalendarDay.objects.create(date=date(2026, 3, 10), kind="holiday", name="临时放假")
    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    clock[0] += workdays.RECHECK_SECONDS - 1
    assert workdays.is_workday(date(2026, 3, 10))  # still the cached calendar
    clock[0] += 2
    assert not workdays.is_workday(date(2026, 3, 10))


def test_reset_cache_reloads_at_once() -> None:
    assert workdays.is_workday(date(2026, 3, 10))
    CalendarDay.objects.create(date=date(2026, 3, 10), kind="holiday", name="临时放假")
    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    workdays.reset_cache()
    assert not workdays.is_workday(date(2026, 3, 10))


def test_an_unchanged_version_does_not_rebuild_the_calendar(monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(workdays, "_monotonic", lambda: clock[0])
    first = workdays.calendar()
    clock[0] += workdays.RECHECK_SECONDS + 1
    assert workdays.calendar() is first


def _unreadable(known_version: str | None) -> None:
    raise RuntimeError("database unavailable")


def test_a_database_outage_keeps_the_current_calendar(administrator, monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(workdays, "_monotonic", lambda: clock[0])
    calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    assert not workdays.is_workday(date(2026, 3, 10))
    monkeypatch.setattr(workdays, "_read_database", _unreadable)
    clock[0] += workdays.RECHECK_SECONDS + 1
    assert not workdays.is_workday(date(2026, 3, 10))


def test_after_reset_an_unreadable_database_gives_the_package_calendar(administrator, monkeypatch) -> None:
    calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    assert not workdays.is_workday(date(2026, 3, 10))
    workdays.reset_cache()  # e.g. the test that made the entry was rolled back
    monkeypatch.setattr(workdays, "_read_database", _unreadable)
    assert workdays.is_workday(date(2026, 3, 10))
