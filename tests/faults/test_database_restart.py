"""PostgreSQL restarts while citizens send hazard reports (issue 9, fault 3).

A private PostgreSQL instance (initdb in a temporary folder, its own port) holds a copy of the
test database; a real gunicorn (2 processes × 4 threads, persistent connections as in
docker-compose) serves the portal on it. Six clients send hazard reports in a loop; the
instance is stopped with ``pg_ctl stop -m fast`` (open connections are terminated, in-flight
transactions roll back), kept down for a few seconds, and started again. The shared server on
port 5432 is never touched.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.sla.services import load_rule_sets
from tests.factories import staff, unit_chain
from tests.faults.conftest import ROOT, free_port, gunicorn, skip_or_fail

pytestmark = [pytest.mark.faults, pytest.mark.integration]

CLIENTS = 6
OUTAGE_SECONDS = 3.0


class PrivatePostgres:
    """A throwaway PostgreSQL cluster run as the ``postgres`` user (initdb refuses root)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="firesvc-faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self._as_postgres: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as_postgres = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as_postgres, *args], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise AssertionError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}\n{log[-3000:]}")

    def initdb(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--locale", "C")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w",
                  "restart")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run([str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h",
                               "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql],
                              capture_output=True, text=True, timeout=60, check=True)
        return done.stdout.strip()

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self._as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                            "immediate", "-w", "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def _bindir() -> Path:
    """The binaries of the shared server's major version (pg_dump must match it)."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs DATABASE_URL=postgres://… (the test copies the test database into a private instance)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    bindir = Path(os.environ.get("FIRESVC_PG_BINDIR", f"/usr/lib/postgresql/{major}/bin"))
    missing = [name for name in ("initdb", "pg_ctl", "pg_dump", "psql") if not (bindir / name).exists()]
    if missing:
        skip_or_fail(f"needs the PostgreSQL {major} binaries in {bindir} (missing: {', '.join(missing)})")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        skip_or_fail("needs runuser to start PostgreSQL as the postgres user")
    return bindir


@pytest.fixture
def private_postgres():  # type: ignore[no-untyped-def]
    bindir = _bindir()
    server = PrivatePostgres(bindir)
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.cleanup()


def _copy_test_database(server: PrivatePostgres, name: str) -> None:
    """The test database (migrated, with this test's rows) as ``name`` on the private instance."""
    server.psql(f"CREATE DATABASE {name}")
    s = connection.settings_dict
    dump = subprocess.Popen([str(server.bindir / "pg_dump"), "--no-owner", "--no-privileges", "-h",
                             s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres",
                             s["NAME"]], stdout=subprocess.PIPE, env={**os.environ, "PGPASSWORD": s["PASSWORD"] or ""})
    restore = subprocess.run([str(server.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                              "-p", str(server.port), "-U", "postgres", "-d", name], stdin=dump.stdout,
                             capture_output=True, timeout=120, check=False)
    dump.stdout.close()  # type: ignore[union-attr]
    assert dump.wait(timeout=60) == 0, restore.stderr.decode()[-3000:]
    assert restore.returncode == 0, restore.stderr.decode()[-3000:]


@dataclass
class Outcome:
    token: str
    sent_at: float
    status: int  # 0: no HTTP answer at all
    clear: bool  # a 503 says in plain words what is wrong and when to retry


def _csrf_token(session, base: str) -> str:  # type: ignore[no-untyped-def]
    page = session.get(f"{base}/reports/", timeout=30)
    assert page.status_code == 200, f"the report form answered {page.status_code}"
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def _client(base: str, place: dict[str, int], thread: int, stop: threading.Event, out: list[Outcome]) -> None:
    import requests

    session = requests.Session()
    csrf = _csrf_token(session, base)
    i = 0
    while not stop.is_set():
        token = f"burst-{thread}-{i}"
        i += 1
        data = {"csrfmiddlewaretoken": csrf, "category": "other", "subdistrict": place["subdistrict"],
                "community": place["community"], "grid": "", "address": "友谊街12号", "description": token,
                "reporter_name": "", "reporter_phone": "", "website": "", "latitude": "", "longitude": ""}
        sent = time.monotonic()
        try:
            response = session.post(f"{base}/reports/", data=data, allow_redirects=False, timeout=30)
        except requests.RequestException:
            out.append(Outcome(token, sent, 0, False))
            continue
        clear = (response.status_code == 503 and "数据库暂时无法连接" in response.text
                 and "try again" in response.text and response.headers.get("Retry-After") == "30")
        out.append(Outcome(token, sent, response.status_code, clear))
        time.sleep(0.02)


def test_a_database_restart_mid_burst_answers_503_then_recovers_without_losing_or_doubling_a_report(
        transactional_db, private_postgres, tmp_path) -> None:
    # given: a sub-district with two duty officers, copied into the private instance, served by gunicorn
    load_rule_sets()
    units = unit_chain("pg")
    officers = [staff(Role.DUTY_OFFICER, units["subdistrict"]) for _ in range(2)]
    baseline_events = AuditEvent.objects.count()
    _copy_test_database(private_postgres, "firesvc_faults")
    url = private_postgres.url("firesvc_faults")
    place = {"subdistrict": units["subdistrict"].pk, "community": units["community"].pk}
    outcomes: list[Outcome] = []
    stop = threading.Event()
    with gunicorn(env={"DATABASE_URL": url, "DB_CONN_MAX_AGE": "60"}, log_path=tmp_path / "gunicorn.log") as base:
        clients = [threading.Thread(target=_client, args=(base, place, n, stop, outcomes)) for n in range(CLIENTS)]
        for t in clients:
            t.start()
        try:
            # when: the burst runs, the database goes away mid-burst and comes back
            _wait(lambda: sum(o.status == 302 for o in outcomes) >= 20, "successes before the restart")
            private_postgres.stop("fast")
            down_at = time.monotonic()
            time.sleep(OUTAGE_SECONDS)
            private_postgres.start()
            up_at = time.monotonic()
            _wait(lambda: sum(o.status == 302 and o.sent_at > up_at for o in outcomes) >= 30,
                  "successes after the restart")
        finally:
            stop.set()
            for t in clients:
                t.join(timeout=60)
        # and: a second restart while nobody is asking (each server thread keeps a connection to the old server)
        private_postgres.restart()
        # then: without restarting gunicorn, every request succeeds (a stale kept connection is replaced first)
        import requests

        session = requests.Session()
        first_page = session.get(f"{base}/reports/", timeout=30).status_code
        csrf = _csrf_token(session, base)
        after = [session.post(f"{base}/reports/", allow_redirects=False, timeout=30, data={
            "csrfmiddlewaretoken": csrf, "category": "other", "subdistrict": place["subdistrict"],
            "community": place["community"], "grid": "", "address": "友谊街12号", "description": f"after-{n}",
            "reporter_name": "", "reporter_phone": "", "website": "", "latitude": "", "longitude": ""}).status_code
            for n in range(16)]
        healthz = requests.get(f"{base}/healthz", timeout=30).json()
    log = (tmp_path / "gunicorn.log").read_text()

    statuses = Counter(o.status for o in outcomes)
    during = [o for o in outcomes if down_at <= o.sent_at <= down_at + OUTAGE_SECONDS]
    assert set(statuses) <= {302, 503}, f"answers other than success or a clear 503: {statuses}\n{log[-3000:]}"
    assert statuses[503] >= 1
    assert during
    assert all(o.status == 503 for o in during)
    assert all(o.clear for o in outcomes if o.status == 503)
    late_failures = [o for o in outcomes if o.status != 302 and o.sent_at > up_at + 0.5]
    assert late_failures == [], f"requests failed after the database was back: {late_failures}"
    assert (first_page, after) == (200, [302] * 16)
    assert healthz["checks"]["database"] == {"status": "ok"}

    # and: every success is exactly one report, a failed request at most one (committed, answer lost)
    rows = private_postgres.psql("SELECT description, count(*) FROM hazard_reports_hazardreport GROUP BY description",
                                 "firesvc_faults").splitlines()
    counts = {token: int(n) for token, n in (line.split("|") for line in rows)}
    succeeded = {o.token for o in outcomes if o.status == 302} | {f"after-{n}" for n in range(16)}
    failed = {o.token for o in outcomes if o.status != 302}
    assert all(counts.get(token) == 1 for token in succeeded), "a successful report was lost or doubled"
    assert all(counts.get(token, 0) <= 1 for token in failed), "a failed request was stored twice"
    assert set(counts) <= succeeded | failed
    reports = sum(counts.values())

    def scalar(sql: str) -> int:
        return int(private_postgres.psql(sql, "firesvc_faults"))

    assert scalar("SELECT count(*) FROM sla_clock c JOIN django_content_type t ON t.id = c.owner_type_id "
                  "WHERE t.app_label = 'hazard_reports' AND t.model = 'hazardreport'") == 2 * reports
    assert scalar("SELECT count(*) FROM notifications_notification WHERE kind = 'hazard_report_new'") == \
        len(officers) * reports
    # Three events per report (submitted, two clocks started), the chain without gap or repeat.
    assert scalar("SELECT count(*) FROM audit_auditevent") == baseline_events + 3 * reports
    assert scalar("SELECT count(*) FROM (SELECT e.object_id FROM audit_auditevent e JOIN django_content_type t "
                  "ON t.id = e.content_type_id WHERE t.app_label = 'hazard_reports' AND t.model = 'hazardreport' "
                  "GROUP BY e.object_id HAVING count(*) <> 3) odd") == 0
    assert scalar("SELECT max(seq) - count(*) FROM audit_auditevent") == 0
    verify = subprocess.run([sys.executable, "manage.py", "verify_audit"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False,
                            env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "firesvc.settings.test"})
    assert verify.returncode == 0
    assert f"Audit chain intact: {baseline_events + 3 * reports} events" in verify.stdout


def _wait(condition, what: str, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)
