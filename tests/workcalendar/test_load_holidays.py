"""``manage.py load_holidays YEAR FILE``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from firesvc import workdays
from firesvc.audit.models import AuditEvent
from firesvc.workcalendar.models import CalendarDay, CalendarYear
from firesvc.workcalendar.services import calendar_day_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar", "english")]

NOTICE_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知
2027-01-01..2027-01-03 holiday 元旦
2027-02-06..2027-02-12 holiday 春节
2027-02-14 workday 春节调休
"""


@pytest.fixture
def notice_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(text: str, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / "notice.txt"
        path.write_bytes(text.encode(encoding))
        return path
    return write


def test_load_holidays_saves_the_days_and_marks_the_year_complete(notice_file, administrator) -> None:
    call_command("load_holidays", "2027", str(notice_file(NOTICE_2027)), actor=administrator.username)
    year = CalendarYear.objects.get(year=2027)
    assert year.complete
    assert year.loaded_by == administrator
    assert year.source == "国务院办公厅关于2027年部分节假日安排的通知"
    assert CalendarDay.objects.filter(date__year=2027, kind="holiday").count() == 10
    assert CalendarDay.objects.get(date=date(2027, 2, 14)).source == "file"


def test_load_holidays_changes_deadlines_and_ends_the_provisional_status(notice_file) -> None:
    call_command("load_holidays", "2027", str(notice_file(NOTICE_2027)))
    assert workdays.add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 14)
    assert not workdays.is_provisional(date(2027, 2, 14))


def test_load_holidays_writes_one_audit_event_listing_the_days(notice_file) -> None:
    call_command("load_holidays", "2027", str(notice_file(NOTICE_2027)))
    event = AuditEvent.objects.get(action="calendar_year.load")
    assert event.data["days"]["2027-02-14"] == "workday 春节调休"
    assert len(event.data["days"]) == 11


def test_load_holidays_replaces_that_years_earlier_entries_only(notice_file, administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2027, 3, 1), kind="holiday", name="旧条目")
    calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="另一年")
    call_command("load_holidays", "2027", str(notice_file(NOTICE_2027)))
    assert not CalendarDay.objects.filter(date=date(2027, 3, 1)).exists()
    assert CalendarDay.objects.filter(date=date(2026, 3, 10)).exists()


def test_load_holidays_dry_run_saves_nothing(notice_file, capsys) -> None:
    call_command("load_holidays", "2027", str(notice_file(NOTICE_2027)), dry_run=True)
    assert "10 holiday dates, 1 make-up working days" in capsys.readouterr().out
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_load_holidays_loads_the_2026_example_file() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "holidays" / "2026.txt"
    call_command("load_holidays", "2026", str(path))
    assert CalendarDay.objects.filter(date__year=2026, kind="workday").count() == 6
    assert workdays.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)


@pytest.mark.parametrize(("bad_line", "expected"), [
    ("2027-03-01", "line 5: expected a date or a date range"),
    ("2027-3-1 holiday 测试", 'line 5: "2027-3-1" is not a date'),
    ("2027-02-29 holiday 测试", 'line 5: "2027-02-29" is not a date'),
    ("2027-03-05..2027-03-01 holiday 测试", "line 5: the range ends on 2027-03-01"),
    ("2027-03-01..2027-03-31 holiday 测试", "line 5: the range covers 31 days"),
    ("2028-01-01 holiday 元旦", "line 5: 2028-01-01 is not in 2027"),
    ("2027-03-01 off 测试", 'line 5: unknown kind "off"'),
    ("2027-03-06 workday", "line 5: the name is missing"),
    ("2027-03-01 workday 测试", "line 5: 2027-03-01 is a weekday"),
    ("2027-02-08 holiday 春节", "line 5: 2027-02-08 is already listed on line 3"),
])
def test_load_holidays_refuses_a_bad_line_and_saves_nothing(notice_file, bad_line: str, expected: str) -> None:
    path = notice_file(NOTICE_2027 + bad_line + "\n")
    with pytest.raises(CommandError) as caught:
        call_command("load_holidays", "2027", str(path))
    assert f"{path}: {expected}" in str(caught.value)
    assert "Nothing was saved." in str(caught.value)
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_load_holidays_refuses_a_file_without_entries(notice_file) -> None:
    with pytest.raises(CommandError, match="the file lists no days"):
        call_command("load_holidays", "2027", str(notice_file("# 国务院办公厅关于2027年部分节假日安排的通知\n")))


def test_load_holidays_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_holidays", "2027", str(tmp_path / "missing.txt"))


def test_load_holidays_refuses_a_file_that_is_not_utf8(notice_file) -> None:
    path = notice_file(NOTICE_2027, encoding="gbk")
    with pytest.raises(CommandError, match=r"not UTF-8 text \(line 1\)"):
        call_command("load_holidays", "2027", str(path))
    assert not CalendarDay.objects.exists()


def test_load_holidays_refuses_an_unknown_actor(notice_file) -> None:
    with pytest.raises(CommandError, match="No active user named nobody"):
        call_command("load_holidays", "2027", str(notice_file(NOTICE_2027)), actor="nobody")
    assert not CalendarYear.objects.exists()


def test_load_holidays_refuses_a_year_out_of_range(notice_file) -> None:
    with pytest.raises(CommandError, match="Enter a year from 2000 to 2100"):
        call_command("load_holidays", "2101", str(notice_file("2101-01-01 holiday 元旦\n")))
