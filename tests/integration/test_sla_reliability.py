"""The SLA engine with a real worker and beat on Redis and PostgreSQL (DOMAIN.md C3).

The worker runs with an embedded beat (``-B``) sweeping every 2 s and the file backends of
``firesvc.notifications.testing``, so this process can count what was actually sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from firesvc.notifications.models import Notification
from firesvc.notifications.testing import read_lines
from firesvc.sla.enums import Card
from firesvc.sla.models import Clock, SlaAlert
from firesvc.sla.services import clock_start, load_rule_sets
from firesvc.sla.sweep import sla_sweep
from firesvc.sla.tasks import sla_check_clock
from tests.factories import EnterpriseFactory, staff, unit_chain
from tests.integration.conftest import file_backend_worker_env

pytestmark = pytest.mark.integration


def _wait_for(condition: Callable[[], bool], timeout: float = 45.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


@pytest.fixture
def sla_case(transactional_db):  # type: ignore[no-untyped-def]
    from firesvc.accounts.roles import Role

    load_rule_sets()
    units = unit_chain("r")
    approver = staff(Role.APPROVER, units["brigade"], email="approver@example.com", phone="13800000001")
    return {"unit": units["brigade"], "approver": approver,
            "assignee": staff(Role.REVIEWER, units["brigade"], email="reviewer@example.com")}


def _overdue_clocks(case, n: int, rule: str = "hazard_report.acknowledge") -> list[Clock]:  # type: ignore[no-untyped-def]
    started = timezone.now() - timedelta(minutes=11)  # the ten-minute promise has run out
    return [clock_start(owner=EnterpriseFactory(brigade=case["unit"]), rule_code=rule, unit=case["unit"], actor=None,
                        assignee=case["assignee"], started_at=started) for _ in range(n)]


def _beat_args(tmp_path: Path) -> list[str]:
    return ["-B", "--schedule", str(tmp_path / "beat-schedule")]


def test_worker_and_beat_escalate_an_overdue_clock_and_deliver_the_email(
        sla_case, celery_worker_factory, tmp_path) -> None:
    # given an overdue clock and a running worker with beat
    clock = _overdue_clocks(sla_case, 1)[0]
    celery_worker_factory(env=file_backend_worker_env(tmp_path), args=_beat_args(tmp_path))
    # then beat's sweep raises the red card and the outbox pass delivers the e-mail
    assert _wait_for(lambda: SlaAlert.objects.filter(clock=clock, level=Card.RED).exists())
    assert _wait_for(lambda: any("approver@example.com" in line.get("to", [])
                                 for line in read_lines(tmp_path / "email.jsonl")))
    time.sleep(5)  # more sweeps and passes run; nothing more is sent
    emails = [line for line in read_lines(tmp_path / "email.jsonl") if "approver@example.com" in line.get("to", [])]
    assert len(emails) == 1
    assert SlaAlert.objects.filter(clock=clock).count() == 1


def test_a_flushed_broker_loses_no_escalation(sla_case, celery_worker_factory, tmp_path) -> None:
    # given overdue clocks whose fast-path checks are queued in Redis …
    clocks = _overdue_clocks(sla_case, 5)
    for clock in clocks:
        sla_check_clock.apply_async(args=[clock.pk], countdown=3600)
    # … when Redis is flushed before any worker runs
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    celery_worker_factory(env=file_backend_worker_env(tmp_path), args=_beat_args(tmp_path))
    # then the next sweep still escalates each clock exactly once
    assert _wait_for(lambda: SlaAlert.objects.filter(level=Card.RED).count() == 5)
    time.sleep(5)
    assert SlaAlert.objects.filter(level=Card.RED).count() == 5
    per_clock = Notification.objects.filter(kind="sla_escalation", recipient=sla_case["approver"]).count()
    assert per_clock == 5


def test_two_sweeps_at_the_same_time_raise_each_alert_once(sla_case) -> None:
    _require_postgresql()
    clocks = _overdue_clocks(sla_case, 60)
    barrier = threading.Barrier(2)
    results: list[int] = []

    def sweep() -> None:
        try:
            barrier.wait()
            results.append(sla_sweep(batch=7).red)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(results) == len(clocks)
    assert SlaAlert.objects.filter(level=Card.RED).count() == len(clocks)
    assert Notification.objects.filter(kind="sla_escalation", recipient=sla_case["approver"]).count() == len(clocks)


def _require_postgresql() -> None:
    from tests.integration.conftest import _require_services

    _require_services()
