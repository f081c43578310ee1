"""Reading visits (E3): the overdue list, an index range scan over ``Enterprise.next_visit_due``.

The due date is stored on the enterprise (kept by the services in ``enterprises.services.visits``), so the list is
"due before today, in due-date order" within the user's scope: the database walks an index instead of
computing every enterprise's tier, interval and last visit on each request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from enterprises.enums import VisitTier
from enterprises.models import Enterprise, VisitSchedule
from enterprises.services.visits import visit_tier
from enterprises.visit_due import tier_conditions


def key_unit_q() -> Q:
    """Key fire-safety units: the registry's flag, which the safety app's designation services keep in step."""
    return Q(is_key_unit=True)


def overdue_enterprises(user: Any, *, today: datetime.date | None = None, tier: str = "",
                        planned: str = "") -> QuerySet[Enterprise]:
    """Enterprises in ``user``'s scope whose next visit per their tier is past, longest overdue first.

    ``tier``: only that tier; ``planned``: "yes" only those with a planned visit, "no" only those without.
    """
    today = today or timezone.localdate()
    queryset = Enterprise.objects.visible_to(user).filter(next_visit_due__lt=today)
    if tier in VisitTier.values:
        queryset = queryset.filter(dict(tier_conditions())[tier])
    if planned == "yes":
        queryset = queryset.filter(visit_schedule__planned_for__isnull=False)
    elif planned == "no":
        queryset = queryset.filter(visit_schedule__planned_for__isnull=True)  # no schedule row: nothing planned
    return queryset.select_related("brigade", "grid", "visit_schedule").order_by("next_visit_due", "pk")


# Beyond this the list says "more than 1,000": counting a city's every overdue row costs more than the page.
COUNT_CAP = 1000
PAGE_SIZE = 25


@dataclass(frozen=True)
class OverduePage:
    rows: list[Enterprise]
    next_cursor: str | None
    total: int  # at most COUNT_CAP
    more_than_total: bool


def encode_overdue_cursor(enterprise: Enterprise) -> str:
    return f"{enterprise.next_visit_due:%Y-%m-%d}.{enterprise.pk}"


def decode_overdue_cursor(cursor: str) -> tuple[datetime.date, int] | None:
    """The keyset position (due date, id) of a cursor, or None for a malformed one (the first page is shown)."""
    try:
        day, pk = cursor.split(".")
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def overdue_page(user: Any, *, today: datetime.date | None = None, tier: str = "", planned: str = "",
                 cursor: str = "", page_size: int = PAGE_SIZE) -> OverduePage:
    """One page of ``overdue_enterprises`` after ``cursor`` (keyset on due date and id: no OFFSET, so page 400
    costs what page 1 costs), with the count of the whole list up to ``COUNT_CAP``. Three queries."""
    today = today or timezone.localdate()
    queryset = overdue_enterprises(user, today=today, tier=tier, planned=planned)
    counted = queryset.values("pk").order_by()[:COUNT_CAP + 1].count()
    position = decode_overdue_cursor(cursor) if cursor else None
    if position is not None:
        day, pk = position
        queryset = queryset.filter(Q(next_visit_due__gt=day) | Q(next_visit_due=day, pk__gt=pk))
    rows = list(queryset[:page_size + 1])
    next_cursor = encode_overdue_cursor(rows[page_size - 1]) if len(rows) > page_size else None
    return OverduePage(rows=add_due_dates(rows[:page_size], today=today), next_cursor=next_cursor,
                       total=min(counted, COUNT_CAP), more_than_total=counted > COUNT_CAP)


def _schedule(enterprise: Enterprise) -> VisitSchedule | None:
    try:
        return enterprise.visit_schedule
    except VisitSchedule.DoesNotExist:
        return None


def add_due_dates(enterprises: Iterable[Enterprise], *, today: datetime.date | None = None) -> list[Enterprise]:
    """Set ``visit_tier``, ``last_visited_on``, ``planned_for`` and ``days_overdue`` on the enterprises of one
    page of ``overdue_enterprises`` (no queries: the schedule is joined)."""
    today = today or timezone.localdate()
    rows = list(enterprises)
    for row in rows:
        schedule = _schedule(row)
        row.visit_tier = visit_tier(is_key_unit=row.is_key_unit, risk_tier=row.risk_tier)  # type: ignore[attr-defined]
        row.last_visited_on = schedule.last_visited_on if schedule else None  # type: ignore[attr-defined]
        row.planned_for = schedule.planned_for if schedule else None  # type: ignore[attr-defined]
        row.days_overdue = (today - row.next_visit_due).days if row.next_visit_due else 0  # type: ignore
    return rows


@dataclass(frozen=True)
class VisitStatus:
    """One enterprise's visit position, for the timeline's header line."""

    last_visited_on: datetime.date | None
    planned_for: datetime.date | None
    next_visit_due: datetime.date | None
    days_overdue: int


def visit_status_of(enterprise: Enterprise, *, today: datetime.date | None = None) -> VisitStatus:
    """Last visit, planned visit and due date of ``enterprise`` (one query: its schedule row)."""
    today = today or timezone.localdate()
    schedule = VisitSchedule.objects.filter(enterprise=enterprise).first()
    due = enterprise.next_visit_due
    return VisitStatus(last_visited_on=schedule.last_visited_on if schedule else None,
                       planned_for=schedule.planned_for if schedule else None, next_visit_due=due,
                       days_overdue=(today - due).days if due else 0)
