"""Seeding shared by the benchmarks: the demo organisation, many enterprises and applications, visits.

Applications stream through COPY in batches of BATCH rows (one batch of CSV text in memory at a
time), so seeding millions keeps the process small. The shape: a share of the rows open (submitted
or accepted, with a running clock due from 15 days ago to 40 days ahead: red, yellow and green cards
mixed), the rest closed over four years; CLERK_SHARE of everything in the demo clerk's brigade
(铁西大队), so that the clerk's worklist is full; optionally a share of all rows for one demo
enterprise (its user ``ent_a``), the busiest applicant, whose lists grow with the data.
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from _common import peak_rss_mb

CLERK_BRIGADE = "sy-tx"
CLERK_SHARE = 0.4  # of all applications (and of the extra enterprises): the clerk's worklist is full
GREEN_CHANNEL_SHARE = 0.03
BATCH = 5_000
BUSY_USER = "ent_a"  # the demo enterprise user whose enterprise gets ``busy_share`` of the applications
PROJECTS = ["商业综合体", "酒店改造", "仓储物流中心", "养老服务中心", "KTV装修", "学校教学楼", "写字楼", "生产车间",
            "地下车库", "购物中心", "医院门诊楼", "厂房扩建"]
STREETS = ["建设大路", "北二路", "中华路", "解放路", "人民街", "友谊路", "新华路", "黄河路", "重工街", "兴华街"]
CLOSED_STATUSES = [("approved", 0.6), ("rejected", 0.1), ("refused", 0.1), ("withdrawn", 0.2)]
OPEN_STATUSES = ("submitted", "accepted")


def log(message: str) -> None:
    print(message, flush=True)


def seeded(total: int, open_count: int) -> bool:
    """Whether the database holds at least ``total`` applications, ``open_count`` of them open."""
    from approvals.models import Application

    return (Application.objects.count() >= total
            and Application.objects.filter(status__in=OPEN_STATUSES).count() >= open_count)


def seed_demo_base() -> None:
    """The demo's organisation tree, staff, enterprises and their users, and the time-limit rules."""
    from enterprises.demo import seed_enterprise_users, seed_enterprises
    from firesvc.accounts.demo import seed_org_tree, seed_staff
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_enterprises()
    seed_enterprise_users()


def seed(total: int, open_count: int, extra_enterprises: int, *, busy_share: float = 0.0) -> None:
    """The demo base, ``extra_enterprises`` more enterprises and exactly ``total`` applications (any
    earlier ones are removed), ``open_count`` of them open; ``busy_share`` of them for ``BUSY_USER``'s
    enterprise."""
    from django.db import connection

    from approvals.models import Application

    started = time.perf_counter()
    seed_demo_base()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE approvals_application RESTART IDENTITY CASCADE")
    seed_enterprises(extra_enterprises)
    log(f"  org tree, staff and {extra_enterprises:,} extra enterprises: {time.perf_counter() - started:.1f} s")
    seed_applications(total, open_count, busy_share=busy_share)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE approvals_application")
        cur.execute("ANALYZE enterprises_enterprise")
    log(f"seeded {Application.objects.count():,} applications "
        f"({Application.objects.filter(status__in=OPEN_STATUSES).count():,} open) "
        f"in {time.perf_counter() - started:.1f} s; peak RSS so far {peak_rss_mb():.0f} MB")


def _brigade_weights() -> list[tuple[Any, float]]:
    """The clerk's brigade gets CLERK_SHARE of everything, the others share the rest."""
    from firesvc.accounts.enums import UnitKind
    from firesvc.accounts.models import OrgUnit

    brigades = list(OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("code"))
    others = [b for b in brigades if b.code != CLERK_BRIGADE]
    return [(b, CLERK_SHARE if b.code == CLERK_BRIGADE else (1 - CLERK_SHARE) / len(others)) for b in brigades]


