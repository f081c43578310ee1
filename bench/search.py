"""The staff search box (issue 22 §1): server time and SQL queries per kind of query, on the seeded data.

Seeds (once; kept, so a second run skips it) a PostgreSQL database with the shape of ``bench/seeding.py``:
``--applications`` applications (a fifth open, 铁西大队 holding 40 %) and ``--enterprises`` extra
enterprises, then serves ``/search/?q=…`` through Django's test client (the whole request: middleware,
session, view, template; DEBUG off, local settings) as the demo clerk of 铁西大队, for each kind of query:

==================  ==============================================================
kind                query
==================  ==============================================================
case number         a whole case number of the clerk's brigade
partial number      its last six digits
credit code         an enterprise's 18-character credit code, in lower case
partial name        a Chinese part of an enterprise name (第01234号)
common word         a word in a twelfth of all project names (养老服务中心)
phone               an enterprise contact's phone number
no match            a number nothing has
==================  ==============================================================

It prints, per kind, the SQL queries of one request and the median and p95 server time of ``--runs``
requests, and the EXPLAIN of the applications' "contains" query (to see the trigram indexes used). Target:
150 ms (``--target``); exit status 1 when a kind misses it (``--no-fail``: 0 anyway).

    python -u bench/search.py [--applications 1000000] [--enterprises 100000] [--runs 20]

Uses BENCH_SEARCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/search_db_bench).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import setup_django, vacuum_analyze

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/search_db_bench"
TARGET_MS = 150.0


def queries(clerk_brigade: str) -> dict[str, str]:
    from approvals.models import Application
    from enterprises.models import Enterprise

    number = (Application.objects.filter(brigade__code=clerk_brigade, number__isnull=False)
              .order_by("-pk").values_list("number", flat=True).first())
    enterprise = Enterprise.objects.filter(brigade__code=clerk_brigade, name__contains="第").order_by("pk").first()
    if number is None or enterprise is None:
        raise SystemExit("the database has no application or extra enterprise in the clerk's brigade")
    part = enterprise.name[enterprise.name.index("第"):enterprise.name.index("号") + 1]
    return {
        "case number": number,
        "partial number": number[-6:],
        "credit code": enterprise.uscc.lower(),
        "partial name": part,
        "common word": "养老服务中心",
        "phone": enterprise.contact_phone,
        "no match": "ZZ-QQ-1999-123456",
    }


def explain(text: str) -> str:
    from django.db.models import Q

    from approvals.models import Application
    from firesvc.accounts.models import User

    clerk = User.objects.get(username="clerk")
    qs = (Application.objects.visible_to(clerk).filter(number__isnull=False)
          .filter(Q(project_name__icontains=text) | Q(applicant_name__icontains=text) | Q(number__icontains=text))
          .order_by().values("pk", "number")[:11])
    return qs.explain(analyze=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--target", type=float, default=TARGET_MS)
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()

    from serving import collect_static, local_env, static_stale

    if static_stale():  # DEBUG off: {% static %} reads the production manifest
        collect_static(local_env())
    setup_django(os.environ.get("BENCH_SEARCH_DATABASE_URL", DEFAULT_DATABASE))
    from django.db import connection
    from django.test import Client
    from seeding import CLERK_BRIGADE, seed, seeded

    from firesvc.accounts.models import User

    if not seeded(args.applications, args.applications // 5):
        seed(args.applications, args.applications // 5, args.enterprises)
    print(f"VACUUM ANALYZE: {vacuum_analyze():.1f} s", flush=True)

    client = Client()
    client.force_login(User.objects.get(username="clerk"))
    missed = []
    client.get("/ping/")
    base = []
    for _ in range(args.runs):
        started = time.perf_counter()
        client.get("/ping/")
        base.append((time.perf_counter() - started) * 1000)
    print(f"baseline: /ping/ (a minimal signed-in page on the same stack) median {statistics.median(base):.1f} ms")
    print(f"{'kind':<16} {'query':<22} {'SQL':>4} {'hits':>5} {'median ms':>10} {'p95 ms':>8}")
    kinds = queries(CLERK_BRIGADE)
    for kind, text in kinds.items():
        client.get("/search/", {"q": text})  # warm: caches, scope
        statements: list[str] = []  # counted by a wrapper: the request's start resets Django's query log

        def count(execute, sql, params, many, context, statements=statements):  # type: ignore[no-untyped-def]
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get("/search/", {"q": text})
        if response.status_code != 200:
            raise SystemExit(f"{kind}: status {response.status_code}")
        hits = response.content.decode().count('class="fw-semibold"')
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get("/search/", {"q": text})
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        print(f"{kind:<16} {text:<22} {len(statements):>4} {hits:>5} {median:>10.1f} {p95:>8.1f}", flush=True)
        if median > args.target:
            missed.append(kind)
    for kind, text in (("partial number", kinds["partial number"]), ("partial name", kinds["partial name"]),
                       ("common word", kinds["common word"])):
        print(f"\nEXPLAIN ANALYZE of the applications' contains query ({kind}):")
        print(explain(text))
    if missed:
        print(f"\nover {args.target:.0f} ms: {', '.join(missed)}")
    return 1 if missed and not args.no_fail else 0


if __name__ == "__main__":
    raise SystemExit(main())
