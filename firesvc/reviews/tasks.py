"""Thin, idempotent tasks of 好差评."""

from __future__ import annotations

from celery import shared_task

from firesvc.reviews.services import reviews_invite_due


@shared_task(name="firesvc.reviews.tasks.invite_unrated", time_limit=600, soft_time_limit=540)
def invite_unrated() -> int:
    """Hourly (beat): invite the raters of cases completed unrated for 3 days; a second run invites no one."""
    return reviews_invite_due()
