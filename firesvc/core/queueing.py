"""Enqueueing tasks after commit, as accelerators only: the beat sweeps are the guarantee.

An accelerator must never hold up the request that triggers it. With Redis down, a plain
``apply_async`` blocks for seconds: redis-py retries the connection with back-off (~6 s), and
the Redis result backend retries its subscription for ~19 s more. So an accelerator is sent
without a result (nobody waits for it), after a quick TCP probe of the broker; a broker that does
not take the connection is skipped by this process for ``BROKER_DOWN_SECONDS`` (30) without
being probed again (tests/faults/test_broker.py).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"redis": 6379, "rediss": 6379, "amqp": 5672, "amqps": 5671, "pyamqp": 5672}
_lock = threading.Lock()
_down_until: dict[tuple[str, int], float] = {}  # broker address → monotonic time until which it is skipped


def _broker_address() -> tuple[str, int] | None:
    """Host and port of a network broker (None for memory:// and filesystem://, nothing to probe)."""
    from firesvc.celery import app

    url = app.conf.broker_write_url or app.conf.broker_url or ""
    parts = urlsplit(url if isinstance(url, str) else "")
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        return parts.hostname, parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return None


def _mark_down(address: tuple[str, int]) -> None:
    with _lock:
        _down_until[address] = time.monotonic() + float(getattr(settings, "BROKER_DOWN_SECONDS", 30))


def broker_marked_down(address: tuple[str, int] | None) -> bool:
    return address is not None and time.monotonic() < _down_until.get(address, 0.0)


def send_accelerator(task: Any, *, args: Sequence[Any] = (), countdown: float | None = None) -> bool:
    """Enqueue ``task`` now if the broker answers; False (and a warning) when it was not sent.

    Never raises and never blocks for long: the periodic sweeps do the work anyway.
    """
    address = _broker_address()
    if broker_marked_down(address):
        logger.info("Broker marked down; %s not enqueued (the periodic sweep will catch up).", task.name)
        return False
    if address is not None:
        try:
            socket.create_connection(address, timeout=float(getattr(settings, "BROKER_PROBE_SECONDS", 0.5))).close()
        except OSError:
            _mark_down(address)
            logger.warning("Broker unreachable; %s not enqueued (the periodic sweep will catch up).", task.name)
            return False
    try:
        task.apply_async(args=list(args), countdown=countdown, retry=False, ignore_result=True)
    except Exception:  # the broker is down after all: the periodic sweep catches up
        logger.warning("Could not enqueue %s; the periodic sweep will catch up.", task.name, exc_info=True)
        return False
    return True


def enqueue_after_commit(task: Any, *, args: Sequence[Any] = (), countdown: float | None = None) -> None:
    """Send ``task`` once the current transaction commits; a broker outage only logs a warning."""

    def send() -> None:
        send_accelerator(task, args=args, countdown=countdown)

    transaction.on_commit(send, robust=True)
