"""Load test of a realistic mix of the portal's pages beside a minimal signed-in page, in one run.

Serves the portal with gunicorn on loopback under the production settings (``firesvc.settings.production``:
DEBUG off, cached template loader, persistent connections, database sessions, WhiteNoise, the Redis
cache, JSON logs and gunicorn's access log as docker-compose's ``web``) against 1,000,000 applications
(200,000 open, 20,000 extra enterprises; ``bench/seeding.py``, seeded when missing) and loads it with
wrk and a generated Lua script that picks every request by weight:

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

The same server also serves the minimal signed-in page (``/ping/``: middleware, session and base
template, as the clerk) in short rounds that alternate with the mix's, so that both meet the same
machine: this machine's speed varies twofold between runs and with what else runs on it, so the
figures that mean something are the mix's *ratios* to the minimal page, measured in one run.
Verdicts: the mix keeps at least half the minimal page's requests per second, its p95 is at most
three times the minimal page's p95, and no request fails. The script exits with status 1 when a
verdict fails (``--no-fail``: status 0 anyway).

Each request carries the signed-in session of a user of the page's role (two clerks, three
enterprise users, the duty officer, the supervisor; residents have none), and POSTs carry a CSRF
cookie and token. The server is told it sits behind a TLS proxy (``X-Forwarded-Proto: https``,
``TRUSTED_PROXY_COUNT = 1``), as in production: so no HTTPS redirect, the CSRF checks see a
same-origin ``Origin`` and each hazard report comes from its own client address in
``X-Forwarded-For`` (otherwise the public form's per-address limit answers 429 after ten reports).

Before the load, the statistics are rolled up to yesterday (``manage.py stats_rollup``, as the nightly
beat task does: the dashboard then counts only today live) and the duty officer's sub-district gets
30 open reports.

Per-page figures come from the runs themselves: wrk runs one connection per thread, so the
script's ``request()`` and ``response()`` alternate on each thread and the time between them
(LuaJIT's ffi ``clock_gettime``) is that request's latency; each thread writes its samples to a
file that this script reads. Every answer other than 2xx/3xx is an error, as is a 3xx to the
sign-in page or a POST that does not redirect (a form shown again with errors); socket errors and
timeouts count too. The CPU time the gunicorn processes and the bench database's PostgreSQL
backends used, per request, is printed for both.

    python -u bench/load.py [--workers 3] [--connections 12] [--duration 60] [--rounds 6] [--no-fail]
    python -u bench/load.py --applications 20000 --duration 10 --rounds 2 --warmup 2   # a quick smoke run

Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/firesvc_bench), BENCH_REDIS_URL
(default redis://127.0.0.1:6379/13) and BENCH_BROKER_URL (default: the next Redis database; flushed at
the end: the tasks the hazard reports queue have no worker here). Needs wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from _common import ROOT, setup_django, vacuum_analyze
from seeding import log, seed, seeded
from serving import Gunicorn, collect_static, fetch, loadavg, session_cookie, static_stale

# The verdicts: the mix against the minimal signed-in page, measured in the same run.
MIN_RPS_RATIO = 0.5  # the mix keeps at least half the minimal page's requests per second
MAX_P95_RATIO = 3.0  # the mix's p95 is at most three times the minimal page's
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
PAGE_ROWS = 25  # rows of a full worklist page
NEXT_LINK = re.compile(r'href="\?after=([^"]+)"')
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
    """A signed-in session cookie per user, written to the session store."""
    from firesvc.accounts.models import User

    cookies = {"": ""}
    for name in (*CLERKS, *ENTERPRISE_USERS, "duty", "supervisor"):
        cookies[name] = session_cookie(User.objects.get(username=name))
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

def load_env(settings_dir: Path, redis_url: str, broker_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_load_settings",
        PYTHONPATH=os.pathsep.join(p for p in (str(settings_dir), str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PORTAL_BASE_URL="http://127.0.0.1",
        CACHE_URL=redis_url, CELERY_BROKER_URL=broker_url, REDIS_URL=broker_url,
        DB_CONN_MAX_AGE="60", LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "INFO"), LOG_FORMAT="json",
    )
    return env


def next_database(redis_url: str) -> str:
    """The URL of the Redis database after ``redis_url``'s (the broker's, beside the cache's)."""
    base, _sep, db = redis_url.rpartition("/")
    return f"{base}/{int(db) + 1}"


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


