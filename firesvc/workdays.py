"""China's working-day calendar (DOMAIN.md C2): the shared kernel every deadline uses.

Working days follow the State Council's yearly notice: statutory holidays, and make-up
working days (调休) on weekends. Two sources feed it:

* the ``chinesecalendar`` package (2004 up to the last year it knows; it raises for later years);
* administrator entries in ``firesvc.workcalendar`` (``CalendarDay`` overrides, which win over
  the package for any date, and ``CalendarYear`` rows marking a year's notice as entered), read
  through the reader that app registers at start-up (``use_database_reader``).

A year covered by neither is *provisional*: Monday to Friday less the statutory holidays that the
law fixes without the yearly notice (``statutory_holidays``: 元旦, 春节, 清明节, 劳动节, 端午节,
中秋节, 国庆节 on their solar or lunar dates), plus any overrides. The notice later adds the bridging
days and make-up working days (调休), which no rule predicts. Nothing here ever raises for a year
the sources do not cover.

Counting rules: 民法典 §201 (the start day is not counted), §203 (a period in natural days that
ends on a rest day ends on the next working day), 行政许可法 §82 (limits in working days).

Speed: ``WorkdayCalendar`` is pure arithmetic over a sorted list of working-day ordinals for a
window of years, with Monday–Friday arithmetic outside it, so a call costs about a microsecond.
The module keeps one per process and re-checks the database's calendar version at most every
``RECHECK_SECONDS``; the services that change the calendar bump that version and call
``reset_cache()``.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 30.0  # how stale another process's calendar edit may be seen here
RETRY_SECONDS = 5.0  # after the database could not be read (not migrated, no access, outage)
FIRST_YEAR = 2004  # the first year of the chinesecalendar package
MARGIN_YEARS = 2  # the ordinal window reaches this many years past the last covered year

HOLIDAY = "holiday"  # a statutory holiday (法定节假日, including the weekend days of its span)
WORKDAY = "workday"  # a make-up working day (调休上班) on a weekend

# The package's English keys → the names the State Council notice uses.
_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


# 全国年节及纪念日放假办法 (国务院令第795号, in force from 1 January 2025), article 2: the days off
# every year, before the State Council's notice arranges the bridges and make-up days around them.
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of ``year`` as the law fixes them (no bridging days, no 调休).

    元旦 1 January; 春节 New Year's Eve (除夕) and the first three days of the first lunar month;
    清明节 the day of the Qingming solar term; 劳动节 1 and 2 May; 端午节 the fifth of the fifth lunar
    month; 中秋节 the fifteenth of the eighth lunar month; 国庆节 1 to 3 October.
    """
    from lunardate import LunarDate

    days: dict[date, str] = {date(year, 1, 1): "元旦", date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节"}
    days.update({date(year, 10, d): "国庆节" for d in (1, 2, 3)})
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days.update({new_year + timedelta(days=i): "春节" for i in range(-1, 3)})
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    days[_qingming(year)] = "清明节"
    return days


def _qingming(year: int) -> date:
    """The day of the Qingming solar term (4, 5 or 6 April), from the package's table or its formula."""
    import chinese_calendar

    try:
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
    except Exception:  # a year the package's table does not reach
        terms = []
    for day, name in terms:
        if name == "清明":
            return day
    # The usual approximation (寿星公式) for the 21st century: C = 4.81, D = 0.2422.
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - (y - 1) // 4)


# --- Monday–Friday arithmetic on proleptic ordinals (ordinal 1 = 0001-01-01, a Monday) ----------

def _mf_count(ordinal: int) -> int:
    """How many Mondays–Fridays there are among ordinals 1..ordinal."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + (rest if rest < 5 else 5)


def _mf_kth(k: int) -> int:
    """The ordinal of the k-th Monday–Friday (the inverse of ``_mf_count`` on working days)."""
    weeks, rest = divmod(k - 1, 5)
    return 7 * weeks + rest + 1


@dataclass(frozen=True)
class DayInfo:
    """One day as the calendar sees it (for pages; arithmetic does not need it)."""

    day: date
    is_workday: bool
    kind: str  # HOLIDAY, WORKDAY (make-up), "weekend" or "" (an ordinary weekday)
    name: str
    provisional: bool


class WorkdayCalendar:
    """Working-day arithmetic over plain data; no database, no Django.

    ``holidays`` and ``workdays`` map dates to names (or are plain collections of dates): a
    holiday is a rest day whatever its weekday, a workday a working day whatever its weekday
    (a date in both counts as a workday; ``from_sources`` merges overrides before that).
    ``covered_years`` are the years whose official arrangement is known; other years are
    provisional. Outside the window ``first_year..last_year`` days are Monday to Friday.

    ``count(d)`` is the number of working days up to and including ``d`` (from an arbitrary
    origin), a non-decreasing step function; every operation is built on it and on its inverse.
    """

    __slots__ = ("_after", "_base", "_covered", "_hi", "_lo", "_n", "_names", "_ords", "_set", "first_year",
                 "last_year")

    def __init__(self, *, holidays: Mapping[date, str] | Iterable[date], workdays: Mapping[date, str] | Iterable[date],
                 covered_years: Iterable[int], first_year: int | None = None, last_year: int | None = None) -> None:
        holiday_names = dict(holidays) if isinstance(holidays, Mapping) else dict.fromkeys(holidays, "")
        workday_names = dict(workdays) if isinstance(workdays, Mapping) else dict.fromkeys(workdays, "")
        self._covered = frozenset(covered_years)
        years = {d.year for d in holiday_names} | {d.year for d in workday_names} | set(self._covered)
        self.first_year = first_year if first_year is not None else min(years | {FIRST_YEAR})
        self.last_year = last_year if last_year is not None else max(years | {FIRST_YEAR}) + MARGIN_YEARS
        lo = date(self.first_year, 1, 1).toordinal()
        hi = date(self.last_year, 12, 31).toordinal()
        rest = {d.toordinal() for d in holiday_names if d not in workday_names}
        extra = {d.toordinal() for d in workday_names}
        ords = [o for o in range(lo, hi + 1) if o in extra or (o % 7 in (1, 2, 3, 4, 5) and o not in rest)]
        outside = [o for o in rest | extra if not lo <= o <= hi]
        if outside:
            raise ValueError(f"{len(outside)} calendar entries lie outside {self.first_year}..{self.last_year}")
        self._lo, self._hi, self._ords, self._set, self._n = lo, hi, ords, frozenset(ords), len(ords)
        self._base = _mf_count(lo - 1)  # count() just before the window
        self._after = self._base + self._n - _mf_count(hi)  # count(o) = _after + _mf_count(o) after it
        self._names = {d.toordinal(): (HOLIDAY, name) for d, name in holiday_names.items()}
        self._names.update({d.toordinal(): (WORKDAY, name) for d, name in workday_names.items()})

    @classmethod
    def from_sources(cls, *, overrides: Mapping[date, tuple[str, str]] | None = None,
                     complete_years: Iterable[int] = ()) -> WorkdayCalendar:
        """The package's data, with ``overrides`` ({date: (HOLIDAY|WORKDAY, name)}) winning."""
        import chinese_calendar

        holidays = {d: _PACKAGE_NAMES.get(v, v) for d, v in chinese_calendar.holidays.items()}
        workdays = {d: _PACKAGE_NAMES.get(v, v) + "调休" for d, v in chinese_calendar.workdays.items()}
        package_years = set(range(min(holidays).year, max(holidays).year + 1))
        covered = package_years | set(complete_years)
        # Provisional years up to the window's end count the statutory holidays; an entered notice or an
        # administrator's override (below) wins.
        override_years = {d.year for d in overrides or {}}
        last = max(covered | override_years) + MARGIN_YEARS
        for year in range(max(package_years) + 1, last + 1):
            if year not in covered:
                holidays.update(statutory_holidays(year))
        for day, (kind, name) in (overrides or {}).items():
            if kind == HOLIDAY:
                workdays.pop(day, None)
                holidays[day] = name
            elif kind == WORKDAY:
                holidays.pop(day, None)
                workdays[day] = name
            else:
                raise ValueError(f"unknown calendar kind {kind!r} for {day}")
        return cls(holidays=holidays, workdays=workdays, covered_years=covered, last_year=last)

    # --- the step function and its inverse -----------------------------------------------------

    def _count(self, o: int) -> int:
        if o < self._lo:
            return _mf_count(o)
        if o <= self._hi:
            return self._base + bisect_right(self._ords, o)
        return self._after + _mf_count(o)

    def _kth(self, k: int) -> int:
        """The ordinal of the working day ``d`` with ``count(d) == k``."""
        if k <= self._base:
            return _mf_kth(k)
        i = k - self._base
        if i <= self._n:
            return self._ords[i - 1]
        return _mf_kth(k - self._after)

    # --- the public operations -------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        o = d.toordinal()
        if self._lo <= o <= self._hi:
            return o in self._set
        return o % 7 in (1, 2, 3, 4, 5)

    def add_workdays(self, start: date, days: int) -> date:
        if days > 0:
            return date.fromordinal(self._kth(self._count(start.toordinal()) + days))
        if days < 0:  # the |days|-th working day before start: count back from the day before it
            return date.fromordinal(self._kth(self._count(start.toordinal() - 1) + days + 1))
        return start

    def workdays_between(self, start: date, end: date) -> int:
        return self._count(end.toordinal()) - self._count(start.toordinal())

    def next_workday(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it."""
        o = d.toordinal()
        if self.is_workday(d):
            return d
        return date.fromordinal(self._kth(self._count(o) + 1))

    def add_natural_days(self, start: date, days: int) -> date:
        return self.next_workday(start + timedelta(days=days))

    def is_provisional(self, d: date) -> bool:
        return d.year not in self._covered

    def covered_years(self) -> frozenset[int]:
        return self._covered

    def describe(self, d: date) -> DayInfo:
        kind, name = self._names.get(d.toordinal(), ("", ""))
        workday = self.is_workday(d)
        if not kind and d.weekday() >= 5:
            kind = "weekend"
        return DayInfo(day=d, is_workday=workday, kind=kind, name=name, provisional=self.is_provisional(d))


# --- the per-process calendar -------------------------------------------------------------------

_calendar: WorkdayCalendar | None = None
_version: str | None = None  # the database version the cached calendar was built from
_check_after = 0.0  # time.monotonic() after which the version is read again
_lock = threading.Lock()
_monotonic = time.monotonic


# Reads the administrators' calendar version and entries from the database (``firesvc.workcalendar``
# registers it when Django starts): given the version the current calendar was built from, it returns
# the database's version and a new calendar if that version differs. The calendar module sits below the
# app that stores its entries, so the app plugs its reader in rather than being imported from here.
DatabaseReader = Callable[[str | None], tuple[str, "WorkdayCalendar | None"]]
_database_reader: DatabaseReader | None = None


def use_database_reader(reader: DatabaseReader) -> None:
    """Read administrator entries through ``reader`` from now on (called once, at start-up)."""
    global _database_reader
    _database_reader = reader
    reset_cache()


def _read_database(known_version: str | None) -> tuple[str, WorkdayCalendar | None]:
    """The database's calendar version, and a new calendar if it differs from ``known_version``."""
    if _database_reader is None:
        raise LookupError("no calendar database is registered (Django not set up)")
    return _database_reader(known_version)


def _refresh() -> WorkdayCalendar:
    global _calendar, _version, _check_after
    with _lock:
        now = _monotonic()
        if _calendar is not None and now < _check_after:  # another thread refreshed meanwhile
            return _calendar
        try:
            version, fresh = _read_database(_version if _calendar is not None else None)
        except Exception as exc:
            # The calendar must never be what fails: without a readable database (before migrate,
            # a unit test without database access, an outage) keep a calendar that was current,
            # else use the package alone.
            if _calendar is None or _version is None:
                log = logger.warning if _calendar is None else logger.debug
                log("working-day calendar: administrator entries unavailable (%s); using the chinesecalendar "
                    "package only", exc)
                _calendar = WorkdayCalendar.from_sources()
            _check_after = now + RETRY_SECONDS
            return _calendar
        if fresh is not None:
            _calendar, _version = fresh, version
        _check_after = now + RECHECK_SECONDS
        return _calendar  # type: ignore[return-value]  # fresh is None only when _calendar is set


def _current() -> WorkdayCalendar:
    if _monotonic() < _check_after:
        return _calendar  # type: ignore[return-value]  # never None once _check_after was set
    return _refresh()


def calendar() -> WorkdayCalendar:
    """The current calendar object (pages and reports that ask many questions at once)."""
    return _current()


def reset_cache() -> None:
    """Forget the cached calendar; the next call reads the database again and rebuilds.

    The old object stays in place until then, so a thread that is between the freshness
    check and the read in ``_current`` never sees None.
    """
    global _version, _check_after
    with _lock:
        _version, _check_after = None, 0.0


def is_workday(d: date) -> bool:
    return _current().is_workday(d)


def add_workdays(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (start not counted, 民法典 §201).

    ``days == 0`` gives ``start``; negative ``days`` give the |days|-th working day before it.
    """
    return _current().add_workdays(start, days)


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end < start``."""
    return _current().workdays_between(start, end)


def add_natural_days(start: date, days: int) -> date:
    """``start + days``, moved to the next working day if that is a rest day (民法典 §203)."""
    return _current().add_natural_days(start, days)


def is_provisional(d: date) -> bool:
    """True when neither the package nor an administrator-entered notice covers ``d``'s year."""
    return _current().is_provisional(d)


def deadline_is_provisional(start: date, end: date) -> bool:
    """True when any year from ``start`` to ``end`` (either order) is provisional."""
    cal = _current()
    first, last = sorted((start.year, end.year))
    return any(cal.is_provisional(date(year, 1, 1)) for year in range(first, last + 1))


def next_year_missing(today: date) -> int | None:
    """From 1 November on: next year, if its official calendar is still missing; else None."""
    if today.month < 11:
        return None
    year = today.year + 1
    return year if is_provisional(date(year, 1, 1)) else None
