"""Load test of a realistic mix of the portal's pages (issue 9 item 3): gunicorn + PostgreSQL + Redis.

Serves the portal with gunicorn on loopback under the production settings (``firesvc.settings.production``:
DEBUG off, cached template loader, persistent connections, database sessions, WhiteNoise, the Redis
cache, JSON logs and gunicorn's access log as docker-compose's ``web``) against the full-scale data of
``bench/worklist.py`` (1,000,000 applications, 200,000 open; seeded by it when missing) and loads it
with wrk and a generated Lua script that picks every request by weight:

=====================  ==========  =================================================================
page                   who         request
=====================  ==========  =================================================================
worklist               clerks      GET  /approvals/worklist/ (first page; every 4th a keyset page 2-20)
clerk case page        clerks      GET  /approvals/<pk>/ of an open case in the clerk's scope
intake                 clerks      GET  /approvals/<pk>/intake/ of a submitted case (the intake form)
my applications        enterprise  GET  /approvals/
status page            enterprise  GET  /approvals/<pk>/ of one of the enterprise's applications
draft filing           enterprise  POST /approvals/new/<matter>/ (the project form: a new draft)
hazard form            resident    GET  /reports/ (public, no session)
hazard report          resident    POST /reports/ (public; a new report in a random place)
duty view              duty        GET  /reports/duty/ (the duty officer's live list)
dashboard              supervisor  GET  /stats/ (the statistics dashboard, default period)
=====================  ==========  =================================================================

Each request carries the signed-in session of a user of the page's role (two clerks, three
enterprise users, the duty officer, the supervisor; residents have none), and POSTs carry a CSRF
cookie and token. The server is told it sits behind a TLS proxy (``X-Forwarded-Proto: https``,
``TRUSTED_PROXY_COUNT = 1``), as in production: so no HTTPS redirect, the CSRF checks see a
same-origin ``Origin`` and each hazard report comes from its own client address in
``X-Forwarded-For`` (otherwise the public form's per-address limit answers 429 after ten reports).

Before the load, the statistics are rolled up to yesterday (``stats_rollup_recent``, as the nightly
beat task does: the dashboard then counts only today live) and the duty officer's sub-district gets
30 open reports.

Per-page figures come from the mixed run itself: wrk runs one connection per thread, so the
script's ``request()`` and ``response()`` alternate on each thread and the time between them
(LuaJIT's ffi ``clock_gettime``) is that request's latency; each thread writes its samples to a
file that this script reads (wrk's own ``done()`` has percentiles only over all requests).
Every answer other than 2xx/3xx is an error, as is a 3xx to the sign-in page or a POST that
does not redirect (a form shown again with errors); socket errors and timeouts are printed.
The load is split into ``--rounds`` rounds, with the load average before and after each. The CPU
time the gunicorn processes and the bench database's PostgreSQL backends used over the rounds,
per request, gives what the mix would reach on idle cores, whatever else runs on the machine.

    .venv/bin/python -u bench/load.py [--workers 3] [--connections 12] [--duration 60] [--rounds 3]

Target (2 cores): >= 300 requests/s for the mix, p95 < 200 ms, no errors.
Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/firesvc_bench) and
BENCH_REDIS_URL (default redis://127.0.0.1:6379/13; broker on the next database, flushed at the end).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import worklist as wl
from _common import ROOT, setup_django, vacuum_analyze

TARGET_RPS, TARGET_P95_MS = 300, 200
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
SETTINGS_MODULE = '''"""bench/load.py: production settings behind one trusted proxy (written by bench/load.py)."""
from firesvc.settings.production import *  # noqa: F403

TRUSTED_PROXY_COUNT = 1  # the bench's proxy headers carry each resident's address
'''


@dataclass
class Page:
    """One kind of request of the mix: who asks, how often, for what."""

    name: str
    weight: int
    paths: dict[str, list[str]]  # username ("" for a resident without a session) -> the paths they ask for
    method: str = "GET"
    form: dict[str, str] = field(default_factory=dict)  # the POST's fields (the script adds varying ones)
    expect_redirect: str = ""  # a POST must redirect to a path starting with this


# --- the data of the mix ---------------------------------------------------------------------------

CLERKS, ENTERPRISE_USERS = ("clerk", "clerk_jz"), ("ent_a", "ent_b", "ent_jz")


def sessions() -> dict[str, str]:
    """A signed-in session cookie per user (written to the session store, as bench/worklist.py does)."""
    from firesvc.accounts.models import User

    cookies = {"": ""}
    for name in (*CLERKS, *ENTERPRISE_USERS, "duty", "supervisor"):
        cookies[name] = wl.session_cookie(User.objects.get(username=name))
    return cookies


def ensure_duty_reports(count: int = 30) -> None:
    """Open reports in the duty officer's sub-district, so that the duty view has rows to show."""
    from feedback.hazard_reports.enums import HazardCategory, ReportStatus
    from feedback.hazard_reports.models import HazardReport
    from feedback.hazard_reports.services.reports import hazard_report_submit
    from firesvc.accounts.models import User

    duty = User.objects.get(username="duty")
    have = HazardReport.objects.filter(subdistrict_id=duty.unit_id).exclude(status=ReportStatus.CLOSED).count()
    communities = list(duty.unit.children.all())
    for n in range(have, count):
        hazard_report_submit(category=HazardCategory.values[n % len(HazardCategory.values)], subdistrict=duty.unit,
                             community=communities[n % len(communities)] if communities else None,
                             address=f"北塔街{n + 1}号", description="楼道堆放杂物，堵塞安全出口。")


