"""Celery tasks of the notifications feature: thin wrappers over ``delivery.py``."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from firesvc.notifications.delivery import outbox_deliver_due

# The hard limit stays well below the sending lease (300 s), so a pass that is still
# running can never see its own claims taken over by another pass.
DELIVERY_TIME_LIMIT = 120
DELIVERY_SOFT_TIME_LIMIT = 100


@shared_task(
    name="firesvc.notifications.tasks.deliver_outbox",
    time_limit=DELIVERY_TIME_LIMIT,
    soft_time_limit=DELIVERY_SOFT_TIME_LIMIT,
    acks_late=True,  # as CELERY_TASK_ACKS_LATE: a lost worker's pass is redelivered (and is idempotent)
)
def deliver_outbox(batch: int = 100) -> dict[str, int]:
    """One delivery pass over the outbox (beat every 30 s, and enqueued after each ``notify``).

    Idempotent: it works from the database, so a duplicate or lost task changes nothing but
    timing. Returns the pass's counts (sent, retrying, failed, released, recovered).
    Guarantees and their limit (at least once; a duplicate only if the process dies between
    the gateway's acceptance and the commit of "sent"): see ``firesvc.notifications.delivery``.
    """
    report = outbox_deliver_due(batch=batch, time_budget=DELIVERY_SOFT_TIME_LIMIT - 20)
    return asdict(report)
