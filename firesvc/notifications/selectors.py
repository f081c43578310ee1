"""Reading notifications and preferences."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from firesvc.notifications.models import Notification, NotificationPreference


def preference_for(*, user: Any) -> NotificationPreference:
    """The user's saved preferences, or an unsaved row with the defaults (nothing is written)."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user, **NotificationPreference.DEFAULTS)


def inbox_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    qs = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, user: Any) -> int:
    """One COUNT over the partial index of unread rows (the bar shows it on every page)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
