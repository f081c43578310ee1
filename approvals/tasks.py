"""Celery tasks of the approvals app: thin, idempotent wrappers over services (run by beat)."""

from __future__ import annotations

from celery import shared_task

from approvals.services import intake
from approvals.services.appointments import appointment_reminders_send


@shared_task(name="approvals.tasks.send_appointment_reminders", time_limit=300, soft_time_limit=240)
def send_appointment_reminders() -> int:
    """Hourly (beat, minute 5): remind tomorrow's bookings once (A9). Returns how many were handled."""
    return appointment_reminders_send()


@shared_task(name="approvals.tasks.deem_overdue_intakes", time_limit=300, soft_time_limit=240)
def deem_overdue_intakes() -> int:
    """Every 5 minutes (beat): 行政许可法 §32, submissions without a notice in time count as accepted."""
    return intake.deem_overdue_intakes()
