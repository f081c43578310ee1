"""How the pages' server time grows with the data: the same pages at two sizes, measured in one run.

Seeds one PostgreSQL database per size (``<database>_<size>``: 100,000 and 2,000,000 applications by
default; kept, so a second run skips the seeding) with the shape of ``bench/seeding.py``: a fifth of
the applications open, 铁西大队 holding 40 % of everything, one extra enterprise per 20 applications
(each with up to three visits in the last 400 days) and a thousandth of all applications for the demo
enterprise of ``ent_a``, whose lists grow with the data as a busy applicant's do; then the statistics
roll-up of the closed days, as the nightly task has done. One process per size serves the pages through
Django's test client (the whole request: middleware, session, view, template; DEBUG off, local
settings), and this script asks them in turn, in ``--rounds`` rounds that alternate which size goes
first, so that whatever else runs on the machine weighs on both sizes alike:

=================  ==========  ====================================================================
page               who         request
=================  ==========  ====================================================================
worklist           clerk       /approvals/worklist/ (铁西大队's open applications, first page)
case page          clerk       /approvals/<pk>/ (the newest accepted case of the busy enterprise)
my applications    ent_a       /approvals/ (the busy enterprise's applications)
overdue visits     reviewer    the overdue-visit list of 铁西大队
dashboard          supervisor  /stats/ (the statistics dashboard of the 沈阳 detachment, default period)
=================  ==========  ====================================================================

It prints, per page and size, the SQL queries of one request and the server time (median and p95 of
``--rounds`` x ``--runs`` requests), and the ratio of the largest size's median to the smallest's.
Target: at most 1.3 x for every page (``--target``); the script exits with status 1 when a page
misses it (``--no-fail``: status 0 anyway).

    python -u bench/scale.py [--sizes 100000,2000000] [--rounds 6] [--runs 5] [--reseed]
    python -u bench/scale.py --sizes 2k,20k --rounds 3 --runs 3   # a quick run (a few minutes)

Uses BENCH_SCALE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/firesvc_bench_scale) as the
base of the databases' names. On a new machine it first runs ``collectstatic`` (the pages' {% static %}
reads the manifest; minutes) and seeds each size once: 100k took 37 s on an idle 2-core machine, 2M took
43 minutes on the same machine shared with other work (load average 15-20; the COPY of the applications
2,090 s of it), so give a first run of the default sizes an hour, or try --sizes 20k,200k first.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/firesvc_bench_scale"
DEFAULT_SIZES = (100_000, 2_000_000)
TARGET = 1.3
OPEN_SHARE = 0.2
APPLICATIONS_PER_ENTERPRISE = 20
BUSY_SHARE = 0.001  # of all applications, for ent_a's enterprise
PAGES = ("worklist", "case page", "my applications", "overdue visits", "dashboard")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- arithmetic and arguments (no Django) ------------------------------------------------------------

def parse_size(text: str) -> int:
    """``20000``, ``20k``, ``2M`` or ``2,000,000`` (thousands separators only in a single size)."""
    text = text.strip().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if factor > 1 else text
    try:
        value = float(digits) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}") from None
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"a size must be a whole number of applications: {text!r}")
    return int(value)


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({parse_size(part) for part in text.split(",") if part.strip()})
    if len(sizes) < 2:
        raise argparse.ArgumentTypeError(f"give at least two different sizes: {text!r}")
    if sizes[0] < 1_000:
        raise argparse.ArgumentTypeError("the smallest size is 1k (the pages need rows to show)")
    return sizes


def database_url(base: str, size: int) -> str:
    """The database of one size: ``<base>_<size>``."""
    return f"{base.rstrip('/')}_{size}"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (NaN without values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else float("nan")


@dataclass
class Figures:
    """One page at one size: its queries and the server times of its requests (ms)."""

    queries: int
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.times, 95)


def ratio(small: float, large: float) -> float:
    return large / small if small > 0 else float("inf")


def table(sizes: Sequence[int], results: dict[str, dict[int, Figures]], target: float) -> tuple[list[str], bool]:
    """The printed table and whether every page met the target (median ratio of the largest to the smallest)."""
    names = [human(size) for size in sizes]
    head = (f"{'page':<16}" + "".join(f"{'queries ' + n:>14}" for n in names)
            + "".join(f"{'median ' + n:>14}" for n in names) + "".join(f"{'p95 ' + n:>12}" for n in names)
            + f"{'ratio':>8}{'p95 ratio':>10}  verdict")
    lines, met = [head, "-" * len(head)], True
    for page, by_size in results.items():
        small, large = by_size[sizes[0]], by_size[sizes[-1]]
        r = ratio(small.median, large.median)
        ok = r <= target
        met = met and ok
        queries = "" if small.queries == large.queries else "  (queries differ)"
        lines.append(f"{page:<16}" + "".join(f"{by_size[s].queries:14d}" for s in sizes)
                     + "".join(f"{by_size[s].median:11.1f} ms" for s in sizes)
                     + "".join(f"{by_size[s].p95:9.1f} ms" for s in sizes)
                     + f"{r:7.2f}x{ratio(small.p95, large.p95):9.2f}x  "
                     + ("ok" if ok else f"OVER {target:g}x") + queries)
    return lines, met


def human(size: int) -> str:
    """2000000 -> 2M, 100000 -> 100k, 2500 -> 2.5k."""
    for unit, value in (("M", 1_000_000), ("k", 1_000)):
        if size >= value:
            return f"{size / value:g}{unit}"
    return str(size)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="applications at each size, a comma list (k and M allowed): default 100k,2M")
    parser.add_argument("--rounds", type=int, default=6, help="rounds that alternate the sizes")
    parser.add_argument("--runs", type=int, default=5, help="requests per page and size in each round")
    parser.add_argument("--target", type=float, default=TARGET, help="largest ratio of the medians allowed")
    parser.add_argument("--database", default=os.environ.get("BENCH_SCALE_DATABASE_URL", DEFAULT_DATABASE),
                        help="base of the databases' URLs (the size is appended)")
    parser.add_argument("--reseed", action="store_true", help="seed even if a size's database holds its rows")
    parser.add_argument("--no-fail", action="store_true", help="exit with status 0 even when a page misses")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # one size's process (internal)
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.runs < 1:
        parser.error("--rounds and --runs must be at least 1")
    return args


# --- one size's process ----------------------------------------------------------------------------

def seed_size(size: int) -> None:
    from django.core.management import call_command
    from seeding import seed, seed_visits

    started = time.perf_counter()
    seed(size, int(size * OPEN_SHARE), size // APPLICATIONS_PER_ENTERPRISE, busy_share=BUSY_SHARE)
    seed_visits()
    call_command("stats_rollup", stdout=io.StringIO())  # every closed day: once, as the nightly task has done
    log(f"[{human(size)}] seeded in {time.perf_counter() - started:.0f} s")


def is_seeded(size: int) -> bool:
    from seeding import seeded

    from enterprises.models import Enterprise, Visit

    return (seeded(size, int(size * OPEN_SHARE)) and Visit.objects.exists()
            and Enterprise.objects.count() >= size // APPLICATIONS_PER_ENTERPRISE)


def pages() -> dict[str, tuple[Any, str]]:
    """Each page's user and path, found through the models (the same rule at every size)."""
    from django.urls import reverse
    from seeding import BUSY_USER

    from approvals.models import Application
    from firesvc.accounts.models import User

    users = {name: User.objects.get(username=name) for name in ("clerk", BUSY_USER, "reviewer", "supervisor")}
    case = (Application.objects.filter(enterprise__accounts__user__username=BUSY_USER, status="accepted")
            .order_by("-submitted_at").values_list("pk", flat=True).first())
    if case is None:
        raise RuntimeError("the busy enterprise has no accepted application: seed a larger size")
    return {
        "worklist": (users["clerk"], "/approvals/worklist/"),
        "case page": (users["clerk"], f"/approvals/{case}/"),
        "my applications": (users[BUSY_USER], "/approvals/"),
        "overdue visits": (users["reviewer"], reverse("enterprises:visits_overdue")),
        "dashboard": (users["supervisor"], reverse("stats:dashboard")),
    }


