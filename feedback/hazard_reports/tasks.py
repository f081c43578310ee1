"""Thin, idempotent tasks over the escalation sweep of hazard reports (B6)."""

from __future__ import annotations

from celery import shared_task

from feedback.hazard_reports.services.reports import hazard_reports_escalate_due


@shared_task(name="hazard_reports.escalate_unacknowledged", time_limit=120, soft_time_limit=100)
def escalate_unacknowledged() -> int:
    """Every minute (beat): reports not acknowledged within ten minutes go up the organisation tree."""
    return len(hazard_reports_escalate_due())


@shared_task(name="hazard_reports.check_escalation", time_limit=60, soft_time_limit=50)
def hazard_report_check_escalation(report_id: int) -> int:
    """Accelerator queued at submission with a ten-minute countdown; the beat sweep is the guarantee."""
    return len(hazard_reports_escalate_due(only=[report_id]))
