"""Read models of the working-day calendar: the year page and the administrators' warning."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firesvc import workdays
from firesvc.workcalendar.models import CalendarDay, CalendarVersion, CalendarYear


def calendar_from_database(known_version: str | None) -> tuple[str, workdays.WorkdayCalendar | None]:
    """The database's calendar version, and a calendar with the administrators' entries if that version
    differs from ``known_version`` (``firesvc.workdays`` calls this; see ``apps.py``)."""
    # A savepoint, so a failure here (e.g. tables not migrated yet) cannot break the caller's transaction.
    with transaction.atomic():
        version = CalendarVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
        if version == known_version:
            return version, None
        overrides = {day: (kind, name) for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name")}
        years = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    return version, workdays.WorkdayCalendar.from_sources(overrides=overrides, complete_years=years)


def missing_years(today: date) -> list[int]:
    """Years whose official calendar an administrator should enter now.

    The current year whenever it is provisional (deadlines are being computed on Monday–Friday
    right now), and from 1 November next year too (the State Council's notice comes out then).
    """
    years = [today.year] if workdays.is_provisional(today) else []
    upcoming = workdays.next_year_missing(today)
    if upcoming is not None:
        years.append(upcoming)
    return years


def calendar_warning_for(user: Any, today: date | None = None) -> str | None:
    """The warning for an administrator's desk when a calendar year is missing; else None."""
    if not getattr(user, "is_authenticated", False) or not user.is_administrator:
        return None
    years = missing_years(today or timezone.localdate())
    if not years:
        return None
    return missing_years_message(years)


def missing_years_message(years: list[int]) -> str:
    return _("The official working-day calendar for %(years)s has not been entered: deadlines in that year are "
             "provisional (Monday to Friday) until an administrator loads the State Council's holiday notice.") % {
        "years": ", ".join(str(y) for y in years)}


@dataclass
class MonthView:
    first: date
    weeks: list[list[workdays.DayInfo | None]]
    workday_count: int


@dataclass
class YearView:
    year: int
    provisional: bool
    months: list[MonthView]
    workday_count: int
    holiday_count: int  # statutory holiday dates that fall on Monday–Friday (a weekday lost)
    makeup_count: int
    record: CalendarYear | None
    entries: list[CalendarDay] = field(default_factory=list)
    source: str = ""  # "package", "administrator" or "" (provisional)


def year_overview(year: int) -> YearView:
    """Every day of ``year`` as the calendar sees it, by month and week (Monday first)."""
    cal = workdays.calendar()
    grid = pycalendar.Calendar(firstweekday=0)
    months = []
    holiday_count = makeup_count = 0
    for month in range(1, 13):
        weeks: list[list[workdays.DayInfo | None]] = []
        count = 0
        for week in grid.monthdatescalendar(year, month):
            row: list[workdays.DayInfo | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                info = cal.describe(day)
                row.append(info)
                count += info.is_workday
                holiday_count += info.kind == workdays.HOLIDAY and day.weekday() < 5 and not info.is_workday
                makeup_count += info.kind == workdays.WORKDAY and day.weekday() >= 5 and info.is_workday
            weeks.append(row)
        months.append(MonthView(first=date(year, month, 1), weeks=weeks, workday_count=count))
    record = CalendarYear.objects.select_related("loaded_by").filter(year=year).first()
    provisional = cal.is_provisional(date(year, 1, 1))
    if provisional:
        source = ""
    elif record is not None and record.complete:
        source = "administrator"
    else:
        source = "package"
    return YearView(
        year=year, provisional=provisional, months=months, workday_count=sum(m.workday_count for m in months),
        holiday_count=holiday_count, makeup_count=makeup_count, record=record, source=source,
        entries=list(CalendarDay.objects.filter(date__year=year).select_related("updated_by").order_by("date")),
    )
