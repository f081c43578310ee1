"""A real Celery worker process on Redis, against the test database (PostgreSQL)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _require_services() -> str:
    from django.db import connection

    broker = os.environ.get("CELERY_BROKER_URL", "")
    problem = None
    if not broker.startswith("redis"):
        problem = "needs CELERY_BROKER_URL=redis://…"
    elif connection.vendor != "postgresql":
        problem = "needs DATABASE_URL=postgres://… (a worker process cannot share an in-memory SQLite test db)"
    if problem:
        if os.environ.get("FIRESVC_REQUIRE_SERVICES"):
            pytest.fail(f"integration test {problem}")
        pytest.skip(problem)
    return broker


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def file_backend_worker_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A worker with beat every 2 s whose e-mail and SMS go to ``email.jsonl`` / ``sms.jsonl`` in ``tmp_path``."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "SMS_BACKEND": "firesvc.notifications.testing.FileSmsBackend",
        "EMAIL_BACKEND": "firesvc.notifications.testing.FileEmailBackend",
        "FIRESVC_TEST_SMS_FILE": str(tmp_path / "sms.jsonl"),
        "FIRESVC_TEST_EMAIL_FILE": str(tmp_path / "email.jsonl"),
        "SLA_SWEEP_SECONDS": "2",
        "OUTBOX_INTERVAL_SECONDS": "2",
        **extra,
    }


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment variables for the worker process; override this fixture in a test module."""
    return {}


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):  # type: ignore[no-untyped-def]
    """Start worker processes on demand: ``start(env={...}, args=[...])``; all are stopped at the end."""
    broker = _require_services()
    from firesvc.celery import app

    started: list[subprocess.Popen[bytes]] = []

    def start(*, env: dict[str, str] | None = None, args: list[str] | None = None) -> dict[str, object]:
        name = f"test-{uuid.uuid4().hex[:8]}@localhost"
        log_path = tmp_path / f"worker-{len(started)}.log"
        full_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "firesvc.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            **(env or {}),
        }
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "firesvc", "worker", "--pool", "solo", "--loglevel", "INFO",
                 "--hostname", name, "--without-mingle", "--without-gossip", *(args or [])],
                cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                # Its own process group: an embedded beat (-B) is a child process that must go with it.
                start_new_session=True,
            )
        started.append(proc)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"worker exited early:\n{log_path.read_text()}")
            if app.control.ping(destination=[name], timeout=1.0):
                break
        else:
            pytest.fail(f"worker did not answer a ping within 60 s:\n{log_path.read_text()}")
        return {"name": name, "process": proc, "log": log_path}

    try:
        yield start
    finally:
        for proc in started:
            _signal_group(proc, signal.SIGTERM)
        for proc in started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
            _signal_group(proc, signal.SIGKILL)  # whatever is left of the group (a beat child, a hung worker)


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    """Signal the worker's whole process group (the worker and its embedded beat)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


@pytest.fixture
def celery_worker_process(celery_worker_factory, celery_worker_env) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """One worker process, started before the test (queues purged first)."""
    from firesvc.celery import app

    app.control.purge()
    return celery_worker_factory(env=celery_worker_env)