def seed_enterprises(count: int) -> None:
    """``count`` more enterprises over the brigades (valid credit codes; re-running adds none)."""
    from enterprises.enums import Industry, RiskTier
    from enterprises.models import Enterprise
    from firesvc.accounts.demo import BRIGADE_AREA_CODES
    from firesvc.accounts.enums import UnitKind
    from firesvc.accounts.models import OrgUnit
    from firesvc.identifiers import make_uscc

    rng = random.Random(11)
    weights = _brigade_weights()
    grids = {b.pk: list(OrgUnit.objects.subtree_of(b).filter(kind=UnitKind.GRID).values_list("pk", flat=True))
             for b, _w in weights}
    industries, tiers = list(Industry.values), list(RiskTier.values)
    rows: list[Enterprise] = []
    for i in range(count):
        brigade = rng.choices([b for b, _w in weights], [w for _b, w in weights])[0]
        city = {"sy": "沈阳", "jz": "锦州", "cy": "朝阳"}[brigade.code.split("-")[0]]
        rows.append(Enterprise(
            name=f"{city}{rng.choice(PROJECTS)}第{i + 1:05d}号有限公司",
            uscc=make_uscc("91" + BRIGADE_AREA_CODES[brigade.code], f"B{i:07d}"),
            legal_representative="王建华", contact_name="李海燕", contact_phone=f"139{i:08d}",
            address=f"{city}市{rng.choice(STREETS)}{rng.randrange(1, 500)}号", brigade=brigade,
            grid_id=rng.choice(grids[brigade.pk]) if grids[brigade.pk] else None,
            industry=rng.choice(industries), risk_tier=rng.choice(tiers),
        ))
        if len(rows) == 2_000:
            Enterprise.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Enterprise.objects.bulk_create(rows, ignore_conflicts=True)


def _start_of_day(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day))


APPLICATION_COLUMNS = [
    "number", "matter_id", "enterprise_id", "applicant_name", "brigade_id", "applicant_id", "filed_by_clerk_id",
    "status",
    "project_name", "project_address", "building_area", "building_height", "floors", "use", "is_key_project",
    "is_livelihood_project", "green_channel", "contact_name", "contact_phone", "description", "submitted_at",
    "arrival_date", "accepted_at", "deemed_accepted", "closed_at", "due_at", "yellow_at", "due_date", "created_at",
    "updated_at",
]