def run_round(script: str, seconds: int, *, server: Gunicorn, threads: int, timeout: int, samples_dir: Path,
              database: str) -> Round:
    """One wrk run of ``script`` against ``server``: its samples, answers, socket errors and CPU time."""
    for old in samples_dir.glob("thread-*.tsv"):
        old.unlink()
    before = loadavg()
    gunicorn = server.pids()
    cpu_before = cpu_seconds(gunicorn), cpu_seconds(postgres_backends(database))
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{threads}", f"-d{seconds}s", f"--timeout={timeout}s",
                          "-s", script, server.base + "/"], capture_output=True, text=True, check=True).stdout
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
    return Round(samples, codes, bad, socket_errors, requests, micros / 1e6, before, loadavg(), cpu)


def percentile(values: Sequence[int], q: float) -> float:
    """Nearest-rank percentile of microseconds, in ms (NaN without values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] / 1000 if ordered else float("nan")


@dataclass
class Summary:
    """What one kind of load (the mix, or the minimal page) gave over its rounds."""

    label: str
    requests: int
    seconds: float
    samples: list[int]  # latencies (µs)
    errors: int  # wrong answers and socket errors
    cpu_ms: float = float("nan")  # gunicorn's and PostgreSQL's CPU per request

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def socket_errors(rounds: Sequence[Round]) -> dict[str, int]:
    """wrk's socket errors over the rounds (its "status" count is the non-2xx answers, counted per page)."""
    return {k: sum(r.socket_errors.get(k, 0) for r in rounds) for k in ("connect", "read", "write", "timeout")}


def summarize(label: str, rounds: Sequence[Round]) -> Summary:
    requests = sum(r.requests for r in rounds)
    cpu = sum(r.cpu["gunicorn"] + r.cpu["postgres"] for r in rounds)
    return Summary(label, requests, sum(r.seconds for r in rounds),
                   [v for r in rounds for samples in r.samples.values() for v in samples],
                   sum(sum(r.bad.values()) for r in rounds) + sum(socket_errors(rounds).values()),
                   cpu / requests * 1000 if requests else float("nan"))


def cpu_split(rounds: Sequence[Round]) -> str:
    """The CPU per request of the gunicorn processes and of the PostgreSQL backends, apart."""
    requests = sum(r.requests for r in rounds) or 1
    part = {k: sum(r.cpu[k] for r in rounds) / requests * 1000 for k in ("gunicorn", "postgres")}
    return f"gunicorn {part['gunicorn']:.1f} + PostgreSQL {part['postgres']:.1f}"


@dataclass(frozen=True)
class Verdict:
    name: str
    met: bool
    detail: str


def verdicts(mix: Summary, ping: Summary) -> list[Verdict]:
    """The mix against the minimal page of the same run: throughput, p95, errors."""
    rps_ratio = mix.rps / ping.rps if ping.rps else 0.0
    p95_ratio = mix.p95 / ping.p95 if ping.p95 > 0 else float("inf")
    errors = mix.errors + ping.errors
    return [
        Verdict("requests/s", rps_ratio >= MIN_RPS_RATIO,
                f"the mix {mix.rps:.1f} req/s = {rps_ratio:.2f} x the minimal page's {ping.rps:.1f} "
                f"(at least {MIN_RPS_RATIO:g} x)"),
        Verdict("p95", p95_ratio <= MAX_P95_RATIO,
                f"the mix {mix.p95:.1f} ms = {p95_ratio:.2f} x the minimal page's {ping.p95:.1f} ms "
                f"(at most {MAX_P95_RATIO:g} x)"),
        Verdict("errors", errors == 0, f"{mix.errors} in the mix, {ping.errors} on the minimal page (none allowed)"),
    ]


