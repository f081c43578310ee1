"""Serving the portal for the load benchmarks: gunicorn on loopback, signed-in sessions, static files."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from _common import ROOT


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def fetch(base: str, path: str, headers: dict[str, str]) -> tuple[int, str, str]:
    """One GET without following redirects: the status, the Location header and the body."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": parts.netloc, **headers})
        response = conn.getresponse()
        return response.status, response.getheader("Location") or "", response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def session_cookie(user: Any) -> str:
    """A signed-in session for ``user`` written to the session store (as a sign-in would)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def local_env() -> dict[str, str]:
    """This environment under the local settings with DEBUG off (as the in-process benches run)."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "firesvc.settings.local", "DEBUG": "0", "LOG_LEVEL": "WARNING"}


def collect_static(env: dict[str, str]) -> None:
    """``manage.py collectstatic --noinput``: the production manifest that {% static %} reads."""
    done = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py collectstatic failed:\n{done.stderr}")


def static_stale() -> bool:
    """Whether ``collectstatic`` must run: no manifest yet, or a static file newer than it (it takes minutes)."""
    manifest = ROOT / "var" / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(p.stat().st_mtime > built for p in (ROOT / "static").rglob("*") if p.is_file())


def gunicorn_path() -> Path:
    """gunicorn of the virtualenv that runs this script (a git worktree has no ``.venv`` of its own)."""
    beside = Path(sys.executable).parent / "gunicorn"
    return beside if beside.exists() else ROOT / ".venv" / "bin" / "gunicorn"


class Gunicorn:
    """gunicorn (sync workers, with an access log as docker-compose's web) on a free loopback port;
    ``stop`` ends it and its workers."""

    def __init__(self, workers: int, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        tmp = Path(tempfile.gettempdir())
        self.log = tmp / f"bench-gunicorn-{os.getpid()}.log"
        self.access_log = tmp / f"bench-access-{os.getpid()}.log"
        self.stdout = open(tmp / f"bench-stdout-{os.getpid()}.log", "w")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [str(gunicorn_path()), "firesvc.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
             "--access-logfile", str(self.access_log), "--error-logfile", str(self.log), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.stdout, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log}")
            try:
                fetch(self.base, "/ping/", {})
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def pids(self) -> list[int]:
        return [self.process.pid, *children(self.process.pid)]

    def worker_peak_rss_mb(self) -> list[float]:
        return [_hwm(pid) for pid in children(self.process.pid)]

    def rss_mb(self) -> tuple[float, float]:
        """Peak resident memory of the master and the sum of the workers' peaks (VmHWM), in MB."""
        return _hwm(self.process.pid), sum(self.worker_peak_rss_mb())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stdout.close()
        for path in (self.access_log, Path(self.stdout.name)):
            path.unlink(missing_ok=True)
        if self.log.exists() and not self.log.stat().st_size:
            self.log.unlink()  # kept only when gunicorn had something to say


def _hwm(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return 0.0
