"""Reading return visits (B3) that are due."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from feedback.enums import VisitStatus
from feedback.models import ReturnVisit


def visits_due_for(user: Any) -> QuerySet[ReturnVisit]:
    return (ReturnVisit.objects.visible_to(user).filter(status=VisitStatus.DUE)
            .select_related("act", "act__unit", "act__enterprise").prefetch_related("attempts")
            .order_by("due_at", "pk"))