def build_pages(rng: random.Random, duty_unit_id: int) -> list[Page]:
    from approvals.models import Application, Matter
    from enterprises.models import EnterpriseAccount
    from firesvc.accounts.enums import UnitKind
    from firesvc.accounts.models import OrgUnit, User

    cases, intakes, statuses = {}, {}, {}
    for name in CLERKS:
        open_rows = (Application.objects.visible_to(User.objects.get(username=name))
                     .filter(status__in=["submitted", "accepted"]))
        cases[name] = [f"/approvals/{pk}/" for pk in open_rows.order_by("?").values_list("pk", flat=True)[:100]]
        intakes[name] = [f"/approvals/{pk}/intake/" for pk in open_rows.filter(status="submitted")
                         .order_by("?").values_list("pk", flat=True)[:50]]
    for name in ENTERPRISE_USERS:
        account = EnterpriseAccount.objects.get(user__username=name)
        statuses[name] = [f"/approvals/{pk}/" for pk in Application.objects.filter(
            enterprise_id=account.enterprise_id).order_by("?").values_list("pk", flat=True)[:30]]
    matter = Matter.objects.filter(is_active=True).order_by("code").first()
    places = [(c.parent_id, c.pk) for c in OrgUnit.objects.filter(kind=UnitKind.COMMUNITY).exclude(
        parent_id=duty_unit_id)]
    rng.shuffle(places)
    return [
        Page("worklist", 20, {key: ["/approvals/worklist/"] for key in CLERKS}),  # keyset pages added by main()
        Page("clerk case page", 12, cases),
        Page("intake", 6, intakes),
        Page("my applications", 14, {key: ["/approvals/"] for key in ENTERPRISE_USERS}),
        Page("status page", 14, statuses),
        Page("draft filing", 3, {key: [f"/approvals/new/{matter.code}/"] for key in ENTERPRISE_USERS}, "POST", {
            "project_name": "压测仓储物流中心改造", "project_address": "沈阳市铁西区建设大路100号",
            "building_area": "3200.50", "building_height": "18.5", "floors": "4", "use": _first_use(),
            "contact_name": "李海燕", "contact_phone": "13912345678", "description": "bench/load.py",
        }, expect_redirect="/approvals/"),
        Page("hazard form", 10, {"": ["/reports/"]}),
        Page("hazard report", 4, {"": ["/reports/"]}, "POST", {
            "category": "blocked_exit", "address": "压测路1号", "description": "楼道堆放杂物（bench/load.py）",
            "places": json.dumps(places[:200]),
        }, expect_redirect="/reports/t/"),
        Page("duty view", 9, {"duty": ["/reports/duty/"]}),
        Page("dashboard", 4, {"supervisor": ["/stats/"]}),
    ]


def _first_use() -> str:
    from approvals.enums import BuildingUse

    return BuildingUse.values[0]


# --- the wrk script --------------------------------------------------------------------------------