def report(workers: int, threads: int, mix_rounds: list[Round], ping_rounds: list[Round], pages: list[Page],
           rss: tuple[float, float]) -> list[Verdict]:
    mix, ping = summarize("mix", mix_rounds), summarize("minimal page", ping_rounds)
    log(f"\ngunicorn --workers {workers} (sync), wrk -t{threads} -c{threads} (one connection per thread), "
        f"{len(mix_rounds)} rounds of the mix alternating with {len(ping_rounds)} of the minimal page, "
        f"{mix.seconds:.0f} s + {ping.seconds:.0f} s of load")
    header = (f"{'page':<17}{'share':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
              f"{'errors':>7}")
    log(header + "  statuses")
    total = max(1, len(mix.samples))
    for page in pages:
        samples = [v for r in mix_rounds for v in r.samples.get(page.name, [])]
        statuses: dict[str, int] = {}
        for r in mix_rounds:
            for code, n in r.codes.get(page.name, {}).items():
                statuses[code] = statuses.get(code, 0) + n
        log(f"{page.name:<17}{len(samples) / total:6.1%}{len(samples) / mix.seconds:8.1f}"
            f"{percentile(samples, 50):8.1f}{percentile(samples, 95):8.1f}{percentile(samples, 99):8.1f}"
            f"{max(samples, default=0) / 1000:8.1f}{sum(r.bad.get(page.name, 0) for r in mix_rounds):7d}  "
            + " ".join(f"{k}:{v}" for k, v in sorted(statuses.items())))
    log("\n" + header + f"{'CPU ms/req':>11}  socket errors")
    for summary, rounds in ((mix, mix_rounds), (ping, ping_rounds)):
        log(f"{summary.label:<17}{'':>6}{summary.rps:8.1f}{summary.p50:8.1f}{summary.p95:8.1f}"
            f"{percentile(summary.samples, 99):8.1f}{max(summary.samples, default=0) / 1000:8.1f}"
            f"{summary.errors:7d}{summary.cpu_ms:11.1f}  {socket_errors(rounds)}")
    for n, (m, p) in enumerate(zip(mix_rounds, ping_rounds, strict=True), 1):
        first, last = (m, p) if n % 2 else (p, m)  # main() alternates which goes first
        log(f"  round {n}: mix {m.requests / m.seconds:.1f} req/s, minimal page {p.requests / p.seconds:.1f} req/s "
            f"({m.requests / m.seconds / (p.requests / p.seconds):.2f} x); load average {first.load_before} -> "
            f"{last.load_after}")
    cores = os.cpu_count() or 1
    log(f"CPU per request (gunicorn + PostgreSQL): the mix {mix.cpu_ms:.1f} ms ({cpu_split(mix_rounds)}), the "
        f"minimal page {ping.cpu_ms:.1f} ms ({cpu_split(ping_rounds)}), {mix.cpu_ms / ping.cpu_ms:.1f} x; on "
        f"{cores} idle cores the mix would reach ~{cores * 1000 / mix.cpu_ms:.0f} req/s")
    log(f"server peak RSS: master {rss[0]:.0f} MB, {workers} workers {rss[1]:.0f} MB in all "
        f"({rss[1] / workers:.0f} MB each)")
    found = verdicts(mix, ping)
    for verdict in found:
        log(f"verdict {verdict.name:<11} {'met' if verdict.met else 'NOT MET'}: {verdict.detail}")
    return found


def exit_status(found: Sequence[Verdict], *, no_fail: bool) -> int:
    """1 when a verdict failed (unless ``--no-fail``), else 0."""
    return 1 if any(not v.met for v in found) and not no_fail else 0


