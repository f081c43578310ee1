"""Periodic check that next year's official calendar has been entered (DOMAIN.md C2)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from firesvc.accounts.roles import Role
from firesvc.workcalendar.selectors import missing_years, missing_years_message

logger = logging.getLogger(__name__)


def active_administrators() -> QuerySet[Any]:
    return get_user_model().objects.filter(
        Q(groups__name=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True).distinct().order_by("pk")


@shared_task(name="firesvc.workcalendar.tasks.check_next_year_calendar", time_limit=60, soft_time_limit=50)
def check_next_year_calendar(today: str | None = None) -> list[int]:
    """Warn administrators about missing calendar years; returns those years.

    From 1 November: next year, if its State Council notice has not been entered; any day:
    the current year, if it is still provisional. Logs a warning and, once the notifications
    app provides ``notify``, sends each active administrator one notice per year (its
    ``dedupe_key`` makes daily re-runs no-ops). ``today`` (ISO date) is for manual runs and tests.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    years = missing_years(day)
    if not years:
        return []
    logger.warning("working-day calendar missing for %s: deadlines there are provisional (Mon–Fri) "
                   "until an administrator loads the State Council notice (manage.py load_holidays)",
                   ", ".join(map(str, years)))
    try:  # built at the same time by another team; until it exists the log line is the warning
        from firesvc.notifications.services import notify
    except ImportError:
        return years
    url = reverse("workcalendar:overview")
    with translation.override(settings.LANGUAGE_CODE):
        for year in years:
            title = _("The working-day calendar for %(year)d is missing") % {"year": year}
            body = missing_years_message([year])
            for user in active_administrators():
                notify(recipient=user, kind="calendar_missing", title=title, body=body, url=f"{url}?year={year}",
                       dedupe_key=f"calendar-missing-{year}-{user.pk}")
    return years
