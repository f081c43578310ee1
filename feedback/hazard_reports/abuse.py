"""Abuse protection of the public form: rate limits in the shared cache, per client address and phone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# (attempts, seconds) per client address and per phone number; settings may override.
DEFAULT_LIMITS = {"ip": (10, 3600), "phone": (5, 86400), "lookup": (20, 3600)}


def _limits(kind: str) -> tuple[int, int]:
    configured = getattr(settings, "HAZARD_REPORT_RATE_LIMITS", {}) or {}
    return tuple(configured.get(kind, DEFAULT_LIMITS[kind]))  # type: ignore[return-value]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:24]  # no phone numbers in cache keys
    return f"firesvc:hazard-rate:{kind}:{digest}"


def hit(kind: str, value: str) -> Verdict:
    """Count one attempt of ``value`` (an address or phone); refused once the window's limit is passed."""
    if not value:
        return Verdict(True)
    limit, window = _limits(kind)
    key = _key(kind, value)
    if cache.add(key, 1, window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)
            count = 1
    return Verdict(count <= limit, 0 if count <= limit else window)


def peek(kind: str, value: str) -> Verdict:
    """Whether ``value`` is already over its limit, without counting an attempt."""
    if not value:
        return Verdict(True)
    limit, window = _limits(kind)
    count = cache.get(_key(kind, value)) or 0
    return Verdict(count < limit, 0 if count < limit else window)
