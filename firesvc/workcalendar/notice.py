"""Reading a State Council holiday notice written as a text file (pure: no database).

One entry a line, ``#`` starts a comment; the first comment line is taken as the notice's title::

    # 国务院办公厅关于2027年部分节假日安排的通知
    2027-01-01 holiday 元旦
    2027-02-06..2027-02-12 holiday 春节
    2027-02-14 workday 春节调休

Every problem is reported at once, each with its line number, so a file is fixed in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from firesvc.workcalendar.enums import DayKind

MAX_SPAN_DAYS = 15  # no notice has had a longer break (the longest so far: 9 days); catches typos
NAME_MAX_LENGTH = 40  # CalendarDay.name
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class NoticeEntry:
    day: date
    kind: str  # DayKind
    name: str
    line: int


@dataclass(frozen=True)
class NoticeProblem:
    line: int  # 0: the file as a whole
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class NoticeError(ValueError):
    def __init__(self, problems: list[NoticeProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Notice:
    year: int
    title: str
    entries: list[NoticeEntry]


def _parse_date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_line(number: int, text: str, year: int) -> tuple[list[NoticeEntry], list[NoticeProblem]]:
    def problem(message: str) -> tuple[list[NoticeEntry], list[NoticeProblem]]:
        return [], [NoticeProblem(number, message)]

    parts = text.split(None, 2)
    if len(parts) < 2:
        return problem(_('expected a date or a date range, a kind and a name, e.g. "%(example)s"')
                       % {"example": f"{year}-01-01 holiday 元旦"})
    when, kind = parts[0], parts[1]
    name = parts[2].strip() if len(parts) == 3 else ""
    first_text, is_range, last_text = when.partition("..")
    first = _parse_date(first_text)
    last = _parse_date(last_text) if is_range else first
    problems: list[NoticeProblem] = []
    for value, parsed in ((first_text, first), (last_text, last)):
        if parsed is None:
            problems.append(NoticeProblem(number, _('"%(value)s" is not a date; write it as YYYY-MM-DD')
                                          % {"value": value}))
            break
    if kind not in DayKind.values:
        problems.append(NoticeProblem(number, _('unknown kind "%(kind)s"; use "holiday" or "workday"')
                                      % {"kind": kind}))
    if not name:
        problems.append(NoticeProblem(number, _("the name is missing, e.g. 春节 or 春节调休")))
    elif len(name) > NAME_MAX_LENGTH:
        problems.append(NoticeProblem(number, _("the name is longer than %(max)d characters")
                                      % {"max": NAME_MAX_LENGTH}))
    if first is None or last is None:
        return [], problems
    if last < first:
        return [], [*problems, NoticeProblem(number, _("the range ends on %(last)s, before it starts on %(first)s")
                                             % {"first": first.isoformat(), "last": last.isoformat()})]
    span = (last - first).days + 1
    if span > MAX_SPAN_DAYS:
        return [], [*problems, NoticeProblem(
            number, _("the range covers %(days)d days; no holiday is longer than %(max)d, check the dates")
            % {"days": span, "max": MAX_SPAN_DAYS})]
    days = [first + timedelta(days=i) for i in range(span)]
    outside = [d for d in days if d.year != year]
    if outside:
        problems.append(NoticeProblem(number, _("%(day)s is not in %(year)d; this file is for %(year)d only")
                                      % {"day": outside[0].isoformat(), "year": year}))
    if kind == DayKind.WORKDAY:
        weekdays = [d for d in days if d.weekday() < 5]
        if weekdays:
            problems.append(NoticeProblem(
                number, _("%(day)s is a weekday; a make-up working day falls on a Saturday or Sunday")
                % {"day": weekdays[0].isoformat()}))
    if problems:
        return [], problems
    return [NoticeEntry(day=d, kind=kind, name=name, line=number) for d in days], []


def parse_notice(text: str, *, year: int) -> Notice:
    """The entries of ``text`` for ``year``; raises ``NoticeError`` listing every problem."""
    entries: list[NoticeEntry] = []
    problems: list[NoticeProblem] = []
    title = ""
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        content, hash_sign, comment = raw.partition("#")
        if hash_sign and not title and not content.strip():
            title = comment.strip()
        content = content.strip()
        if not content:
            continue
        line_entries, line_problems = _parse_line(number, content, year)
        problems.extend(line_problems)
        for entry in line_entries:
            if entry.day in seen:
                problems.append(NoticeProblem(number, _("%(day)s is already listed on line %(other)d")
                                              % {"day": entry.day.isoformat(), "other": seen[entry.day]}))
                break
        else:
            for entry in line_entries:
                seen[entry.day] = number
            entries.extend(line_entries)
    if not entries and not problems:
        problems.append(NoticeProblem(0, _("the file lists no days")))
    if problems:
        raise NoticeError(problems)
    return Notice(year=year, title=title, entries=entries)


# --- the State Council's notice as published (国务院办公厅关于YYYY年部分节假日安排的通知) -----------

_ITEM = re.compile(r"(?:^|(?<=[。\n]))\s*[一二三四五六七八九十]+、\s*([^：:\s]{1,10})[：:]", re.M)
_MONTH_DAY = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日(?:（[^）]*）|\([^)]*\))?")
_TITLE = re.compile(r"^\s*(国务院办公厅关于.*?通知)\s*$", re.M)


def _dates_in(sentence: str, year: int) -> list[date | None]:
    found: list[date | None] = []
    month = 0
    for match in _MONTH_DAY.finditer(sentence):
        month = int(match.group(1)) if match.group(1) else month
        try:
            found.append(date(year, month, int(match.group(2))) if month else None)
        except ValueError:
            found.append(None)
    return found


def notice_text_to_lines(text: str, *, year: int) -> str:
    """The published notice's items as the file format ``parse_notice`` reads (one entry a line).

    Each item (``一、元旦：…``) is cut into sentences: in a sentence with 放假 the first date (to the date
    after 至) is the holiday; in a sentence with 上班 every date is a make-up working day. Anything else is
    left out; the preview shows the result before anything is saved. Text that is not the published
    notice (no numbered items) is returned unchanged: it is the file format already.
    """
    items = list(_ITEM.finditer(text))
    if not items:
        return text
    title = _TITLE.search(text)
    lines = [f"# {title.group(1)}"] if title else []
    for index, item in enumerate(items):
        name = item.group(1)
        body = text[item.end(): items[index + 1].start() if index + 1 < len(items) else len(text)]
        for sentence in re.split(r"[。；;\n]", body):
            dates = _dates_in(sentence, year)
            if "放假" in sentence and dates:
                first = dates[0]
                last = dates[1] if "至" in sentence and len(dates) > 1 else first
                if first is None or last is None:
                    lines.append(f"# {name}: {sentence.strip()}")
                    continue
                lines.append(f"{first.isoformat()}..{last.isoformat()} holiday {name}" if last != first
                             else f"{first.isoformat()} holiday {name}")
            elif "上班" in sentence:
                lines.extend(f"{d.isoformat()} workday {name}调休" for d in dates if d is not None)
    return "\n".join(lines) + "\n"
