"""Benchmark of the SLA sweep on PostgreSQL (issue: SLA clocks).

Seeds 1,000,000 clocks of which 100,000 are open and 1 % of the open ones have crossed a
threshold (half yellow, half red), then times one sweep, a second (idle) sweep, and
``add_workdays`` calls per second. Prints peak memory; seeding streams in batches.

    .venv/bin/python bench/sla_sweep.py [--total 1000000] [--open 100000] [--crossing 0.01]

Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/firesvc_bench).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from _common import peak_rss_mb, setup_django


def seed(total: int, open_count: int, crossing: float, batch: int = 5_000) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from enterprises.models import Enterprise
    from firesvc.accounts.demo import seed_org_tree, seed_staff
    from firesvc.accounts.models import OrgUnit, User
    from firesvc.sla.models import Clock, SlaAlert, TimeLimitRule
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    seed_org_tree()
    seed_staff()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE sla_slaalert, sla_clockpause, sla_clockextension, sla_clock RESTART IDENTITY CASCADE")
        cur.execute("TRUNCATE notifications_outboxmessage, notifications_notification RESTART IDENTITY CASCADE")
    rule = TimeLimitRule.objects.get(ruleset__is_active=True, code="acceptance.decide")
    brigades = list(OrgUnit.objects.filter(kind="brigade"))
    assignees = list(User.objects.filter(username__in=["reviewer", "clerk", "approver"]))
    owner_type = ContentType.objects.get_for_model(Enterprise)
    now = timezone.now()
    rng = random.Random(7)
    crossing_count = int(open_count * crossing)
    created = 0
    started = time.perf_counter()
    while created < total:
        rows = []
        for i in range(created, min(total, created + batch)):
            is_open = i < open_count
            started_at = now - timedelta(days=rng.randint(1, 20))
            if is_open and i < crossing_count // 2:  # red: overdue
                due_at, yellow_at = now - timedelta(minutes=5), now - timedelta(days=3)
            elif is_open and i < crossing_count:  # yellow
                due_at, yellow_at = now + timedelta(days=2), now - timedelta(minutes=5)
            elif is_open:  # green
                due_at, yellow_at = now + timedelta(days=20), now + timedelta(days=15)
            else:  # closed long ago, already alerted
                due_at, yellow_at = now - timedelta(days=30), now - timedelta(days=34)
            rows.append(Clock(
                owner_type=owner_type, owner_id=i + 1, rule=rule, purpose="bench", unit=rng.choice(brigades),
                assignee=rng.choice(assignees), status="running" if is_open else "stopped", limit=20,
                limit_unit="workdays", started_at=started_at, due_at=due_at, due_date=due_at.date(),
                yellow_at=yellow_at, stopped_at=None if is_open else due_at - timedelta(days=1),
                yellow_alerted_at=None if is_open else yellow_at, red_alerted_at=None,
            ))
        Clock.objects.bulk_create(rows, batch_size=5000)
        created += len(rows)
    with connection.cursor() as cur:
        cur.execute("ANALYZE sla_clock")
    print(f"seeded {created:,} clocks ({open_count:,} open, {crossing_count:,} crossing) "
          f"in {time.perf_counter() - started:.1f} s; alerts before: {SlaAlert.objects.count()}")


def bench_sweep() -> None:
    from firesvc.sla.sweep import sla_sweep

    t0 = time.perf_counter()
    result = sla_sweep()
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    idle = sla_sweep()
    second = time.perf_counter() - t0
    print(f"sweep: {first:.3f} s for {result.yellow} yellow + {result.red} red clocks, "
          f"{result.notifications} notifications (target < 2 s)")
    print(f"idle sweep (nothing due): {second * 1000:.1f} ms, handled {idle.yellow + idle.red}")


def bench_workdays(calls: int = 500_000) -> None:
    from firesvc import workdays

    start = date(2026, 1, 5)
    workdays.add_workdays(start, 1)  # warm the cache
    t0 = time.perf_counter()
    for i in range(calls):
        workdays.add_workdays(start, i % 40)
    elapsed = time.perf_counter() - t0
    print(f"add_workdays: {calls / elapsed:,.0f} calls/s (target >= 200,000)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--crossing", type=float, default=0.01)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    setup_django()
    if not args.skip_seed:
        seed(args.total, args.open, args.crossing)
    bench_sweep()
    bench_workdays()
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