LUA = r"""
-- Generated by bench/load.py: a weighted mix of pages, per-page latencies (one connection per thread).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local pages = PAGES_JSON
local csrf = "CSRF_TOKEN"
local host = "HOST"
local total = 0
for _, p in ipairs(pages) do total = total + p.weight end

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function pick(list) return list[math.random(#list)] end

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
  -- One line per answer: page, status, latency in microseconds, 1 if it counts as an error.
  out = io.open(string.format("SAMPLES_DIR/thread-%d.tsv", thread_id), "w")
  written = 0
  current, started = nil, 0
end

function request()
  local r = math.random() * total
  local page = pages[#pages]
  for _, p in ipairs(pages) do
    r = r - p.weight
    if r <= 0 then page = p; break end
  end
  current = page
  local headers = {["Host"] = host, ["X-Forwarded-Proto"] = "https"}
  local session = pick(page.sessions)  -- a user of the page's role, with the paths that are theirs
  local cookie = session.cookie
  local body = nil
  if page.method == "POST" then
    cookie = (cookie ~= "" and (cookie .. "; ") or "") .. "csrftoken=" .. csrf
    headers["Origin"] = "https://" .. host
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local parts = {"csrfmiddlewaretoken=" .. csrf}
    for k, v in pairs(page.form) do
      if k == "places" then
        local place = pick(v)
        table.insert(parts, "subdistrict=" .. place[1])
        table.insert(parts, "community=" .. place[2])
      else
        table.insert(parts, k .. "=" .. urlencode(v))
      end
    end
    local n = math.random(1, 2000000000)
    if page.name == "hazard report" then
      headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", n % 250, math.floor(n / 250) % 250,
                                                 math.floor(n / 62500) % 250 + 1)
      table.insert(parts, "reporter_phone=" .. string.format("139%08d", n % 100000000))
    end
    body = table.concat(parts, "&")
  end
  if cookie ~= "" then headers["Cookie"] = cookie end
  local req = wrk.format(page.method, pick(session.paths), headers, body)
  started = now_us()
  return req
end

function response(status, headers, body)
  local page = current
  if page == nil then return end
  local latency = now_us() - started
  local ok = status >= 200 and status < 400
  if ok and status >= 300 then
    local location = headers["Location"] or headers["location"] or ""
    if string.find(location, "/accounts/login/", 1, true) then ok = false end
    if page.expect_redirect ~= "" and not string.find(location, page.expect_redirect, 1, true) then ok = false end
  elseif ok and page.method == "POST" then
    ok = false  -- the form came back (with errors)
  end
  out:write(page.name, "\t", status, "\t", latency, "\t", ok and "0" or "1", "\n")
  written = written + 1
  if written % 500 == 0 then out:flush() end
  current = nil
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("SOCKET\t%d\t%d\t%d\t%d\t%d\n", e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("TOTAL\t%d\t%d\n", summary.requests, summary.duration))
end
"""


def lua_script(pages: list[Page], cookies: dict[str, str], csrf: str, host: str, samples_dir: str) -> str:
    data = []
    for p in pages:
        form: dict[str, Any] = dict(p.form)
        if "places" in form:
            form["places"] = json.loads(form["places"])
        data.append({"name": p.name, "weight": p.weight, "method": p.method, "form": form,
                     "sessions": [{"cookie": cookies[who], "paths": paths} for who, paths in p.paths.items()],
                     "expect_redirect": p.expect_redirect})
    return (LUA.replace("PAGES_JSON", _lua_value(data)).replace("CSRF_TOKEN", csrf).replace("HOST", host)
            .replace("SAMPLES_DIR", samples_dir))


def _lua_value(value: Any) -> str:
    """A Lua literal of plain JSON-like data."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua_value(k)}] = {_lua_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(_lua_value(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid Lua string here


# --- serving --------------------------------------------------------------------------------------

def load_env(settings_dir: Path, redis_url: str) -> dict[str, str]:
    base, _sep, db = redis_url.rpartition("/")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_load_settings", PYTHONPATH=f"{settings_dir}{os.pathsep}{ROOT}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CACHE_URL=redis_url, CELERY_BROKER_URL=f"{base}/{int(db) + 1}", REDIS_URL=f"{base}/{int(db) + 1}",
        DB_CONN_MAX_AGE="60", LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "INFO"), LOG_FORMAT="json",
    )
    return env


class Server(wl.Gunicorn):
    """bench/worklist.py's gunicorn, with production settings and an access log as docker-compose's web."""

    def __init__(self, workers: int, env: dict[str, str]) -> None:
        self.port = wl.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.gettempdir()) / f"bench-load-gunicorn-{os.getpid()}.log"
        self.access_log = Path(tempfile.gettempdir()) / f"bench-load-access-{os.getpid()}.log"
        self.stdout = open(Path(tempfile.gettempdir()) / f"bench-load-stdout-{os.getpid()}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "firesvc.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
             "--access-logfile", str(self.access_log), "--error-logfile", str(self.log), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.stdout, stderr=subprocess.STDOUT)

    def rss_mb(self) -> tuple[float, float]:
        """Peak resident memory of the master and the sum of the workers' peaks (VmHWM), in MB."""
        def hwm(pid: int) -> float:
            try:
                with open(f"/proc/{pid}/status") as status:
                    return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM"))
            except (OSError, StopIteration):
                return 0.0
        return hwm(self.process.pid), sum(self.worker_peak_rss_mb())

    def stop(self) -> None:
        super().stop()
        self.stdout.close()
        for path in (self.access_log, Path(self.stdout.name)):
            path.unlink(missing_ok=True)


