"""Writing security events. Never lets a logging failure break a sign-in or a page."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from firesvc.security.client_address import client_address
from firesvc.security.models import SecurityEvent

logger = logging.getLogger("firesvc.security")


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the rate limits count it (``client_address``), or ``None``."""
    if request is None or not getattr(request, "META", None):
        return None
    try:
        return client_address(request)
    except Exception:  # a malformed header must not break the request
        return None


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> SecurityEvent | None:
    """Append one security event and log it (logger ``firesvc.security``).

    Side effects: one INSERT in its own savepoint; one log line. Returns ``None`` (and logs the
    error) if the row could not be written.
    """
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is not None and not username:
        username = user.get_username()
    meta = getattr(request, "META", {}) or {}
    fields = {
        "kind": kind,
        "user": user,
        "username": (username or "")[:150],
        "unit_id": getattr(user, "unit_id", None),
        "ip_address": client_ip(request),
        "method": (getattr(request, "method", "") or "")[:10],
        "path": (getattr(request, "path", "") or "")[:500],
        "user_agent": str(meta.get("HTTP_USER_AGENT", ""))[:300],
        "request_id": getattr(request, "request_id", "")[:64],
        "detail": detail or {},
    }
    logger.info("security event %s", kind, extra={
        "security_event": kind, "username": fields["username"], "ip_address": fields["ip_address"],
        "path": fields["path"],
    })
    try:
        with transaction.atomic():
            return SecurityEvent.objects.create(**fields)
    except Exception:
        logger.exception("could not record security event %s", kind)
        return None
