"""Enqueueing tasks after commit, as accelerators only: the beat sweeps are the guarantee."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task: Any, *, args: Sequence[Any] = (), countdown: float | None = None) -> None:
    """Send ``task`` once the current transaction commits; a broker outage only logs a warning."""

    def send() -> None:
        try:
            task.apply_async(args=list(args), countdown=countdown, retry=False)
        except Exception:  # the broker is down: the periodic sweep catches up
            logger.warning("Could not enqueue %s; the periodic sweep will catch up.", task.name, exc_info=True)

    transaction.on_commit(send, robust=True)
