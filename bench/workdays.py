"""Benchmark of the working-day calendar (firesvc/workdays.py): calls per second and memory.

    .venv/bin/python bench/workdays.py [--calls 1000000]

Measures the public functions as callers use them (module-level, cache check included), over
random start dates 2020–2030 (so across the package's years, the provisional years and the
edge of the ordinal window) and random periods of 0–60 working days. The database named by
the settings is read once for administrator entries; without one (not migrated) the package
calendar is used, as in production.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firesvc.settings.local")


def _rate(label: str, calls: int, seconds: float) -> None:
    print(f"{label:<28} {calls / seconds:>14,.0f} calls/s   ({seconds / calls * 1e6:.2f} µs a call)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    logging.getLogger("firesvc.workdays").setLevel(logging.ERROR)
    from firesvc import workdays

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    import chinese_calendar  # noqa: F401  # the package's data: part of the calendar's cost

    import_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    cal = workdays.WorkdayCalendar.from_sources()
    build_ms = (time.perf_counter() - started) * 1000
    del cal
    tracemalloc.start()
    cal = workdays.WorkdayCalendar.from_sources()
    structure_kib = tracemalloc.get_traced_memory()[0] / 1024
    tracemalloc.stop()
    del cal

    workdays.reset_cache()
    started = time.perf_counter()
    workdays.is_workday(date(2026, 1, 1))  # the first call loads the calendar (database + package)
    first_call_ms = (time.perf_counter() - started) * 1000
    source = "package + database" if workdays._version is not None else "package only (database not readable)"

    rng = random.Random(20261001)
    origin = date(2020, 1, 1)
    starts = [origin + timedelta(days=rng.randrange(11 * 365)) for _ in range(100_000)]
    periods = [rng.randrange(61) for _ in range(100_000)]
    ends = [s + timedelta(days=rng.randrange(-90, 91)) for s in starts]
    pairs = list(zip(starts, periods, strict=True))
    spans = list(zip(starts, ends, strict=True))
    rounds = max(1, args.calls // len(pairs))
    calls = rounds * len(pairs)
    add_workdays, workdays_between = workdays.add_workdays, workdays.workdays_between
    add_natural_days, is_workday = workdays.add_natural_days, workdays.is_workday

    print(f"calendar: {source}; years {workdays.calendar().first_year}–{workdays.calendar().last_year} "
          f"in the ordinal window")
    print(f"import chinese_calendar: {import_ms:.1f} ms; build: {build_ms:.1f} ms, {structure_kib:.0f} KiB held; "
          f"first call (version check + build): {first_call_ms:.1f} ms")
    started = time.perf_counter()
    for _ in range(rounds):
        for start, n in pairs:
            add_workdays(start, n)
    _rate("add_workdays", calls, time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        for start, end in spans:
            workdays_between(start, end)
    _rate("workdays_between", calls, time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        for start, n in pairs:
            add_natural_days(start, n)
    _rate("add_natural_days", calls, time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        for start in starts:
            is_workday(start)
    _rate("is_workday", calls, time.perf_counter() - started)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory (ru_maxrss): {rss_after / 1024:.1f} MiB "
          f"(after Django setup, before the calendar and the test data: {rss_before / 1024:.1f} MiB)")


if __name__ == "__main__":
    main()
