"""Guessing a short secret: failed tries counted per key in the shared cache, and a lock once too many.

A public look-up that answers to a weak secret (the last four digits of a phone: 10,000 values) must stop
the guesser, not only count requests: each failure counts against a key (the client address, the thing
looked up), and ``limit`` failures within ``seconds`` of the first lock that key for ``seconds`` from the
last one. Counters and locks live in Django's cache, which every web server shares (Redis in production),
so a guesser gains nothing by landing on another server; keys are hashed (no case numbers or phones in
cache keys). The sign-in throttles (django-axes, ``spraying``) are the same idea for passwords.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone


def _key(kind: str, scope: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"firesvc:guessing:{kind}:{scope}:{digest}"


def locked_until(*, scope: str, value: str) -> datetime | None:
    """When the lock of ``value`` in ``scope`` ends; None if it is not locked."""
    if not value:
        return None
    stamp = cache.get(_key("lock", scope, value))
    if stamp is None:
        return None
    until = datetime.fromtimestamp(float(stamp), tz=timezone.get_current_timezone())
    return until if until > timezone.now() else None


def failure_record(*, scope: str, value: str, limit: int, seconds: int) -> datetime | None:
    """Count one failed try of ``value`` in ``scope``; at the ``limit``-th within ``seconds`` lock it.

    Side effects: increments the shared counter; at the limit, stores the lock (for ``seconds``) and
    starts the count afresh. Returns when the lock ends if this failure locked it, else None."""
    if not value or limit <= 0:
        return None
    key = _key("failures", scope, value)
    if cache.add(key, 1, seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)
            count = 1
    if count < limit:
        return None
    until = timezone.now() + timedelta(seconds=seconds)
    cache.set(_key("lock", scope, value), until.timestamp(), seconds)
    cache.delete(key)
    return until


def failures_clear(*, scope: str, value: str) -> None:
    """Forget the failures of ``value`` (not its lock): the secret was right after all."""
    if value:
        cache.delete(_key("failures", scope, value))
