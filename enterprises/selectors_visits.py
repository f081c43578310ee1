"""Reading visits (E3): the overdue list, computed in SQL from each enterprise's tier and last visit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Case,
    DateField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from enterprises.enums import DEFAULT_VISIT_INTERVAL_DAYS, VisitTier
from enterprises.models import Enterprise
from enterprises.services_visits import configured_intervals, interval_days, next_visit_due


def key_unit_q() -> Q:
    """Key fire-safety units: the registry's flag, which the safety app's designation services keep in step."""
    return Q(is_key_unit=True)


def _tier_conditions() -> list[tuple[str, Q]]:
    # The conditions exclude each other, so a brigade's override of one tier never catches another tier.
    key = key_unit_q()
    return [(VisitTier.KEY_UNIT, key)] + [(tier, ~key & Q(risk_tier=tier))
                                          for tier in (VisitTier.HIGH, VisitTier.MEDIUM, VisitTier.LOW)]


def with_visit_status(queryset: QuerySet[Enterprise], *, today: datetime.date | None = None) -> QuerySet[Enterprise]:
    """Annotate ``visit_tier``, ``last_visited_on``, ``planned_for`` (from ``VisitSchedule``, one join),
    ``reference_date`` (last visit or registration) and ``overdue_from`` (the reference dates before it
    are overdue). The cut-off dates are computed here, one per tier and brigade override, so the database
    compares dates and never does date arithmetic."""
    today = today or timezone.localdate()
    intervals = configured_intervals()
    tiers = _tier_conditions()
    overrides = [
        When(Q(brigade_id=unit_id) & condition, then=Value(today - datetime.timedelta(days=days)))
        for (unit_id, tier), days in intervals.items() if unit_id is not None
        for code, condition in tiers if code == tier
    ]
    defaults = [
        When(condition, then=Value(today - datetime.timedelta(
            days=intervals.get((None, code)) or DEFAULT_VISIT_INTERVAL_DAYS[code])))
        for code, condition in tiers
    ]
    return queryset.annotate(
        visit_tier=Case(*[When(condition, then=Value(code)) for code, condition in tiers],
                        default=Value(VisitTier.LOW)),
        last_visited_on=F("visit_schedule__last_visited_on"),
        planned_for=F("visit_schedule__planned_for"),
        reference_date=Coalesce(F("last_visited_on"), TruncDate("created_at"), output_field=DateField()),
        overdue_from=Case(*overrides, *defaults, default=Value(today), output_field=DateField()),
    )


def overdue_enterprises(user: Any, *, today: datetime.date | None = None, tier: str = "",
                        planned: str = "") -> QuerySet[Enterprise]:
    """Enterprises in ``user``'s scope whose next visit per their tier is past, longest overdue first.

    ``tier``: only that tier; ``planned``: "yes" only those with a planned visit, "no" only those without.
    """
    queryset = with_visit_status(Enterprise.objects.visible_to(user), today=today).filter(
        reference_date__lt=F("overdue_from"))
    if tier in VisitTier.values:
        queryset = queryset.filter(visit_tier=tier)
    if planned == "yes":
        queryset = queryset.filter(planned_for__isnull=False)
    elif planned == "no":
        queryset = queryset.filter(planned_for__isnull=True)
    return queryset.select_related("brigade", "grid").order_by("reference_date", "pk")


def add_due_dates(enterprises: Iterable[Enterprise], *, today: datetime.date | None = None) -> list[Enterprise]:
    """Set ``next_visit_due`` and ``days_overdue`` on annotated enterprises of one page (no queries but one)."""
    today = today or timezone.localdate()
    intervals = configured_intervals()
    rows = list(enterprises)
    for row in rows:
        days = interval_days(intervals, brigade_id=row.brigade_id, tier=row.visit_tier)  # type: ignore[attr-defined]
        row.next_visit_due = next_visit_due(  # type: ignore[attr-defined]
            last_visited_on=row.last_visited_on, interval=days,  # type: ignore[attr-defined]
            registered_on=timezone.localtime(row.created_at).date())
        row.days_overdue = (today - row.next_visit_due).days  # type: ignore[attr-defined]
    return rows
