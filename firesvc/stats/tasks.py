from __future__ import annotations

from celery import shared_task

from firesvc.stats.services import stats_rollup_recent


@shared_task(name="firesvc.stats.rollup", time_limit=1800, soft_time_limit=1700)
def rollup() -> int:
    """Nightly: roll up every day up to yesterday (idempotent; re-covers the last 45 days)."""
    return stats_rollup_recent()