def probe(base: str, page: Page, who: str, cookies: dict[str, str], csrf: str) -> tuple[int, str]:
    """One request of ``page`` as the script sends it: the status and the Location (or the body's start)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Host": parts.netloc, **PROXY_HEADERS}
    cookie = cookies[who]
    body = None
    if page.method == "POST":
        cookie = "; ".join(c for c in (cookie, f"csrftoken={csrf}") if c)
        headers.update({"Origin": f"https://{parts.netloc}", "Content-Type": "application/x-www-form-urlencoded",
                        "X-Forwarded-For": f"10.255.{random.randrange(250)}.{random.randrange(1, 250)}"})
        form = {k: v for k, v in page.form.items() if k != "places"}
        if "places" in page.form:
            sub, community = json.loads(page.form["places"])[0]
            form.update(subdistrict=str(sub), community=str(community))
        body = urlencode({"csrfmiddlewaretoken": csrf, **form})
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request(page.method, page.paths[who][-1], body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, response.getheader("Location") or text[:300]
    finally:
        conn.close()


def check_pages(base: str, pages: list[Page], cookies: dict[str, str], csrf: str) -> None:
    """Each page once for each of its users (their last path), as the script asks for it."""
    for page in pages:
        for who, paths in page.paths.items():
            status, where = probe(base, page, who, cookies, csrf)
            wrong = (status >= 400 or "/accounts/login/" in where
                     or (page.method == "POST" and not where.startswith(page.expect_redirect))
                     or (page.method == "GET" and status != 200))
            if wrong:
                raise RuntimeError(f"{page.name} as {who or 'a resident'} ({page.method} {paths[-1]}): "
                                   f"HTTP {status} {where[:300]}")


# --- measuring ------------------------------------------------------------------------------------

@dataclass
class Round:
    samples: dict[str, list[int]]  # page -> latencies (µs)
    codes: dict[str, dict[str, int]]
    bad: dict[str, int]
    socket_errors: dict[str, int]
    requests: int
    seconds: float
    load_before: str
    load_after: str
    cpu: dict[str, float]  # CPU seconds used in the round: "gunicorn", "postgres" (the bench database's), "wrk"


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process so far (``/proc/<pid>/stat``)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            used[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return used


def postgres_backends(database: str) -> list[int]:
    """The PostgreSQL server processes connected to ``database`` (their title names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                pids.append(int(entry.name))
    return pids


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


def run_round(script: str, base: str, threads: int, seconds: int, timeout: int, samples_dir: Path,
              server: Server, database: str) -> Round:
    for old in samples_dir.glob("thread-*.tsv"):
        old.unlink()
    before = wl.loadavg()
    gunicorn = [server.process.pid, *wl._children(server.process.pid)]
    cpu_before = cpu_seconds(gunicorn), cpu_seconds(postgres_backends(database))
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{threads}", f"-d{seconds}s", f"--timeout={timeout}s",
                          "-s", script, base + "/"], capture_output=True, text=True, check=True).stdout
    samples: dict[str, list[int]] = {}
    codes: dict[str, dict[str, int]] = {}
    bad: dict[str, int] = {}
    for path in samples_dir.glob("thread-*.tsv"):
        for line in path.read_text().splitlines():
            name, status, latency, wrong = line.split("\t")
            samples.setdefault(name, []).append(int(float(latency)))
            page_codes = codes.setdefault(name, {})
            page_codes[status] = page_codes.get(status, 0) + 1
            bad[name] = bad.get(name, 0) + int(wrong)
    socket_errors: dict[str, int] = {}
    requests, micros = 0, 1
    for line in out.splitlines():
        kind, *rest = line.split("\t")
        if kind == "SOCKET":
            socket_errors = dict(zip(("connect", "read", "write", "status", "timeout"), map(int, rest), strict=True))
        elif kind == "TOTAL":
            requests, micros = int(rest[0]), int(rest[1])
    if not requests:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {"gunicorn": _cpu_delta(cpu_before[0], cpu_seconds(gunicorn)),
           "postgres": _cpu_delta(cpu_before[1], cpu_seconds(postgres_backends(database))),
           "wrk": (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)}
    return Round(samples, codes, bad, socket_errors, requests, micros / 1e6, before, wl.loadavg(), cpu)


