"""Thin Celery tasks over the sweep; both idempotent."""

from __future__ import annotations

from celery import shared_task

from firesvc.core.tasks import heartbeat
from firesvc.sla.sweep import sla_sweep as run_sweep


@shared_task(name="firesvc.sla.tasks.sla_sweep", time_limit=120, soft_time_limit=100)
def sla_sweep() -> dict[str, int]:
    """Every minute (beat): reminders at yellow, escalations at red."""
    result = run_sweep()
    heartbeat("sla_sweep")
    return {"yellow": result.yellow, "red": result.red, "notifications": result.notifications}


@shared_task(name="firesvc.sla.tasks.sla_check_clock", time_limit=60, soft_time_limit=50)
def sla_check_clock(clock_id: int) -> dict[str, int]:
    """Fast path for short clocks (minutes): the same sweep, for one clock, when its countdown ends."""
    result = run_sweep(only=[clock_id])
    return {"yellow": result.yellow, "red": result.red, "notifications": result.notifications}
