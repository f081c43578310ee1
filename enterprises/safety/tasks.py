"""Thin, idempotent Celery tasks of hazards (E6)."""

from __future__ import annotations

from celery import shared_task

from enterprises.safety.services.hazards import hazard_sweep_unreported_major, rectification_sweep_overdue


@shared_task(name="safety.sweep_overdue_rectifications", time_limit=300, soft_time_limit=270)
def sweep_overdue_rectifications() -> int:
    """Hourly (beat): orders past their deadline escalate and their re-check becomes due (once each)."""
    return rectification_sweep_overdue()


@shared_task(name="safety.remind_unreported_major_hazards", time_limit=300, soft_time_limit=270)
def remind_unreported_major_hazards() -> int:
    """Hourly (beat): confirmed major hazards not reported to the government in time remind the approvers (once)."""
    return hazard_sweep_unreported_major()