def percentile(values: list[int], q: float) -> float:
    """Nearest-rank percentile of microseconds, in ms."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] / 1000 if ordered else float("nan")


def report(workers: int, threads: int, rounds: list[Round], pages: list[Page], rss: tuple[float, float]) -> bool:
    seconds = sum(r.seconds for r in rounds)
    log = wl.log
    log(f"\ngunicorn --workers {workers} (sync), wrk -t{threads} -c{threads} (one connection per thread), "
        f"{len(rounds)} rounds, {seconds:.0f} s of load")
    log(f"{'page':<17}{'share':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>7}"
        "  statuses")
    everything: list[int] = []
    errors = 0
    for page in pages:
        samples = [v for r in rounds for v in r.samples.get(page.name, [])]
        everything += samples
        bad = sum(r.bad.get(page.name, 0) for r in rounds)
        errors += bad
        statuses: dict[str, int] = {}
        for r in rounds:
            for code, n in r.codes.get(page.name, {}).items():
                statuses[code] = statuses.get(code, 0) + n
        log(f"{page.name:<17}{len(samples) / max(1, sum(len(s) for r in rounds for s in r.samples.values())):6.1%}"
            f"{len(samples) / seconds:8.1f}{percentile(samples, 50):8.1f}{percentile(samples, 95):8.1f}"
            f"{percentile(samples, 99):8.1f}{max(samples, default=0) / 1000:8.1f}{bad:7d}  "
            + " ".join(f"{k}:{v}" for k, v in sorted(statuses.items())))
    socket = {k: sum(r.socket_errors.get(k, 0) for r in rounds) for k in ("connect", "read", "write", "timeout")}
    rps = sum(r.requests for r in rounds) / seconds
    p95 = percentile(everything, 95)
    log(f"{'mix':<17}{'100%':>6}{rps:8.1f}{percentile(everything, 50):8.1f}{p95:8.1f}"
        f"{percentile(everything, 99):8.1f}{max(everything, default=0) / 1000:8.1f}{errors:7d}  "
        f"socket errors {socket}")
    for n, r in enumerate(rounds, 1):
        log(f"  round {n}: {r.requests / r.seconds:.1f} req/s, load average {r.load_before} -> {r.load_after}")
    requests = sum(r.requests for r in rounds)
    cpu = {k: sum(r.cpu[k] for r in rounds) for k in ("gunicorn", "postgres", "wrk")}
    per_request = (cpu["gunicorn"] + cpu["postgres"]) / requests * 1000
    cores = os.cpu_count() or 1
    log(f"CPU per request: gunicorn {cpu['gunicorn'] / requests * 1000:.1f} ms + PostgreSQL "
        f"{cpu['postgres'] / requests * 1000:.1f} ms = {per_request:.1f} ms "
        f"(wrk {cpu['wrk'] / requests * 1000:.2f} ms): at most ~{cores * 1000 / per_request:.0f} req/s "
        f"on {cores} idle cores for this mix")
    log(f"server peak RSS: master {rss[0]:.0f} MB, {workers} workers {rss[1]:.0f} MB in all "
        f"({rss[1] / workers:.0f} MB each)")
    met = rps >= TARGET_RPS and p95 < TARGET_P95_MS and not errors and not any(socket.values())
    log(f"target (>= {TARGET_RPS} req/s, p95 < {TARGET_P95_MS} ms, no errors): {'met' if met else 'NOT met'} "
        f"({rps:.0f} req/s, p95 {p95:.0f} ms, {errors} errors, {sum(socket.values())} socket errors)")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # 3 sync workers on 2 cores shared with PostgreSQL: 306-308 req/s, where gunicorn's usual 2 x cores + 1 = 5
    # gave 226-275 (more processes than cores: more switching and cold caches for the same work).
    parser.add_argument("--workers", default="3", help="gunicorn workers: each of a comma list")
    parser.add_argument("--connections", type=int, default=12, help="wrk connections (= wrk threads)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per worker count")
    parser.add_argument("--rounds", type=int, default=3, help="rounds the duration is split into")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up load")
    parser.add_argument("--timeout", type=int, default=5, help="wrk's request timeout in seconds")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    started = time.perf_counter()
    # One key for the sessions written here and the server that reads them (their hash is signed with it).
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(48)
    setup_django()
    from firesvc.accounts.models import User

    if not wl.seeded(1_000_000, 200_000):
        wl.seed(1_000_000, 200_000, 20_000)
    ensure_duty_reports()
    from firesvc.stats.services import stats_rollup_recent

    t0 = time.perf_counter()
    stats_rollup_recent()  # as the nightly beat task has done: the dashboard counts only today live
    wl.log(f"statistics roll-up up to yesterday: {time.perf_counter() - t0:.1f} s")
    wl.log(f"VACUUM (ANALYZE), as autovacuum would have: {vacuum_analyze():.1f} s")
    wl.log(f"load average {wl.loadavg()} on {os.cpu_count()} cores (other processes share them)")
    if _static_stale():
        wl.collect_static()
    rng = random.Random(9)
    cookies = sessions()
    pages = build_pages(rng, User.objects.get(username="duty").unit_id)
    csrf = secrets.token_hex(16)  # a 32-character secret: cookie and form field alike
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    settings_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    (settings_dir / "bench_load_settings.py").write_text(SETTINGS_MODULE)
    env = load_env(settings_dir, redis_url)
    wl.signal.signal(wl.signal.SIGTERM, lambda *_: sys.exit(143))
    results = []
    try:
        for workers in (int(w) for w in args.workers.split(",")):
            server = Server(workers, env)
            try:
                server.wait_ready()
                host = f"127.0.0.1:{server.port}"
                # Three in four worklist requests are its first page, the others pages 2-20 of the clerk's.
                keyset = _keyset_paths(server.base, cookies["clerk"], 19)
                pages[0].paths["clerk"] = ["/approvals/worklist/"] * 57 + keyset
                check_pages(server.base, pages, cookies, csrf)
                with tempfile.NamedTemporaryFile("w", prefix="bench-load-", suffix=".lua") as script:
                    script.write(lua_script(pages, cookies, csrf, host, str(settings_dir)))
                    script.flush()
                    run_round(script.name, server.base, args.connections, args.warmup, args.timeout, settings_dir,
                              server, database)
                    seconds = max(1, round(args.duration / args.rounds))
                    rounds = []
                    for n in range(args.rounds):
                        rounds.append(run_round(script.name, server.base, args.connections, seconds, args.timeout,
                                                settings_dir, server, database))
                        wl.log(f"  workers={workers} round {n + 1}/{args.rounds}: "
                               f"{rounds[-1].requests / rounds[-1].seconds:.0f} req/s "
                               f"(load average {rounds[-1].load_before} -> {rounds[-1].load_after})")
                results.append(report(workers, args.connections, rounds, pages, server.rss_mb()))
            finally:
                server.stop()
    finally:
        shutil.rmtree(settings_dir, ignore_errors=True)
        _flush_broker(env["CELERY_BROKER_URL"])
    wl.log(f"\nwhole run {time.perf_counter() - started:.0f} s; load average now {wl.loadavg()}")


def _keyset_paths(base: str, cookie: str, count: int) -> list[str]:
    """The paths of the worklist's pages 2 to ``count + 1``, followed from the first page as a clerk clicks."""
    paths, path = [], "/approvals/worklist/"
    for _ in range(count):
        status, body = _get(base, path, cookie)
        link = wl.NEXT_LINK.search(body)
        if status != 200 or body.count("data-application=") != wl.PAGE_ROWS or link is None:
            raise RuntimeError(f"{path}: HTTP {status}, not a full worklist page with a next-page link")
        path = f"/approvals/worklist/?after={link.group(1)}"
        paths.append(path)
    return paths


def _get(base: str, path: str, cookie: str) -> tuple[int, str]:
    """A GET through the (pretended) TLS proxy."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": parts.netloc, "Cookie": cookie, **PROXY_HEADERS})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _static_stale() -> bool:
    """Whether ``collectstatic`` must run: no manifest yet, or a static file newer than it (it takes minutes)."""
    manifest = ROOT / "var" / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(p.stat().st_mtime > built for p in (ROOT / "static").rglob("*") if p.is_file())


def _flush_broker(url: str) -> None:
    """The escalation tasks the hazard reports queued: no worker runs here, so they are dropped."""
    import redis

    redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    main()