def facts(size: int) -> str:
    from seeding import BUSY_USER, CLERK_BRIGADE, OPEN_STATUSES

    from approvals.models import Application
    from enterprises.models import Enterprise, Visit

    busy = Application.objects.filter(enterprise__accounts__user__username=BUSY_USER).count()
    in_scope = Application.objects.filter(brigade__code=CLERK_BRIGADE, status__in=OPEN_STATUSES).count()
    return (f"[{human(size)}] {Application.objects.count():,} applications "
            f"({Application.objects.filter(status__in=OPEN_STATUSES).count():,} open, {in_scope:,} in the clerk's "
            f"scope), {Enterprise.objects.count():,} enterprises, {Visit.objects.count():,} visits; "
            f"the busy enterprise has {busy:,} applications")


def serve(args: argparse.Namespace) -> None:
    """Seed (when needed) one size's database, then answer the parent's requests on the original stdout:
    one JSON line per command read from stdin. Anything else printed goes to stderr."""
    reply: IO[str] = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    from _common import setup_django, vacuum_analyze

    size = args.serve
    setup_django(database_url(args.database, size))
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.reseed or not is_seeded(size):
        seed_size(size)
    log(f"[{human(size)}] VACUUM (ANALYZE): {vacuum_analyze():.1f} s")
    log(facts(size))
    clients, paths, queries = {}, {}, {}
    for page, (user, path) in pages().items():
        client = Client()
        client.force_login(user)
        client.get(path)  # warm: templates, URL resolver, caches, the database's buffers
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"[{human(size)}] {page} {path}: HTTP {response.status_code}")
        clients[page], paths[page], queries[page] = client, path, len(captured.captured_queries)
    _send(reply, {"ready": True, "paths": paths, "queries": queries})
    for line in sys.stdin:
        command = json.loads(line)
        if command.get("quit"):
            break
        page, times = command["page"], []
        for _ in range(command["runs"]):
            started = time.perf_counter()
            response = clients[page].get(paths[page])
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"[{human(size)}] {page}: HTTP {response.status_code}")
        _send(reply, {"times": times})


