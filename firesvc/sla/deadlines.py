"""Deadline arithmetic of SLA clocks: pure functions of plain values (no database).

Working-day and natural-day clocks are counted in dates (the start day is not counted,
民法典 §201); a clock is due at the end of its due date, i.e. ``due_at`` is the first instant
of the next day (exclusive). Hour and minute clocks are counted in elapsed time.
Pauses add the excluded amount (working days, days or seconds) to the limit, so a pause can
never make a deadline earlier.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from firesvc import workdays
from firesvc.sla.enums import LimitUnit

DATE_UNITS = (LimitUnit.WORKDAYS, LimitUnit.DAYS)


@dataclass(frozen=True)
class Deadline:
    due_at: datetime  # exclusive: overdue from this instant on
    due_date: date | None  # the last day, for day-counted clocks
    yellow_at: datetime  # the card turns yellow from this instant on
    provisional: bool  # computed through a year without an official calendar


def start_of_day(d: date, tz: tzinfo) -> datetime:
    return datetime.combine(d, time.min, tzinfo=tz)


def yellow_margin(*, total: int, yellow_share: Decimal, yellow_remaining: int) -> int:
    """How many units before the due date the card turns yellow.

    Yellow when ``yellow_share`` of the limit is used up, or when ``yellow_remaining`` units
    remain, whichever comes first.
    """
    by_share = total - math.floor(total * yellow_share)
    return max(0, min(total, max(by_share, yellow_remaining)))


def compute_deadline(
    *,
    unit: str,
    limit: int,
    extension: int,
    excluded: int,
    started_at: datetime,
    tz: tzinfo,
    yellow_share: Decimal,
    yellow_remaining: int,
) -> Deadline:
    """The due instant, due date and yellow instant of a clock.

    ``excluded`` is what pauses took out: working days, natural days or seconds.
    """
    total = limit + extension
    margin = yellow_margin(total=total, yellow_share=yellow_share, yellow_remaining=yellow_remaining)
    if unit in DATE_UNITS:
        start_date = started_at.astimezone(tz).date()
        if unit == LimitUnit.WORKDAYS:
            due_date = workdays.add_workdays(start_date, total + excluded)
            yellow_date = workdays.add_workdays(due_date, -margin) if margin else due_date + timedelta(days=1)
        else:
            due_date = workdays.add_natural_days(start_date, total + excluded)
            yellow_date = due_date - timedelta(days=margin - 1) if margin else due_date + timedelta(days=1)
        due_at = start_of_day(due_date + timedelta(days=1), tz)
        yellow_at = min(start_of_day(yellow_date, tz), due_at)
        yellow_at = max(yellow_at, started_at)
        return Deadline(due_at, due_date, yellow_at, workdays.deadline_is_provisional(start_date, due_date))
    seconds_per_unit = 3600 if unit == LimitUnit.HOURS else 60
    due_at = started_at + timedelta(seconds=total * seconds_per_unit + excluded)
    yellow_at = max(started_at, due_at - timedelta(seconds=margin * seconds_per_unit))
    return Deadline(due_at, None, yellow_at, False)


def excluded_by_pause(*, unit: str, paused_at: datetime, resumed_at: datetime, tz: tzinfo) -> int:
    """What one pause takes out of the clock: working days after the pause day up to the
    resume day, natural days between them, or elapsed seconds. Never negative."""
    if resumed_at <= paused_at:
        return 0
    if unit == LimitUnit.WORKDAYS:
        return max(0, workdays.workdays_between(paused_at.astimezone(tz).date(), resumed_at.astimezone(tz).date()))
    if unit == LimitUnit.DAYS:
        return max(0, (resumed_at.astimezone(tz).date() - paused_at.astimezone(tz).date()).days)
    return int((resumed_at - paused_at).total_seconds())


def remaining_units(*, unit: str, now: datetime, due_at: datetime, due_date: date | None, tz: tzinfo) -> int:
    """Units left before the due date (0 on the last day, negative when overdue)."""
    if unit == LimitUnit.WORKDAYS and due_date is not None:
        return workdays.workdays_between(now.astimezone(tz).date(), due_date)
    if unit == LimitUnit.DAYS and due_date is not None:
        return (due_date - now.astimezone(tz).date()).days
    seconds = (due_at - now).total_seconds()
    per_unit = 3600 if unit == LimitUnit.HOURS else 60
    return math.floor(seconds / per_unit)


def clock_remaining(*, unit: str, now: datetime, due_at: datetime, due_date: date | None,
                    paused_at: datetime | None, tz: tzinfo) -> int:
    """Units of the clock's own ``unit`` left, as a case shows them (0 on the last day, negative when overdue):
    a running clock read ``now``, a paused one (``paused_at`` set) when it was paused, so that its figure is
    what is left once it resumes. The case page (``selectors.clock_view``) and the worklist read this."""
    return remaining_units(unit=unit, now=paused_at or now, due_at=due_at, due_date=due_date, tz=tz)
