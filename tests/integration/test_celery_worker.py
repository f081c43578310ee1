from __future__ import annotations

import uuid

import pytest

from firesvc.core.models import Heartbeat
from firesvc.core.tasks import health_check, heartbeat

pytestmark = pytest.mark.integration


def test_health_check_runs_in_a_real_worker_through_redis(celery_worker_process) -> None:
    token = uuid.uuid4().hex
    result = health_check.delay(token).get(timeout=30)
    assert result["token"] == token
    assert result["database"] == "ok"


def test_heartbeat_task_writes_the_database_row_from_the_worker(celery_worker_process) -> None:
    heartbeat.delay("integration").get(timeout=30)
    heartbeat.delay("integration").get(timeout=30)
    beat = Heartbeat.objects.get(name="integration")
    assert beat.runs == 2
