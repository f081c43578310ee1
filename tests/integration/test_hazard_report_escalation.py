"""The ten-minute promise with a real worker and beat on Redis and PostgreSQL (DOMAIN.md B6, C3).

Time is controlled by back-dating the report's submission: its ten-minute deadline falls a few
seconds after the test starts, and beat sweeps every 2 s. Run with e.g.
``DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://127.0.0.1:6379/7 pytest tests/integration``.
The flush test empties the broker's Redis database (``FLUSHDB``); set ``FIRESVC_TEST_FLUSHALL=1``
to run ``FLUSHALL`` instead where the Redis server is not shared.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.services.reports import hazard_report_submit
from feedback.hazard_reports.tasks import hazard_report_check_escalation
from firesvc.notifications.models import Notification
from firesvc.sla.services import load_rule_sets
from tests.factories import staff, unit_chain

pytestmark = pytest.mark.integration
SWEEP_SECONDS = 2


def _wait_for(condition: Callable[[], bool], timeout: float = 45.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.fixture
def units(transactional_db):  # type: ignore[no-untyped-def]
    from firesvc.accounts.roles import Role

    load_rule_sets()
    chain = unit_chain("e")
    chain["brigade_staff"] = staff(Role.APPROVER, chain["brigade"], email="brigade@example.com")
    return chain


def _report(units, *, submitted_ago: timedelta, category: str = "blocked_exit") -> HazardReport:  # type: ignore[no-untyped-def]
    return hazard_report_submit(category=category, subdistrict=units["subdistrict"],
                                community=units["community"], grid=units["grid"], address="友谊街1号",
                                description="安全出口被锁", now=timezone.now() - submitted_ago)


def _env() -> dict[str, str]:
    return {"HAZARD_ESCALATION_SECONDS": str(SWEEP_SECONDS), "SLA_SWEEP_SECONDS": "60"}


def _beat(tmp_path: Path) -> list[str]:
    return ["-B", "--schedule", str(tmp_path / "beat-schedule")]


def _escalated(report: HazardReport) -> bool:
    return HazardReport.objects.filter(pk=report.pk, escalated_at__isnull=False).exists()


def test_an_unacknowledged_report_escalates_within_one_sweep_after_ten_minutes(
        units, celery_worker_factory, tmp_path) -> None:
    # given a worker with beat, and a report whose ten minutes run out in about 15 seconds
    celery_worker_factory(env=_env(), args=_beat(tmp_path))
    report = _report(units, submitted_ago=timedelta(minutes=10) - timedelta(seconds=15))
    # then it is escalated, by the sweep (or the countdown accelerator), never before its deadline …
    assert _wait_for(lambda: _escalated(report), timeout=45)
    report.refresh_from_db()
    late = (report.escalated_at - report.ack_due_at).total_seconds()
    assert late >= 0
    # … and within one sweep interval after it (plus a little for a loaded machine)
    assert late <= SWEEP_SECONDS + 3
    assert report.escalated_to == units["brigade"]
    assert Notification.objects.filter(recipient=units["brigade_staff"], kind="hazard_report_escalated").count() == 1


def test_a_flushed_redis_loses_no_escalation(units, celery_worker_factory, tmp_path) -> None:
    # given overdue reports whose countdown checks were queued in Redis …
    reports = [_report(units, submitted_ago=timedelta(minutes=11), category=category)  # three places, no duplicates
               for category in ("blocked_exit", "electrical", "flammables")]
    for report in reports:
        hazard_report_check_escalation.apply_async(args=[report.pk], countdown=3600)
    # … when Redis is flushed before any worker runs
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushall() if os.environ.get("FIRESVC_TEST_FLUSHALL") else client.flushdb()
    celery_worker_factory(env=_env(), args=_beat(tmp_path))
    # then beat's sweep escalates each report, exactly once
    assert _wait_for(lambda: HazardReport.objects.filter(escalated_at__isnull=False).count() == 3)
    time.sleep(2 * SWEEP_SECONDS + 1)
    assert Notification.objects.filter(recipient=units["brigade_staff"], kind="hazard_report_escalated").count() == 3


def test_two_sweeps_at_the_same_time_escalate_each_report_once(units) -> None:
    import threading

    from django.db import connection

    from feedback.hazard_reports.services.reports import hazard_reports_escalate_due
    from tests.integration.conftest import _require_services

    _require_services()
    categories = ["blocked_exit", "fire_system_off", "electrical", "flammables", "other"]
    for i, category in enumerate(categories * 4):
        hazard_report_submit(category=category, subdistrict=units["subdistrict"], address=f"{i}号",
                             description="x", now=timezone.now() - timedelta(minutes=11))
    barrier = threading.Barrier(2)
    results: list[int] = []

    def sweep() -> None:
        try:
            barrier.wait()
            results.append(len(hazard_reports_escalate_due(batch=3)))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    due = HazardReport.objects.exclude(status="linked").count()
    assert sum(results) == due == HazardReport.objects.filter(escalated_at__isnull=False).count()
    assert Notification.objects.filter(recipient=units["brigade_staff"], kind="hazard_report_escalated").count() == due
