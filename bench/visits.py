"""Benchmark of the overdue-visit list and the enterprise timeline (E3) at scale on PostgreSQL.

Seeds the demo organisation tree and 100,000 enterprises (``bench/seeding.py``, in
batches), registered over the last three years, with up to three visits each (generated inside
PostgreSQL, so nothing large passes through Python); one enterprise of 铁西大队 gets the history of
the busiest enterprise: hundreds of visits, hazards, suggestions, filings, training requests, forums
and receipts. Then renders, in-process through the test client, the overdue list as the demo
reviewer of 铁西大队 and as the supervisor of the 沈阳 detachment, and the busiest enterprise's
timeline, and prints the server-side time (median of ``--runs``) and the SQL queries of each.

    .venv/bin/python -u bench/visits.py [--reseed] [--enterprises 100000] [--runs 15]

Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/firesvc_bench_visits).
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/firesvc_bench_visits")

from _common import peak_rss_mb, setup_django

BUSY = {"visits": 400, "hazards": 300, "suggestions": 300, "filings": 200, "training": 100, "forums": 60,
        "receipts": 150}


def log(message: str) -> None:
    print(message, flush=True)


def seeded(enterprises: int) -> bool:
    from enterprises.models import Enterprise, Suggestion

    return Enterprise.objects.count() >= enterprises and Suggestion.objects.filter(number__startswith="BENCH-").exists()


def seed(enterprises: int) -> None:
    from django.db import connection
    from seeding import seed_demo_base, seed_enterprises

    from enterprises.models import Enterprise

    started = time.perf_counter()
    seed_demo_base()
    seed_enterprises(max(0, enterprises - Enterprise.objects.count()))
    log(f"  {Enterprise.objects.count():,} enterprises: {time.perf_counter() - started:.1f} s; "
        f"peak RSS {peak_rss_mb():.0f} MB")
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        # Registered over three years; a tenth are key units; 0–3 visits each in the last 400 days.
        cur.execute("UPDATE enterprises_enterprise SET created_at = now() - ((id * 7919) % 1100) * interval '1 day',"
                    " is_key_unit = (id % 10 = 0)")
        cur.execute("SELECT id FROM accounts_user WHERE username = 'reviewer'")
        reviewer_id = cur.fetchone()[0]
        cur.execute("DELETE FROM enterprises_visit")
        cur.execute(
            "INSERT INTO enterprises_visit (enterprise_id, unit_id, status, visited_on, staff_id, companions, method,"
            " contact_person, needs, notes, created_at)"
            " SELECT e.id, e.brigade_id, 'done', current_date - ((e.id * 37 + g * 101) %% 400)::int, %s, '', 'on_site',"
            " '', '', '', now() FROM enterprises_enterprise e, generate_series(1, e.id %% 4) g", [reviewer_id])
    log(f"  visits: {time.perf_counter() - t0:.1f} s")
    _seed_busiest()
    _refresh_schedules()
    with connection.cursor() as cur:
        for table in ("enterprises_enterprise", "enterprises_visit", "enterprises_visitschedule", "safety_hazard",
                      "enterprises_suggestion", "approvals_application"):
            cur.execute(f"VACUUM ANALYZE {table}")
    log(f"seeded in {time.perf_counter() - started:.1f} s; peak RSS {peak_rss_mb():.0f} MB")


def _refresh_schedules() -> None:
    """Schedules and due dates of every enterprise, as ``manage.py visits_recompute_due`` repairs them."""
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("visits_recompute_due", verbosity=0)
    log(f"  schedules and due dates of every enterprise: {time.perf_counter() - t0:.1f} s; "
        f"peak RSS {peak_rss_mb():.0f} MB")


def busiest() -> Any:
    from enterprises.models import Enterprise

    return Enterprise.objects.filter(brigade__code="sy-tx").order_by("pk").first()


def _seed_busiest() -> None:
    """The history of the busiest enterprise, spread over five years (bulk inserts; receipts by the service)."""
    from django.db import connection
    from django.utils import timezone

    from approvals.models import Application, Matter
    from enterprises.models import Forum, ForumAttendee, Suggestion, TrainingRequest, Visit
    from enterprises.safety.models import Hazard
    from feedback.services.acts import act_record
    from firesvc.accounts.models import User

    t0 = time.perf_counter()
    enterprise = busiest()
    if Suggestion.objects.filter(enterprise=enterprise, number__startswith="BENCH-").exists():
        return  # seeded on an earlier run
    reviewer = User.objects.get(username="reviewer")
    applicant = User.objects.filter(enterprise_account__enterprise=enterprise).first() or reviewer
    brigade = enterprise.brigade
    today = timezone.localdate()
    now = timezone.now()
    Visit.objects.bulk_create([
        Visit(enterprise=enterprise, unit=brigade, status="done", visited_on=today - timedelta(days=4 * i + 1),
              staff=reviewer, needs=f"第{i}次走访：企业希望加快验收") for i in range(BUSY["visits"])])
    Visit.objects.create(enterprise=enterprise, unit=brigade, planned_for=today + timedelta(days=3), staff=reviewer)
    Hazard.objects.bulk_create([
        Hazard(unit=brigade, enterprise=enterprise, source="visit", description=f"疏散通道堵塞（第{i}处）",
               address=enterprise.address, severity="general", status="eliminated", recorded_by=reviewer)
        for i in range(BUSY["hazards"])])
    Suggestion.objects.bulk_create([
        Suggestion(number=f"BENCH-JY-{enterprise.pk}-{i:05d}", unit=brigade, enterprise=enterprise, source="visit",
                   submitter_name="李海燕", content=f"建议{i}：延长窗口服务时间", status="fed_back")
        for i in range(BUSY["suggestions"])])
    matter = Matter.objects.first()
    if matter is None:
        from approvals.catalogue import load_catalogue
        from approvals.models import MaterialRequirement

        load_catalogue(Matter, MaterialRequirement)
        matter = Matter.objects.first()
    Application.objects.bulk_create([
        Application(matter=matter, enterprise=enterprise, applicant_name=enterprise.name, brigade=brigade,
                    applicant=applicant, number=f"BENCH-{enterprise.pk}-{i:05d}", project_name=f"盛京商贸综合楼{i}期",
                    project_address=enterprise.address, building_area=Decimal("1000"), building_height=Decimal("20"),
                    floors=5, use="commercial", contact_name="孙立新", contact_phone="13900000000",
                    submitted_at=now - timedelta(days=9 * i + 2))
        for i in range(BUSY["filings"])])
    TrainingRequest.objects.bulk_create([
        TrainingRequest(enterprise=enterprise, requested_by=applicant, topic=f"消防安全培训{i}")
        for i in range(BUSY["training"])])
    forums = Forum.objects.bulk_create([
        Forum(unit=brigade, held_on=today - timedelta(days=30 * i + 5), place="铁西大队会议室",
              topic=f"企业代表座谈会{i}", recorded_by=reviewer) for i in range(BUSY["forums"])])
    ForumAttendee.objects.bulk_create([ForumAttendee(forum=f, enterprise=enterprise, representative="李海燕")
                                       for f in forums])
    with connection.cursor() as cur:  # spread the auto-dated rows over the years
        for table in ("safety_hazard", "enterprises_suggestion", "enterprises_trainingrequest",
                      "approvals_application"):
            sql = f"UPDATE {table} SET created_at = now() - (id %% 1800) * interval '1 day' WHERE enterprise_id = %s"  # noqa: S608 - fixed table names
            cur.execute(sql, [enterprise.pk])
    for i in range(BUSY["receipts"]):
        act_record(kind="inspection", unit=brigade, officers=[reviewer], occurred_at=now - timedelta(days=11 * i + 1),
                   place=enterprise.address, summary="监督检查", actor=reviewer, enterprise=enterprise,
                   strict=False)
    log(f"  busiest enterprise {enterprise.name} (#{enterprise.pk}): {time.perf_counter() - t0:.1f} s")


def _interval_change() -> None:
    """An administrator changes the default interval of the low-risk tier: every low-risk enterprise of a brigade
    without its own row gets its new due date in the same transaction (chunked). Set back afterwards."""
    from enterprises.services import visits as visit_services

    save = getattr(visit_services, "visit_interval_save", None)
    if save is None:  # the build before the stored due date had nothing to recompute
        return
    from enterprises.models import Enterprise, VisitInterval
    from firesvc.accounts.models import User

    admin = User.objects.get(username="admin")
    row = VisitInterval.objects.filter(unit=None, tier="low").first() or VisitInterval(unit=None, tier="low")
    before = row.interval_days or 180
    row.interval_days = before + 1
    t0 = time.perf_counter()
    save(actor=admin, interval=row)
    elapsed = time.perf_counter() - t0
    row.interval_days = before
    save(actor=admin, interval=row)
    low = Enterprise.objects.filter(is_key_unit=False, risk_tier="low").count()
    log(f"\ninterval change (default, low risk): {low:,} due dates recomputed in {elapsed:.1f} s; "
        f"peak RSS {peak_rss_mb():.0f} MB")


def deep_page(user: Any, url: str, pages: int) -> str:
    """The URL of page ``pages`` of the overdue list (keyset cursor when the list has one, else ?page=)."""
    try:
        from enterprises.selectors.visits import encode_overdue_cursor, overdue_enterprises
    except ImportError:  # the build before the stored due date paginated with OFFSET
        return f"{url}?page={pages}"
    row = overdue_enterprises(user)[(pages - 1) * 25 - 1]
    return f"{url}?after={encode_overdue_cursor(row)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    setup_django()
    from dashboard import timed_page
    from django.test import Client
    from django.urls import reverse

    from firesvc.accounts.models import User

    if args.reseed or not seeded(args.enterprises):
        seed(args.enterprises)
    else:
        log("bench database already seeded (--reseed to redo)")
        _refresh_schedules()
    from serving import collect_static, local_env

    collect_static(local_env())
    overdue = reverse("enterprises:visits_overdue")
    timeline = reverse("enterprises:timeline", args=[busiest().pk])
    reviewer, supervisor = User.objects.get(username="reviewer"), User.objects.get(username="supervisor")
    cases = [
        ("overdue list, reviewer 铁西大队", reviewer, overdue),
        ("overdue list p.40, reviewer 铁西大队", reviewer, deep_page(reviewer, overdue, 40)),
        ("overdue list, supervisor 沈阳支队", supervisor, overdue),
        ("overdue list, key units, 沈阳支队", supervisor, f"{overdue}?tier=key_unit&planned=no"),
        ("timeline of the busiest enterprise", reviewer, timeline),
        ("timeline, hazards only", reviewer, f"{timeline}?kind=hazard"),
    ]
    log(f"\n{'page':<40} {'median ms':>10} {'queries':>8} {'status':>7}")
    for label, user, path in cases:
        client = Client()
        client.force_login(user)
        ms, queries, status = timed_page(client, path, args.runs)
        log(f"{label:<40} {ms:10.1f} {queries:8d} {status:7d}")
    _interval_change()
    log(f"\npeak RSS {peak_rss_mb():.0f} MB; whole run {time.perf_counter() - started:.0f} s; today {date.today()}")


if __name__ == "__main__":
    main()