def _send(reply: IO[str], message: dict[str, Any]) -> None:
    reply.write(json.dumps(message) + "\n")
    reply.flush()


# --- the parent: one process per size, asked in turn -----------------------------------------------

class SizeProcess:
    def __init__(self, size: int, args: argparse.Namespace) -> None:
        self.size = size
        command = [sys.executable, "-u", str(Path(__file__).resolve()), "--serve", str(size),
                   "--database", args.database] + (["--reseed"] if args.reseed else [])
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.stdin, self.stdout = cast(IO[str], self.process.stdin), cast(IO[str], self.process.stdout)

    def receive(self) -> dict[str, Any]:
        line = self.stdout.readline()
        if not line:
            raise RuntimeError(f"the process of size {human(self.size)} ended (exit status {self.process.wait()})")
        return json.loads(line)

    def ask(self, page: str, runs: int) -> list[float]:
        self.stdin.write(json.dumps({"page": page, "runs": runs}) + "\n")
        self.stdin.flush()
        return self.receive()["times"]

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.stdin.write(json.dumps({"quit": True}) + "\n")
                self.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve:
        serve(args)
        return 0
    started = time.perf_counter()
    log(f"sizes {', '.join(human(s) for s in args.sizes)}; databases {database_url(args.database, 0)[:-1]}<size>")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from serving import collect_static, local_env, static_stale

    if static_stale():  # a new machine or changed static files: the pages' {% static %} reads the manifest
        t0 = time.perf_counter()
        collect_static(local_env())
        log(f"collectstatic: {time.perf_counter() - t0:.0f} s")
    processes: list[SizeProcess] = []
    results: dict[str, dict[int, Figures]] = {page: {} for page in PAGES}
    try:
        for size in args.sizes:  # one at a time: seeding takes the cores
            process = SizeProcess(size, args)
            processes.append(process)
            ready = process.receive()
            for page in PAGES:
                results[page][size] = Figures(ready["queries"][page])
        for n in range(args.rounds):
            order = processes if n % 2 == 0 else processes[::-1]
            for page in PAGES:
                for process in order:
                    results[page][process.size].times += process.ask(page, args.runs)
            small, large = args.sizes[0], args.sizes[-1]
            log(f"round {n + 1}/{args.rounds}, ratios so far: " + ", ".join(
                f"{page} {ratio(results[page][small].median, results[page][large].median):.2f}x" for page in PAGES))
    finally:
        for process in processes:
            process.stop()
    lines, met = table(args.sizes, results, args.target)
    print(f"\nserver time per page through Django's test client, {args.rounds} x {args.runs} requests per page and "
          f"size; ratio = median at {human(args.sizes[-1])} / median at {human(args.sizes[0])} "
          f"(target at most {args.target:g}x)", flush=True)
    for line in lines:
        print(line, flush=True)
    print(f"\nwhole run {time.perf_counter() - started:.0f} s; "
          + ("every page within the target" if met else "some page OVER the target"), flush=True)
    return 1 if not met and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
