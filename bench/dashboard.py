"""Benchmark of the statistics dashboard (C6) at scale on PostgreSQL.

Seeds a detachment-scale database: 100,000 enterprises and 1,000,000 counted records
(applications with their notices' dates, window consultations, …) spread over four years;
rolls the closed days up (timed, with peak memory); then renders the dashboard in-process
through the test client, as the supervisor of the 沈阳 detachment and as the administrator
(every unit), for this year and for four years, and prints the server-side time (median of
``--runs``) and the number of SQL queries of each. Target: under 300 ms with a constant
number of queries.

    .venv/bin/python -u bench/dashboard.py [--reseed] [--records 1000000] [--enterprises 100000]

Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/firesvc_bench_dashboard).
Seeding streams batches through COPY, so the process stays small (peak RSS is printed).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/firesvc_bench_dashboard")

from _common import peak_rss_mb, setup_django

APPLICATION_SHARE = 0.7  # of the records; the rest are window consultations
BATCH = 5_000


def log(message: str) -> None:
    print(message, flush=True)


def seeded(records: int) -> bool:
    from approvals.models import Application, Consultation

    return Application.objects.count() + Consultation.objects.count() >= records


def seed(records: int, enterprises: int) -> None:
    from django.db import connection
    from seeding import seed as seed_applications

    from approvals.models import Application
    from enterprises.models import Enterprise

    applications = int(records * APPLICATION_SHARE)
    if Application.objects.count() < applications:
        demo_enterprises = 40  # seed_enterprises() adds the demo ones first
        seed_applications(applications, applications // 10, max(0, enterprises - demo_enterprises))
    with connection.cursor() as cur:
        cur.execute("TRUNCATE approvals_consultation RESTART IDENTITY")
    _seed_consultations(records - applications)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE approvals_consultation")
    log(f"enterprises: {Enterprise.objects.count():,}")


def _seed_consultations(total: int) -> None:
    from django.utils import timezone
    from seeding import copy_cursor

    from firesvc.accounts.enums import UnitKind
    from firesvc.accounts.models import OrgUnit, User

    rng = random.Random(7)
    clerk = User.objects.get(username="clerk")
    units = list(OrgUnit.objects.filter(kind=UnitKind.BRIGADE).values_list("pk", flat=True))
    now = timezone.now()
    started = time.perf_counter()
    copy_sql = ('COPY approvals_consultation (unit_id, clerk_id, "window", channel, asker, question, answer, '
                "resolved_first_contact, forms_handed_out, created_at) FROM STDIN WITH (FORMAT csv)")
    left = total
    with copy_cursor() as cur:
        while left:
            buffer = io.StringIO()
            out = csv.writer(buffer, lineterminator="\n")
            for _ in range(min(BATCH, left)):
                left -= 1
                when = now - timedelta(days=rng.randint(0, 1460), minutes=rng.randint(0, 1440))
                out.writerow([rng.choice(units), clerk.pk, "1号窗口", "window", "来电企业", "咨询消防验收材料",
                              "已当场答复", rng.random() < 0.93, rng.random() < 0.5, when.isoformat()])
            buffer.seek(0)
            cur.copy_expert(copy_sql, buffer)
    log(f"  COPY of {total:,} consultations: {time.perf_counter() - started:.1f} s")


def timed_page(client: Any, url: str, runs: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: template and URL caches
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--keep-rollup", action="store_true", help="skip the full roll-up (already done)")
    args = parser.parse_args()
    started = time.perf_counter()
    setup_django()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from firesvc.accounts.models import OrgUnit, User
    from firesvc.stats.models import DailyCount, RollupState
    from firesvc.stats.services import stats_rollup_recent

    if args.reseed or not seeded(args.records):
        seed(args.records, args.enterprises)
    else:
        log("bench database already seeded (--reseed to redo)")
    from serving import collect_static, local_env

    collect_static(local_env())
    if not args.keep_rollup:
        RollupState.objects.all().delete()
        DailyCount.objects.all().delete()
        t0 = time.perf_counter()
        written = stats_rollup_recent()
        log(f"roll-up of every closed day: {written:,} daily rows in {time.perf_counter() - t0:.1f} s; "
            f"peak RSS {peak_rss_mb():.0f} MB")
    t0 = time.perf_counter()
    stats_rollup_recent()
    log(f"nightly roll-up (last 45 days again): {time.perf_counter() - t0:.1f} s")

    today = timezone.localdate()
    four_years = (today - timedelta(days=4 * 365)).isoformat()
    detachment = OrgUnit.objects.get(code="sy")
    supervisor = User.objects.get(username="supervisor")
    admin = User.objects.get(username="admin")
    url = reverse("stats:dashboard")
    cases = [
        ("supervisor 沈阳支队, this year", supervisor, f"{url}?unit={detachment.pk}"),
        ("supervisor 沈阳支队, four years", supervisor, f"{url}?unit={detachment.pk}&start={four_years}"),
        ("administrator, all units, this year", admin, url),
        ("administrator, all units, four years", admin, f"{url}?start={four_years}"),
        ("CSV export, all units, four years", admin, f"{reverse('stats:export_csv')}?start={four_years}"),
    ]
    log(f"\n{'page':<42} {'median ms':>10} {'queries':>8} {'status':>7}")
    for label, user, path in cases:
        client = Client()
        client.force_login(user)
        ms, queries, status = timed_page(client, path, args.runs)
        log(f"{label:<42} {ms:10.1f} {queries:8d} {status:7d}")
    log(f"\nrecords counted: {_records():,}; daily rows: {DailyCount.objects.count():,}; "
        f"peak RSS {peak_rss_mb():.0f} MB; whole run {time.perf_counter() - started:.0f} s; "
        f"today {date.today()}")


def _records() -> int:
    from approvals.models import Application, Consultation

    return Application.objects.count() + Consultation.objects.count()


if __name__ == "__main__":
    main()
