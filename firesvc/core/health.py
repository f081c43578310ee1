"""``/healthz``: is the portal able to work? Database, Celery broker and the beat heartbeats.

For a load balancer or a monitoring probe: no authentication, no secrets (no host names, URLs or
exception texts, only which part failed), cheap (one ``SELECT 1``, one broker connection with a
short timeout, one query on the heartbeat table). 200 when every part is ok, 503 otherwise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Rows of core.Heartbeat written by beat tasks: "beat" every minute (core.tasks.heartbeat) and
# "sla_sweep" at the end of each SLA sweep (sla.tasks.sla_sweep).
HEARTBEATS = ("beat", "sla_sweep")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: dict[str, object]


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "down"; the log has the details, the answer does not
        logger.exception("healthz: database check failed")
        return CheckResult(False, {"status": "error"})
    return CheckResult(True, {"status": "ok"})


def check_broker(*, timeout: float | None = None, url: str | None = None) -> CheckResult:
    """Open (and close) one connection to the Celery broker (or ``url``), giving up after ``timeout`` seconds."""
    from firesvc.celery import app

    timeout = settings.HEALTHZ_BROKER_TIMEOUT if timeout is None else timeout
    try:
        with app.connection_for_write(url=url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    except Exception:
        logger.exception("healthz: broker check failed")
        return CheckResult(False, {"status": "error"})
    return CheckResult(True, {"status": "ok"})


def heartbeat_ages(*, now: datetime | None = None) -> dict[str, float | None]:
    """Seconds since each expected heartbeat was last seen (``None``: never)."""
    from firesvc.core.models import Heartbeat

    now = now or timezone.now()
    seen = dict(Heartbeat.objects.filter(name__in=HEARTBEATS).values_list("name", "last_seen"))
    return {name: (round((now - seen[name]).total_seconds(), 1) if name in seen else None) for name in HEARTBEATS}


def heartbeat_is_fresh(age: float | None, max_age: float) -> bool:
    """A pure rule: a heartbeat is fresh when it was seen at most ``max_age`` seconds ago."""
    return age is not None and age <= max_age


def check_heartbeat(*, now: datetime | None = None) -> CheckResult:
    max_age = float(settings.HEALTHZ_HEARTBEAT_MAX_AGE)
    try:
        ages = heartbeat_ages(now=now)
    except Exception:
        logger.exception("healthz: heartbeat check failed")
        return CheckResult(False, {"status": "error"})
    stale = [name for name, age in ages.items() if not heartbeat_is_fresh(age, max_age)]
    return CheckResult(not stale, {"status": "stale" if stale else "ok", "age_seconds": ages,
                                   "max_age_seconds": max_age, **({"stale": stale} if stale else {})})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = {"database": check_database(), "broker": check_broker()}
    # Without a database the heartbeat table cannot be read: say so instead of a second failure.
    results["heartbeat"] = check_heartbeat() if results["database"].ok else CheckResult(False, {"status": "unknown"})
    failed = [name for name, result in results.items() if not result.ok]
    body = {
        "status": "ok" if not failed else "error",
        "failed": failed,
        "checks": {name: result.detail for name, result in results.items()},
    }
    return JsonResponse(body, status=200 if not failed else 503)
