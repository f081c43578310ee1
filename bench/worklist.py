"""Benchmark of the clerk's worklist at scale on PostgreSQL (issue: the worklist stays fast).

Seeds 1,000,000 applications of which 200,000 are open (submitted or accepted, with a running
clock) and 800,000 closed, over the demo organisation tree and 20,000 extra enterprises; then
serves the portal with gunicorn on loopback and loads four pages with wrk, side by side:

* ``/ping/``                        a minimal signed-in page of the same stack (baseline), as clerk
* ``/approvals/worklist/``          the worklist's first page, as the demo clerk of 铁西大队
* ``/approvals/worklist/?after=…``  a deep keyset page (``--deep`` pages in), as clerk
* ``/admin/approvals/application/`` the Django admin changelist of the same model, as admin

Targets: worklist ≥ 80 % of the minimal page's requests/s and ≥ 5 × the admin changelist's;
the same number of SQL queries per page whatever the row count.

    .venv/bin/python -u bench/worklist.py [--reseed] [--workers 2,3,4] [--duration 20] [--rounds 10]

Seeding is skipped when the bench database already holds the rows (``--reseed`` forces it);
it streams batches through COPY, so the process stays small (peak RSS is printed). Each page
gets ``--duration`` seconds of load, split into ``--rounds`` rounds that take the pages in
turn, so that other work on the machine weighs on all pages alike; after each page's run the bench
waits until the machine is quiet (the workers have finished what wrk left them), and counts the
CPU time the whole machine spent over the run (server, database and wrk: "CPU ms/req", whose ratio
is the throughput ratio the pages would have on cores of their own); wrk's figures are summed over the rounds
(p50: the median round's, p99: the worst round's). "not page" counts the answers that were not the
page: wrk's 4xx/5xx count plus the shortfall of the bytes it read against the page's size (a
redirect to the login page is a few hundred bytes), or, with ``--lua-check``, exactly through a
Lua callback on every response, which costs wrk work in proportion to the page's size on the
cores the server uses (figures with both are in the notes). Uses BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/firesvc_bench). Needs ``wrk`` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from _common import ROOT, peak_rss_mb, setup_django, vacuum_analyze

PAGE_ROWS = 25
CLERK_BRIGADE = "sy-tx"
CLERK_SHARE = 0.4  # of all applications (and of the extra enterprises): the clerk's worklist is full
GREEN_CHANNEL_SHARE = 0.03
BATCH = 5_000
SETTLE_SECONDS = 10  # at most, between two pages' runs, for the workers to finish what wrk left them
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROJECTS = ["商业综合体", "酒店改造", "仓储物流中心", "养老服务中心", "KTV装修", "学校教学楼", "写字楼", "生产车间",
            "地下车库", "购物中心", "医院门诊楼", "厂房扩建"]
STREETS = ["建设大路", "北二路", "中华路", "解放路", "人民街", "友谊路", "新华路", "黄河路", "重工街", "兴华街"]
CLOSED_STATUSES = [("approved", 0.6), ("rejected", 0.1), ("refused", 0.1), ("withdrawn", 0.2)]
WRK_SCRIPT = """
-- Counts every response whose status is not 200 (wrk's own counter lets 3xx through).
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0 end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("not200") end
  io.write(string.format("NOT200 %d\\n", total))
end
"""


def log(message: str) -> None:
    print(message, flush=True)


# --- seeding -------------------------------------------------------------------------------------

def seeded(total: int, open_count: int) -> bool:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(*) FILTER (WHERE status IN ('submitted', 'accepted')) "
                    "FROM approvals_application")
        have_total, have_open = cur.fetchone()
    return have_total >= total and have_open >= open_count


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


def seed(total: int, open_count: int, extra_enterprises: int) -> None:
    from django.db import connection

    from approvals.models import Application

    started = time.perf_counter()
    seed_demo_base()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE approvals_application RESTART IDENTITY CASCADE")
    _seed_enterprises(extra_enterprises)
    log(f"  org tree, staff and {extra_enterprises:,} extra enterprises: {time.perf_counter() - started:.1f} s")
    _seed_applications(total, open_count)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE approvals_application")
        cur.execute("ANALYZE enterprises_enterprise")
    log(f"seeded {Application.objects.count():,} applications "
        f"({Application.objects.filter(status__in=['submitted', 'accepted']).count():,} open) "
        f"in {time.perf_counter() - started:.1f} s; peak RSS so far {peak_rss_mb():.0f} MB")


def _brigade_weights() -> list[tuple[Any, float]]:
    """The clerk's brigade gets CLERK_SHARE of everything, the others share the rest."""
    from firesvc.accounts.enums import UnitKind
    from firesvc.accounts.models import OrgUnit

    brigades = list(OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("code"))
    others = [b for b in brigades if b.code != CLERK_BRIGADE]
    return [(b, CLERK_SHARE if b.code == CLERK_BRIGADE else (1 - CLERK_SHARE) / len(others)) for b in brigades]


def _seed_enterprises(count: int) -> None:
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


def _seed_applications(total: int, open_count: int) -> None:
    """COPY the rows in batches of BATCH: one batch of CSV text in memory at a time."""
    from django.db import connection
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
    # Enterprise ids per brigade and names (20k of each) and the verified users of the demo enterprises.
    by_brigade: dict[int, list[int]] = {pk: [] for pk in brigade_ids}
    names: dict[int, str] = {}
    for pk, brigade_id, name in Enterprise.objects.values_list("pk", "brigade_id", "name").iterator():
        by_brigade.setdefault(brigade_id, []).append(pk)
        names[pk] = name
    users = dict(EnterpriseAccount.objects.filter(status="verified").values_list("enterprise_id", "user_id"))
    counters = dict.fromkeys(brigade_ids, 0)
    statuses, status_weights = [s for s, _w in CLOSED_STATUSES], [w for _s, w in CLOSED_STATUSES]
    columns = ", ".join(f'"{c}"' for c in APPLICATION_COLUMNS)
    # Empty unquoted fields are NULL, except in the text columns that are never NULL.
    copy_sql = (f"COPY approvals_application ({columns}) FROM STDIN "
                "WITH (FORMAT csv, NULL '', FORCE_NOT_NULL (description))")
    left_open, left_total, written = open_count, total, 0
    started = time.perf_counter()
    with connection.cursor() as cur:
        raw = cur.cursor  # the psycopg2 cursor under Django's wrapper, for copy_expert
        while left_total:
            buffer = io.StringIO()
            out = csv.writer(buffer, lineterminator="\n")
            for _ in range(min(BATCH, left_total)):
                is_open = rng.random() < left_open / left_total  # exactly open_count open rows, interleaved
                left_total -= 1
                left_open -= is_open
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
            raw.copy_expert(copy_sql, buffer)
            written += BATCH
            if written % 100_000 == 0:
                log(f"  {written:,} rows, {time.perf_counter() - started:.0f} s, RSS peak {peak_rss_mb():.0f} MB")
    log(f"  COPY of {total:,} applications: {time.perf_counter() - started:.1f} s")


# --- in-process measurements ---------------------------------------------------------------------

PAGES = [  # label, who, path (the deep page's path is filled in once its cursor is known)
    ("ping", "clerk", "/ping/"),
    ("worklist", "clerk", "/approvals/worklist/"),
    ("worklist deep", "clerk", ""),
    ("admin changelist", "admin", "/admin/approvals/application/"),
]


def in_process_figures(users: dict[str, Any], paths: dict[str, str], runs: int = 30) -> dict[str, dict[str, Any]]:
    """SQL queries of each page and its server-side time, through the test Client in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    figures: dict[str, dict[str, Any]] = {}
    clients: dict[str, Client] = {}
    for who, user in users.items():
        clients[who] = Client()
        clients[who].force_login(user)
    for label, who, _path in PAGES:
        client, path = clients[who], paths[label]
        client.get(path)  # warm: templates, calendar, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        sql = [q["sql"] for q in queries.captured_queries]  # now: the next request clears the log
        if response.status_code != 200:
            raise RuntimeError(f"in-process {path}: HTTP {response.status_code}")
        t0 = time.perf_counter()
        for _ in range(runs):
            client.get(path)
        figures[label] = {"queries": len(sql), "ms": (time.perf_counter() - t0) / runs * 1000, "sql": sql}
    return figures


def worklist_queries(user: Any) -> tuple[int, int]:
    """(SQL queries of the worklist's first page, open rows in the user's scope)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from approvals.enums import WORKLIST_STATUSES
    from approvals.models import Application

    client = Client()
    client.force_login(user)
    client.get("/approvals/worklist/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/approvals/worklist/")
    count = len(queries.captured_queries)
    return count, Application.objects.visible_to(user).filter(status__in=WORKLIST_STATUSES).count()


def explain(sql: str) -> str:
    """EXPLAIN ANALYZE of one captured query, summed up: the plan's access paths and its times."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cur.fetchall()]
    nodes = [line.strip().removeprefix("->  ").split("  (")[0] for line in plan]
    paths = [node for node in nodes  # the application's access path, its keyset condition, any sort
             if " on approvals_application" in node or node.startswith("Sort") or "Cond: (ROW" in node
             or "Cond: ((ROW" in node]
    times = [line.strip() for line in plan if line.startswith(("Planning Time", "Execution Time"))]
    return "; ".join(paths + times)


# --- serving and load -----------------------------------------------------------------------------

@dataclass
class WrkResult:
    rps: float
    mean_ms: float
    p50_ms: float
    p99_ms: float
    requests: int
    seconds: float
    not200: int
    errors: str
    cpu_seconds: float = 0.0  # the machine's busy CPU time over the run and its settling (machine_busy_seconds)

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_seconds / max(self.requests, 1) * 1000


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"unexpected wrk output (no {pattern!r}):\n{text}")
    return found.group(1)


def run_wrk(url: str, cookie: str, *, threads: int, connections: int, duration: int, script: str | None,
            page_bytes: int) -> WrkResult:
    """One wrk run. Responses that are not the page (``page_bytes`` long, headers included) are counted
    by the Lua ``script`` when one is given (exact, but wrk then keeps every body for Lua: its own
    work grows with the page's size, on the cores the server uses); else from wrk's own count of
    4xx/5xx answers plus the shortfall of the bytes read (a redirect to the login page is a few
    hundred bytes instead of the page; up to one response per connection may be cut off at the end)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
               "-H", f"Cookie: {cookie}", url]
    out = subprocess.run(command + (["-s", script] if script else []), capture_output=True, text=True,
                         check=True).stdout
    errors = re.search(r"Socket errors:.*", out)
    requests = int(_find(r"(\d+) requests in", out))
    if script:
        not_page = int(_find(r"NOT200 (\d+)", out))
    else:
        status_errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        read = _bytes(_find(r"requests in [\d.]+\w+, ([\d.]+[KMGT]?B) read", out))
        shortfall = max(0, round(requests - read / page_bytes) - connections)
        not_page = (int(status_errors.group(1)) if status_errors else 0) + shortfall
    return WrkResult(
        rps=float(_find(r"Requests/sec:\s+([\d.]+)", out)), mean_ms=_ms(_find(r"Latency\s+(\S+)", out)),
        p50_ms=_ms(_find(r"\s50%\s+(\S+)", out)), p99_ms=_ms(_find(r"\s99%\s+(\S+)", out)),
        requests=requests, seconds=_ms(_find(r"requests in ([\d.]+\w+),", out)) / 1000,
        not200=not_page, errors=errors.group(0) if errors else "")


def _bytes(text: str) -> float:
    """wrk's amounts of data ("562.13MB": binary units, two decimals)."""
    value, unit = re.fullmatch(r"([\d.]+)([KMGT]?B)", text).groups()  # type: ignore[union-attr]
    return float(value) * 1024 ** ["B", "KB", "MB", "GB", "TB"].index(unit)


def response_bytes(base: str, path: str, cookie: str) -> int:
    """The length of one answer to ``path`` as wrk reads it: status line, headers and body."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nCookie: {cookie}\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):  # gunicorn's sync workers close the connection after each answer
            received += chunk
    return len(received)


def combine(rounds: list[WrkResult]) -> WrkResult:
    """One figure from interleaved rounds: requests over time; p50 the median round's, p99 the worst."""
    requests, seconds = sum(r.requests for r in rounds), sum(r.seconds for r in rounds)
    return WrkResult(
        rps=requests / seconds, mean_ms=sum(r.mean_ms * r.requests for r in rounds) / max(requests, 1),
        p50_ms=sorted(r.p50_ms for r in rounds)[len(rounds) // 2], p99_ms=max(r.p99_ms for r in rounds),
        requests=requests, seconds=seconds, not200=sum(r.not200 for r in rounds),
        errors="; ".join(r.errors for r in rounds if r.errors), cpu_seconds=sum(r.cpu_seconds for r in rounds))


def machine_busy_seconds() -> float:
    """CPU time every process on this machine has used (gunicorn's workers, PostgreSQL's backends, wrk),
    from /proc/stat: user, nice, system, irq and softirq; not idle, iowait or steal (time the hypervisor
    gave to other machines). Backends that exit (a connection older than DB_CONN_MAX_AGE) still count."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / CLOCK_TICKS


def settle(limit: float = SETTLE_SECONDS) -> float:
    """Wait until the machine is quiet (under a tenth of a core busy over a quarter of a second), at most
    ``limit`` seconds: wrk leaves its last requests to the workers (an admin changelist's take a second
    or more), which the next page's run would otherwise share the cores with. Returns the seconds waited."""
    started = time.monotonic()
    before = machine_busy_seconds()
    while time.monotonic() - started < limit:
        time.sleep(0.25)
        now = machine_busy_seconds()
        if now - before < 0.025:
            break
        before = now
    return time.monotonic() - started


def fetch(base: str, path: str, cookie: str) -> tuple[int, str]:
    """One GET without following redirects (a redirect to the login page is a failure)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="firesvc.settings.local", DEBUG="0", LOG_LEVEL="WARNING",
               DB_CONN_MAX_AGE=env.get("DB_CONN_MAX_AGE", "60"))  # persistent connections, as docker-compose's web
    return env


class Gunicorn:
    """gunicorn (sync workers, no access log) on a free loopback port; ``stop`` ends it and its workers."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.gettempdir()) / f"bench-worklist-gunicorn-{os.getpid()}.log"
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "firesvc.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
             "--error-logfile", str(self.log), "--log-level", "warning"],
            cwd=ROOT, env=server_env(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log}")
            try:
                fetch(self.base, "/ping/", "")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def worker_peak_rss_mb(self) -> list[float]:
        peaks = []
        for child in _children(self.process.pid):
            try:
                with open(f"/proc/{child}/status") as status:
                    peaks += [int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM")]
            except OSError:
                pass
        return peaks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log.exists() and not self.log.stat().st_size:
            self.log.unlink()  # kept only when gunicorn had something to say


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def session_cookie(user: Any) -> str:
    """A signed-in session for ``user`` written straight to the session store."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


NEXT_LINK = re.compile(r'href="\?after=([^"]+)"')


def check_page(base: str, path: str, cookie: str, *, rows: int | None) -> str:
    """The page's HTML; fails unless it is a 200 (not a redirect) with ``rows`` worklist rows."""
    status, body = fetch(base, path, cookie)
    found = body.count("data-application=")
    if status != 200 or (rows is not None and found != rows):
        raise RuntimeError(f"{path}: HTTP {status}, {found} worklist rows (expected 200 and {rows})")
    return body


def follow_cursor(base: str, cookie: str, pages: int) -> str:
    """The path of the worklist's page ``pages + 1``, found by following its "next page" links."""
    path = "/approvals/worklist/"
    for _ in range(pages):
        link = NEXT_LINK.search(check_page(base, path, cookie, rows=PAGE_ROWS))
        if link is None:
            raise RuntimeError(f"{path}: no next-page link")
        path = f"/approvals/worklist/?after={link.group(1)}"
    return path


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def collect_static() -> None:
    """``manage.py collectstatic --noinput``: the production-like manifest that {% static %} reads."""
    done = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=server_env(),
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py collectstatic failed:\n{done.stderr}")


def load_test(workers: int, cookies: dict[str, str], paths: dict[str, str], args: argparse.Namespace,
              script: str | None) -> dict[str, WrkResult]:
    """wrk on each page: a warm-up, then ``--rounds`` interleaved rounds (background load drifts)."""
    server = Gunicorn(workers)
    rounds: dict[str, list[WrkResult]] = {label: [] for label, _who, _path in PAGES}
    try:
        server.wait_ready()
        sizes: dict[str, int] = {}
        for label, who, _path in PAGES:
            check_page(server.base, paths[label], cookies[who], rows=PAGE_ROWS if "worklist" in label else None)
            sizes[label] = response_bytes(server.base, paths[label], cookies[who])
            run_wrk(server.base + paths[label], cookies[who], threads=args.threads, connections=args.connections,
                    duration=args.warmup, script=script, page_bytes=sizes[label])
            settle()
        seconds = max(1, round(args.duration / args.rounds))
        for n in range(args.rounds):
            before = loadavg()
            order = PAGES[n % len(PAGES):] + PAGES[:n % len(PAGES)]
            for label, who, _path in order:
                busy = machine_busy_seconds()
                result = run_wrk(server.base + paths[label], cookies[who], threads=args.threads,
                                 connections=args.connections, duration=seconds, script=script,
                                 page_bytes=sizes[label])
                settle()  # the requests wrk left to the workers are this page's work
                result.cpu_seconds = machine_busy_seconds() - busy
                rounds[label].append(result)
            log(f"  workers={workers} round {n + 1}/{args.rounds}: "
                + ", ".join(f"{label} {rounds[label][-1].rps:.0f}" for label, _w, _p in PAGES)
                + f" req/s (load average {before} -> {loadavg()})")
        for label, who, _path in PAGES:  # still right after the load
            check_page(server.base, paths[label], cookies[who], rows=PAGE_ROWS if "worklist" in label else None)
        log(f"  gunicorn worker peak RSS: {', '.join(f'{m:.0f} MB' for m in server.worker_peak_rss_mb())}")
    finally:
        server.stop()
    return {label: combine(results) for label, results in rounds.items()}


def print_table(workers: int, results: dict[str, WrkResult], figures: dict[str, dict[str, Any]],
                args: argparse.Namespace) -> None:
    log(f"\ngunicorn --workers {workers} (sync), wrk -t{args.threads} -c{args.connections}, "
        f"{args.rounds} interleaved rounds, {sum(r.seconds for r in results.values()) / len(results):.0f} s per page")
    log(f"{'page':<18}{'req/s':>8}{'mean ms':>9}{'p50 ms':>8}{'p99 ms':>9}{'requests':>10}{'not page':>9}"
        f"{'SQL':>5}{'in-proc ms':>11}{'CPU ms/req':>11}")
    for label, r in results.items():
        f = figures[label]
        log(f"{label:<18}{r.rps:8.1f}{r.mean_ms:9.2f}{r.p50_ms:8.2f}{r.p99_ms:9.2f}{r.requests:10d}{r.not200:9d}"
            f"{f['queries']:5d}{f['ms']:11.2f}{r.cpu_ms_per_request:11.3f}")
        if r.errors:
            log(f"  {label}: {r.errors}")
    pages = ("ping", "worklist", "worklist deep", "admin changelist")
    ping, first, deep, admin = (results[k].rps for k in pages)
    log(f"worklist / ping:             {first / ping:6.1%}   deep page {deep / ping:6.1%}   (target >= 80 %)")
    log(f"worklist / admin changelist: {first / admin:6.1f} x  deep page {deep / admin:6.1f} x  (target >= 5 x)")
    # The machine's CPU per request (server, database and wrk): the throughput ratio the pages would have on
    # cores of their own, which other machines on the host do not shift from one round to the next.
    ping_cpu, first_cpu, deep_cpu, admin_cpu = (results[k].cpu_ms_per_request for k in pages)
    log(f"by CPU per request:          {ping_cpu / first_cpu:6.1%}   deep page {ping_cpu / deep_cpu:6.1%};  "
        f"{admin_cpu / first_cpu:.1f} x and {admin_cpu / deep_cpu:.1f} x the admin changelist")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=200_000)
    parser.add_argument("--enterprises", type=int, default=20_000, help="extra enterprises over the demo ones")
    parser.add_argument("--reseed", action="store_true", help="seed even if the rows are there")
    parser.add_argument("--workers", default="2,3,4", help="gunicorn workers: each of a comma list in turn")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page (over all rounds)")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds the duration is split into")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up load per page")
    parser.add_argument("--deep", type=int, default=300, help="how many pages in the deep page is")
    parser.add_argument("--lua-check", action="store_true",
                        help="count answers that are not the page with a Lua callback on every response (exact, "
                             "but costs wrk work in proportion to the page's size)")
    parser.add_argument("--skip-load", action="store_true", help="seed and measure in-process only")
    args = parser.parse_args()
    if not args.skip_load and shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    started = time.perf_counter()
    setup_django()
    from firesvc.accounts.models import User

    if args.reseed or not seeded(args.total, args.open):
        seed(args.total, args.open, args.enterprises)
    else:
        log(f"bench database already holds {args.total:,} applications ({args.open:,} open): seeding skipped "
            "(--reseed to redo)")
    log(f"VACUUM (ANALYZE), as autovacuum would have: {vacuum_analyze():.1f} s")
    log(f"load average {loadavg()} on {os.cpu_count()} cores (other processes share them)")
    collect_static()
    users = {"clerk": User.objects.get(username="clerk"), "admin": User.objects.get(username="admin")}
    cookies = {who: session_cookie(user) for who, user in users.items()}
    paths = {label: path for label, _who, path in PAGES}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that ``finally`` stops gunicorn
    server = Gunicorn(1)
    try:
        server.wait_ready()
        t0 = time.perf_counter()
        paths["worklist deep"] = follow_cursor(server.base, cookies["clerk"], args.deep)
        log(f"followed {args.deep} 'next page' links in {time.perf_counter() - t0:.1f} s "
            f"({(time.perf_counter() - t0) / args.deep * 1000:.1f} ms a page, one request at a time)")
    finally:
        server.stop()

    figures = in_process_figures(users, paths)
    for label, f in figures.items():
        log(f"in-process {label:<17} {f['queries']:2d} SQL queries, {f['ms']:6.2f} ms a request")
    for label in ("worklist", "worklist deep"):
        query = next(q for q in figures[label]["sql"]  # prepared once per session on PostgreSQL: EXECUTE it
                     if "ORDER BY NOT a.green_channel" in q or q.startswith("EXECUTE worklist_"))
        query = "EXECUTE" + query.rsplit("; EXECUTE", 1)[1] if "; EXECUTE" in query else query
        log(f"{label} query: {explain(query)}")
    for username in ("clerk_jz", "clerk", "admin"):  # different scopes, different row counts
        count, rows = worklist_queries(User.objects.get(username=username))
        log(f"worklist of {username:<9} {count:2d} SQL queries with {rows:7,} open rows in scope")
    if not args.skip_load:
        with tempfile.NamedTemporaryFile("w", prefix="bench-wrk-", suffix=".lua") as script:
            script.write(WRK_SCRIPT)
            script.flush()
            for workers in (int(w) for w in args.workers.split(",")):
                results = load_test(workers, cookies, paths, args, script.name if args.lua_check else None)
                print_table(workers, results, figures, args)
    log(f"\npeak RSS of the bench process: {peak_rss_mb():.0f} MB; whole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
