"""The embedded default (SQLite) holds under its own worker: periodic tasks and pages write at once.

`make run` runs the web server, a Celery worker and beat on one SQLite file. Without WAL, a busy
timeout and immediate transactions, a task that read and then wrote failed at once with "database is
locked" whenever a page was writing (a deferred transaction cannot wait to upgrade its read lock).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import staff, unit_chain

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 4

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="SQLite's locking only")


def test_sqlite_settings_ask_for_wal_a_busy_timeout_and_immediate_transactions() -> None:
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db(transaction=True)
def test_periodic_tasks_and_pages_write_at_once_without_a_lock_error(tmp_path) -> None:
    # given: the test database (schema and a place with a duty officer) copied to a file
    load_rule_sets()
    units = unit_chain("c")
    staff(Role.DUTY_OFFICER, units["subdistrict"], email="duty@example.com", phone="13800000001")
    connection.ensure_connection()
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as target:
        connection.connection.backup(target)
    target.close()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "firesvc.settings.test",
           "FIRESVC_VAR_DIR": str(tmp_path / "var")}
    # when: a worker runs every periodic task in a loop while two servers take hazard reports
    processes = [subprocess.Popen(
        [sys.executable, "-m", "tests.firesvc.sqlite_load", role, str(SECONDS),
         str(units["subdistrict"].pk), str(units["community"].pk)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) for role in ("worker", "web", "web")]
    results = [(process.wait(timeout=120), *process.communicate()) for process in processes]
    # then: every process finished its rounds; none met a locked database
    for code, out, err in results:
        assert "database is locked" not in err
        assert code == 0, err[-2000:]
        assert int(out.strip()) > 0
