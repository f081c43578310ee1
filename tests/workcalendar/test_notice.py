"""Reading the State Council notice file: ``notice.parse_notice`` (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chinese_calendar
import pytest

from firesvc.workcalendar.notice import NoticeError, parse_notice

pytestmark = pytest.mark.usefixtures("english")

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "holidays" / "2026.txt"


def _problems(text: str, year: int = 2027) -> list[str]:
    with pytest.raises(NoticeError) as caught:
        parse_notice(text, year=year)
    return [str(p) for p in caught.value.problems]


def test_parse_notice_expands_a_range_into_days() -> None:
    notice = parse_notice("2027-02-06..2027-02-12 holiday 春节\n", year=2027)
    assert [e.day for e in notice.entries] == [date(2027, 2, d) for d in range(6, 13)]
    assert {e.name for e in notice.entries} == {"春节"}


def test_parse_notice_takes_the_first_comment_as_title_and_ignores_other_comments() -> None:
    text = "# 国务院办公厅关于2027年部分节假日安排的通知\n\n# 元旦\n2027-01-01 holiday 元旦  # 周五\n"
    notice = parse_notice(text, year=2027)
    assert notice.title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert [(e.day, e.kind, e.name) for e in notice.entries] == [(date(2027, 1, 1), "holiday", "元旦")]


def test_parse_notice_keeps_spaces_inside_a_name() -> None:
    assert parse_notice("2027-01-01 holiday New Year\n", year=2027).entries[0].name == "New Year"


def test_the_2026_example_file_matches_the_package() -> None:
    notice = parse_notice(EXAMPLE.read_text(encoding="utf-8"), year=2026)
    holidays = {e.day for e in notice.entries if e.kind == "holiday"}
    make_up = {e.day for e in notice.entries if e.kind == "workday"}
    assert holidays == {d for d in chinese_calendar.holidays if d.year == 2026}
    assert make_up == {d for d in chinese_calendar.workdays if d.year == 2026}
    assert make_up == {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
                       date(2026, 10, 10)}


@pytest.mark.parametrize(("line", "expected"), [
    ("2027-01-01", 'line 1: expected a date or a date range, a kind and a name, e.g. "2027-01-01 holiday 元旦"'),
    ("2027-01-01 holiday", "line 1: the name is missing"),
    ("2027-1-1 holiday 元旦", 'line 1: "2027-1-1" is not a date; write it as YYYY-MM-DD'),
    ("2027-02-30 holiday 春节", 'line 1: "2027-02-30" is not a date'),
    ("2027-02-06.. holiday 春节", 'line 1: "" is not a date'),
    ("2027-02-06..2027-02-31 holiday 春节", 'line 1: "2027-02-31" is not a date'),
    ("2027-02-12..2027-02-06 holiday 春节", "line 1: the range ends on 2027-02-06, before it starts on 2027-02-12"),
    ("2027-02-01..2027-02-28 holiday 春节", "line 1: the range covers 28 days; no holiday is longer than 15"),
    ("2026-12-31 holiday 元旦", "line 1: 2026-12-31 is not in 2027; this file is for 2027 only"),
    ("2027-12-30..2028-01-01 holiday 元旦", "line 1: 2028-01-01 is not in 2027"),
    ("2027-01-01 rest 元旦", 'line 1: unknown kind "rest"; use "holiday" or "workday"'),
    ("2027-02-15 workday 春节调休",
     "line 1: 2027-02-15 is a weekday; a make-up working day falls on a Saturday or Sunday"),
    ("2027-01-01 holiday " + "长" * 41, "line 1: the name is longer than 40 characters"),
])
def test_parse_notice_reports_a_bad_line_with_its_number(line: str, expected: str) -> None:
    problems = _problems(line + "\n")
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_parse_notice_reports_a_date_listed_twice_with_both_lines() -> None:
    text = "2027-02-06..2027-02-12 holiday 春节\n# 重复\n2027-02-08 holiday 春节\n"
    assert _problems(text) == ["line 3: 2027-02-08 is already listed on line 1"]


def test_parse_notice_refuses_a_file_without_entries() -> None:
    assert _problems("# 只有注释\n\n") == ["the file lists no days"]


def test_parse_notice_reports_every_bad_line_at_once() -> None:
    text = "2027-01-01 holiday 元旦\n2027-13-01 holiday 春节\n2027-02-14 workday\n2028-01-01 holiday 元旦\n"
    problems = _problems(text)
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 4"]
