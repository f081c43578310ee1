"""Fault tests: services are killed, flushed, restarted or filled while the portal works.

They disturb services (a Celery worker, the test's Redis database, a private PostgreSQL
instance, a tiny upload filesystem), so they are marked ``faults``, left out of the default
(parallel) run by ``addopts`` and run one at a time afterwards by ``make test``:
``pytest -p no:xdist -m faults tests/faults``.

Each test ends by checking that the portal recovered by itself and that no case, clock,
notification, outbox message or audit event was lost or doubled.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

# The real-worker fixtures of the integration tests (a worker process on Redis and PostgreSQL).
from tests.integration.conftest import (  # noqa: F401  (fixtures, used by name)
    ROOT,
    _database_url,
    celery_worker_env,
    celery_worker_factory,
)


def services_required() -> bool:
    return bool(os.environ.get("FIRESVC_REQUIRE_SERVICES"))


def skip_or_fail(problem: str) -> None:
    """Skip a test whose service is missing, or fail it when CI says every service must be there."""
    if services_required():
        pytest.fail(f"fault test {problem}")
    pytest.skip(problem)


def require_redis_and_postgresql() -> str:
    from django.db import connection

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis"):
        skip_or_fail("needs CELERY_BROKER_URL=redis://…")
    if connection.vendor != "postgresql":
        skip_or_fail("needs DATABASE_URL=postgres://… (a worker process cannot share an in-memory SQLite test db)")
    return broker


def wait_for(condition: Callable[[], bool], *, timeout: float = 45.0, what: str = "condition",
             interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    if not condition():
        pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def assert_audit_chain_intact(*, events: int | None = None) -> None:
    """``manage.py verify_audit`` passes and the sequence has no gap and no repeat."""
    from io import StringIO

    from firesvc.audit.models import AuditEvent

    out = StringIO()
    call_command("verify_audit", stdout=out)  # raises CommandError naming the first broken link
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1)), "audit sequence has a gap or a repeat"
    if events is not None:
        assert len(seqs) == events
    assert f"{len(seqs)} events" in out.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def closed_port() -> int:
    """A local port nobody listens on (bound and released: connections are refused at once)."""
    return free_port()


@contextmanager
def gunicorn(*, env: dict[str, str], log_path: Path, workers: int = 2, threads: int = 4) -> Iterator[str]:
    """A real gunicorn serving the portal with ``env``; yields its base URL."""
    import requests

    port = free_port()
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("CELERY_BROKER_URL", "REDIS_URL", "PYTEST_XDIST_WORKER", "FIRESVC_TEST_BROKER_SPLIT")}
    full_env.update({"DJANGO_SETTINGS_MODULE": "tests.faults.server_settings", **env})
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "firesvc.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
             "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"gunicorn exited early:\n{log_path.read_text()[-4000:]}")
            try:
                if requests.get(f"{base}/reports/", timeout=10).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not serve /reports/ within 60 s:\n{log_path.read_text()[-4000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