@contextmanager
def copy_cursor() -> Iterator[Any]:
    """A psycopg2 cursor on a connection of its own to the bench database, for ``COPY … FROM STDIN``
    (Django's cursor has no COPY); committed at the end."""
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(dbname=db["NAME"], user=db["USER"] or None, password=db["PASSWORD"] or None,
                            host=db["HOST"] or None, port=db["PORT"] or None)
    try:
        with conn, conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def seed_applications(total: int, open_count: int, *, busy_share: float = 0.0) -> None:
    """COPY the rows in batches of BATCH: one batch of CSV text in memory at a time."""
    from django.utils import timezone

    from approvals.enums import BuildingUse
    from approvals.models import Matter
    from enterprises.models import Enterprise, EnterpriseAccount
    from firesvc.accounts.models import User

    rng = random.Random(2026)
    now = timezone.now()
    today = timezone.localdate(now)
    clerk = User.objects.get(username="clerk")
    matters = list(Matter.objects.values_list("pk", flat=True))
    uses = list(BuildingUse.values)
    weights = _brigade_weights()
    brigade_ids = [b.pk for b, _w in weights]
    brigade_weights = [w for _b, w in weights]
    codes = {b.pk: b.code.upper() for b, _w in weights}
    # Enterprise ids per brigade and names, and the verified users of the demo enterprises.
    by_brigade: dict[int, list[int]] = {pk: [] for pk in brigade_ids}
    names: dict[int, str] = {}
    for pk, brigade_id, name in Enterprise.objects.values_list("pk", "brigade_id", "name").iterator():
        by_brigade.setdefault(brigade_id, []).append(pk)
        names[pk] = name
    users = dict(EnterpriseAccount.objects.filter(status="verified").values_list("enterprise_id", "user_id"))
    busy = (Enterprise.objects.filter(accounts__user__username=BUSY_USER).values_list("pk", "brigade_id").first()
            if busy_share else None)
    counters = dict.fromkeys(brigade_ids, 0)
    statuses, status_weights = [s for s, _w in CLOSED_STATUSES], [w for _s, w in CLOSED_STATUSES]
    columns = ", ".join(f'"{c}"' for c in APPLICATION_COLUMNS)
    # Empty unquoted fields are NULL, except in the text columns that are never NULL.
    copy_sql = (f"COPY approvals_application ({columns}) FROM STDIN "
                "WITH (FORMAT csv, NULL '', FORCE_NOT_NULL (description))")
    left_open, left_total, written = open_count, total, 0
    started = time.perf_counter()
    with copy_cursor() as cur:
        while left_total:
            buffer = io.StringIO()
            out = csv.writer(buffer, lineterminator="\n")
            for _ in range(min(BATCH, left_total)):
                is_open = rng.random() < left_open / left_total  # exactly open_count open rows, interleaved
                left_total -= 1
                left_open -= is_open
                if busy is not None and rng.random() < busy_share:
                    enterprise_id, brigade_id = busy
                else:
                    brigade_id = rng.choices(brigade_ids, brigade_weights)[0]
                    enterprise_id = rng.choice(by_brigade[brigade_id])
                applicant_id = users.get(enterprise_id, clerk.pk)
                counters[brigade_id] += 1
                if is_open:
                    # Due from 15 days ago to 40 days ahead: red, yellow and green cards mixed.
                    due_date = today + timedelta(days=rng.randint(-15, 40))
                    submitted = _start_of_day(due_date - timedelta(days=28)) + timedelta(minutes=rng.randint(480, 1020))
                    status = "accepted" if rng.random() < 0.7 else "submitted"
                    accepted = submitted + timedelta(days=rng.randint(1, 4)) if status == "accepted" else None
                    due_at = _start_of_day(due_date + timedelta(days=1))  # due at the end of the due date
                    yellow_at = max(_start_of_day(due_date - timedelta(days=4)), submitted)
                    green, closed = rng.random() < GREEN_CHANNEL_SHARE, None
                else:
                    submitted = now - timedelta(days=rng.randint(60, 1500), minutes=rng.randint(0, 1440))
                    status = rng.choices(statuses, status_weights)[0]
                    accepted = submitted + timedelta(days=2) if status in ("approved", "rejected") else None
                    closed = submitted + timedelta(days=rng.randint(3, 40))
                    due_date = due_at = yellow_at = None
                    green = rng.random() < GREEN_CHANNEL_SHARE
                created = submitted - timedelta(days=rng.randint(0, 3))
                out.writerow([
                    f"{codes[brigade_id]}-{submitted.year}-B{counters[brigade_id]:07d}",
                    rng.choice(matters), enterprise_id, names[enterprise_id], brigade_id, applicant_id,
                    clerk.pk if applicant_id == clerk.pk else "", status,
                    f"{rng.choice(STREETS)}{rng.choice(PROJECTS)}{rng.randrange(1, 30)}期",
                    f"{rng.choice(STREETS)}{rng.randrange(1, 900)}号",
                    f"{rng.uniform(200, 90000):.2f}", f"{rng.uniform(4, 150):.2f}", rng.randint(1, 45),
                    rng.choice(uses), rng.random() < 0.1, rng.random() < 0.05, green, "孙立新", "13912345678",
                    "", submitted.isoformat(), submitted.date().isoformat(),
                    accepted.isoformat() if accepted else "", False, closed.isoformat() if closed else "",
                    due_at.isoformat() if due_at else "", yellow_at.isoformat() if yellow_at else "",
                    due_date.isoformat() if due_date else "", created.isoformat(),
                    (closed or accepted or submitted).isoformat(),
                ])
            buffer.seek(0)
            cur.copy_expert(copy_sql, buffer)
            written += BATCH
            if written % 100_000 == 0:
                log(f"  {written:,} rows, {time.perf_counter() - started:.0f} s, RSS peak {peak_rss_mb():.0f} MB")
    log(f"  COPY of {total:,} applications: {time.perf_counter() - started:.1f} s")


def seed_visits(*, reviewer: str = "reviewer") -> None:
    """Up to three done visits per enterprise in the last 400 days (generated inside PostgreSQL, so nothing
    large passes through Python), registration dates over three years and a tenth key units; then the
    schedules and next-visit due dates, as ``manage.py visits_recompute_due`` repairs them after a bulk load."""
    from django.core.management import call_command
    from django.db import connection

    from firesvc.accounts.models import User

    started = time.perf_counter()
    reviewer_id = User.objects.get(username=reviewer).pk
    with connection.cursor() as cur:
        cur.execute("UPDATE enterprises_enterprise SET created_at = now() - ((id * 7919) % 1100) * interval '1 day',"
                    " is_key_unit = (id % 10 = 0)")
        cur.execute("DELETE FROM enterprises_visit")
        cur.execute(
            "INSERT INTO enterprises_visit (enterprise_id, unit_id, status, visited_on, staff_id, companions, method,"
            " contact_person, needs, notes, created_at)"
            " SELECT e.id, e.brigade_id, 'done', current_date - ((e.id * 37 + g * 101) %% 400)::int, %s, '', 'on_site',"
            " '', '', '', now() FROM enterprises_enterprise e, generate_series(1, e.id %% 4) g", [reviewer_id])
    log(f"  visits: {time.perf_counter() - started:.1f} s")
    call_command("visits_recompute_due", verbosity=0)
    log(f"  visit schedules and due dates: {time.perf_counter() - started:.1f} s")
