"""Thin, idempotent Celery tasks of hazards (E6)."""

from __future__ import annotations

from celery import shared_task

from enterprises.safety.services.hazards import rectification_sweep_overdue


@shared_task(name="safety.sweep_overdue_rectifications", time_limit=300, soft_time_limit=270)
def sweep_overdue_rectifications() -> int:
    """Hourly (beat): orders past their deadline escalate and their re-check becomes due (once each)."""
    return rectification_sweep_overdue()
