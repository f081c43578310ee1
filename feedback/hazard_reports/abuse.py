"""Abuse protection of the public form: client address behind trusted proxies, rate limits in the cache."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# (attempts, seconds) per client address and per phone number; settings may override.
DEFAULT_LIMITS = {"ip": (10, 3600), "phone": (5, 86400)}


def client_ip(request: HttpRequest) -> str:
    """The client's address; X-Forwarded-For is honoured only through ``TRUSTED_PROXY_COUNT`` proxies.

    With N trusted proxies in front of us, the client is the N-th address from the right of the
    header (the right-most N-1 were added by our own proxies); anything further left is typed by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]


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
