"""/healthz: database, Celery broker and beat heartbeats; 200 when all are ok, 503 naming the failure."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from firesvc.core import health
from firesvc.core.models import Heartbeat

pytestmark = pytest.mark.django_db


def _beats(age_seconds: float) -> None:
    seen = timezone.now() - timedelta(seconds=age_seconds)
    for name in health.HEARTBEATS:
        Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": seen, "runs": 1})


def test_healthz_all_ok_answers_200_without_signing_in(client) -> None:
    _beats(10)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok", "broker": "ok", "heartbeat": "ok"}
    assert set(body["checks"]["heartbeat"]["age_seconds"]) == {"beat", "sla_sweep"}


def test_healthz_is_never_cached(client) -> None:
    _beats(10)
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_healthz_database_down_answers_503_naming_the_database(client) -> None:
    _beats(10)
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.execute.side_effect = OperationalError("connection refused to db.internal")
    with mock.patch.object(health, "connection") as connection:
        connection.cursor.return_value = cursor
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["database", "heartbeat"]
    assert body["checks"]["database"] == {"status": "error"}


def test_healthz_broker_down_answers_503_naming_the_broker(client) -> None:
    _beats(10)
    with mock.patch("firesvc.celery.app.connection_for_write", side_effect=ConnectionRefusedError("redis:6379")):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["broker"]


def test_healthz_does_not_reveal_error_texts(client) -> None:
    _beats(10)
    with mock.patch("firesvc.celery.app.connection_for_write",
                    side_effect=ConnectionRefusedError("redis://:secret@redis:6379")):
        content = client.get("/healthz").content.decode()
    assert "secret" not in content
    assert "redis" not in content


def test_healthz_stale_sweep_heartbeat_answers_503_naming_it(client, settings) -> None:
    settings.HEALTHZ_HEARTBEAT_MAX_AGE = 180
    _beats(10)
    Heartbeat.objects.filter(name="sla_sweep").update(last_seen=timezone.now() - timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["failed"] == ["heartbeat"]
    assert body["checks"]["heartbeat"]["stale"] == ["sla_sweep"]
    assert body["checks"]["heartbeat"]["age_seconds"]["sla_sweep"] >= 600


def test_healthz_missing_heartbeat_answers_503(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["heartbeat"]["age_seconds"] == {"beat": None, "sla_sweep": None}


def test_heartbeat_is_fresh_rule() -> None:
    assert health.heartbeat_is_fresh(180.0, 180.0)
    assert not health.heartbeat_is_fresh(180.1, 180.0)
    assert not health.heartbeat_is_fresh(None, 180.0)


def test_healthz_refuses_post(client) -> None:
    assert client.post("/healthz").status_code == 405


def test_an_unreachable_broker_fails_within_the_timeout() -> None:
    import time

    started = time.monotonic()
    result = health.check_broker(timeout=1.0, url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    elapsed = time.monotonic() - started

    assert not result.ok
    assert result.detail == {"status": "error"}
    assert elapsed < 5