def _workers(text: str) -> list[int]:
    try:
        counts = [int(w) for w in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma list of worker counts: {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"worker counts must be at least 1: {text!r}")
    return counts


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # 3 sync workers on 2 cores shared with PostgreSQL did better than gunicorn's usual 2 x cores + 1 = 5
    # (more processes than cores: more switching and cold caches for the same work).
    parser.add_argument("--workers", type=_workers, default=[3], help="gunicorn workers: each of a comma list")
    parser.add_argument("--connections", type=int, default=12, help="wrk connections (= wrk threads)")
    parser.add_argument("--duration", type=int, default=60,
                        help="seconds of load of the mix, and as many of the minimal page, per worker count")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds the duration is split into")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up load of each")
    parser.add_argument("--timeout", type=int, default=5, help="wrk's request timeout in seconds")
    parser.add_argument("--applications", type=int, default=1_000_000,
                        help="applications in the bench database (a fifth open); seeded when fewer")
    parser.add_argument("--enterprises", type=int, default=20_000, help="extra enterprises when seeding")
    parser.add_argument("--no-fail", action="store_true", help="exit with status 0 even when a verdict fails")
    args = parser.parse_args(argv)
    for name in ("connections", "duration", "rounds", "warmup", "timeout", "applications"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.duration < args.rounds:
        parser.error("--duration must give each round at least a second")
    return args


def round_seconds(duration: int, rounds: int) -> int:
    """Seconds of each round of one kind of load (at least one)."""
    return max(1, round(duration / rounds))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    started = time.perf_counter()
    # One key for the sessions written here and the server that reads them (their hash is signed with it).
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(48)
    setup_django()
    from django.core.management import call_command

    from firesvc.accounts.models import User

    open_count = args.applications // 5
    if not seeded(args.applications, open_count):
        seed(args.applications, open_count, args.enterprises)
    ensure_duty_reports()
    t0 = time.perf_counter()
    call_command("stats_rollup")  # as the nightly beat task has done: the dashboard counts only today live
    log(f"statistics roll-up up to yesterday: {time.perf_counter() - t0:.1f} s")
    log(f"VACUUM (ANALYZE), as autovacuum would have: {vacuum_analyze():.1f} s")
    log(f"load average {loadavg()} on {os.cpu_count()} cores (other processes share them)")
    rng = random.Random(9)
    cookies = sessions()
    pages = build_pages(rng, User.objects.get(username="duty").unit_id)
    ping = [Page("ping", 1, {"clerk": ["/ping/"]})]
    csrf = secrets.token_hex(16)  # a 32-character secret: cookie and form field alike
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    broker_url = os.environ.get("BENCH_BROKER_URL") or next_database(redis_url)
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    settings_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    (settings_dir / "bench_load_settings.py").write_text(SETTINGS_MODULE)
    env = load_env(settings_dir, redis_url, broker_url)
    if static_stale():
        collect_static(env)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that ``finally`` stops gunicorn
    found: list[Verdict] = []
    try:
        for workers in args.workers:
            server = Gunicorn(workers, env)
            try:
                server.wait_ready()
                host = f"127.0.0.1:{server.port}"
                # Three in four worklist requests are its first page, the others pages 2-20 of the clerk's.
                keyset = _keyset_paths(server.base, cookies["clerk"], 19)
                pages[0].paths["clerk"] = ["/approvals/worklist/"] * 57 + keyset
                check_pages(server.base, pages + ping, cookies, csrf)
                with (tempfile.NamedTemporaryFile("w", prefix="bench-mix-", suffix=".lua") as mix_script,
                      tempfile.NamedTemporaryFile("w", prefix="bench-ping-", suffix=".lua") as ping_script):
                    for script, kind in ((mix_script, pages), (ping_script, ping)):
                        script.write(lua_script(kind, cookies, csrf, host, str(settings_dir)))
                        script.flush()

                    run = functools.partial(run_round, server=server, threads=args.connections,
                                            timeout=args.timeout, samples_dir=settings_dir, database=database)

                    run(mix_script.name, args.warmup)
                    run(ping_script.name, args.warmup)
                    seconds = round_seconds(args.duration, args.rounds)
                    mix_rounds, ping_rounds = [], []
                    for n in range(args.rounds):
                        # Alternate which goes first, so that neither always follows the other's leftovers.
                        if n % 2 == 0:
                            mix_rounds.append(run(mix_script.name, seconds))
                            ping_rounds.append(run(ping_script.name, seconds))
                        else:
                            ping_rounds.append(run(ping_script.name, seconds))
                            mix_rounds.append(run(mix_script.name, seconds))
                        m, p = mix_rounds[-1], ping_rounds[-1]
                        log(f"  workers={workers} round {n + 1}/{args.rounds}: mix {m.requests / m.seconds:.0f} "
                            f"req/s, minimal page {p.requests / p.seconds:.0f} req/s "
                            f"(load average {loadavg()})")
                found += report(workers, args.connections, mix_rounds, ping_rounds, pages, server.rss_mb())
            finally:
                server.stop()
    finally:
        shutil.rmtree(settings_dir, ignore_errors=True)
        _flush_broker(broker_url)
    failed = [v.name for v in found if not v.met]
    log(f"\nwhole run {time.perf_counter() - started:.0f} s; load average now {loadavg()}; "
        + (f"verdicts NOT met: {', '.join(failed)}" if failed else "every verdict met"))
    return exit_status(found, no_fail=args.no_fail)


def _keyset_paths(base: str, cookie: str, count: int) -> list[str]:
    """The paths of the worklist's pages 2 to ``count + 1``, followed from the first page as a clerk clicks."""
    paths, path = [], "/approvals/worklist/"
    for _ in range(count):
        status, _location, body = fetch(base, path, {"Cookie": cookie, **PROXY_HEADERS})
        link = NEXT_LINK.search(body)
        if status != 200 or body.count("data-application=") != PAGE_ROWS or link is None:
            raise RuntimeError(f"{path}: HTTP {status}, not a full worklist page with a next-page link")
        path = f"/approvals/worklist/?after={link.group(1)}"
        paths.append(path)
    return paths


def _flush_broker(url: str) -> None:
    """The escalation tasks the hazard reports queued: no worker runs here, so they are dropped."""
    import redis

    redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    sys.exit(main())
