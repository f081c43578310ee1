"""Platform tasks: the beat heartbeat and the worker health check."""

from __future__ import annotations

import socket

from celery import shared_task
from django.db import connection
from django.db.models import F
from django.utils import timezone

from firesvc.core.models import Heartbeat


@shared_task(name="firesvc.core.tasks.heartbeat", time_limit=30, soft_time_limit=25)
def heartbeat(name: str = "beat") -> str:
    """Record that beat and a worker are alive; idempotent (an upsert of one row)."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(name=name).update(last_seen=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name=name, defaults={"last_seen": now, "runs": 1})
    return now.isoformat()


@shared_task(name="firesvc.core.tasks.health_check", time_limit=30, soft_time_limit=25)
def health_check(token: str) -> dict[str, str]:
    """Answer from inside a worker: echoes ``token`` and proves the worker reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": "ok" if one == 1 else "bad", "host": socket.gethostname()}


@shared_task(name="firesvc.core.tasks.expire_idempotency_keys", time_limit=120, soft_time_limit=110)
def expire_idempotency_keys() -> int:
    """Forget the API's Idempotency-Keys older than 24 hours; idempotent (a delete by age)."""
    from firesvc.core.idempotency import expire

    return expire()
