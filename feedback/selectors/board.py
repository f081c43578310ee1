"""The coverage board (执法监督看板): acts, receipts, visits, ratings and complaints per unit and officer.

A mean rating counts only the receipts whose rating the viewer may read (``Receipt.objects.rating_visible_to``,
the rule of ``sees_integrity_about``): a unit's own supervisors and an act's officers see no mean of those acts,
so a row without one (the viewer's own unit, the viewer as an officer) shows no figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from feedback.enums import VisitStatus
from feedback.models import Complaint, EnforcementAct, Receipt


@dataclass
class BoardRow:
    key: int
    label: str
    acts: int = 0
    returned: int = 0
    visits: int = 0
    visits_due: int = 0
    visits_done: int = 0
    visits_overdue: int = 0
    satisfaction: float | None = None
    rating_shown: bool = False  # some of the row's acts have a rating the viewer may read
    complaints: int = 0

    @property
    def return_rate(self) -> float | None:
        return round(100 * self.returned / self.acts, 1) if self.acts else None


BOARD_COLUMNS = ["acts", "returned", "visits_due", "visits_done", "visits_overdue", "satisfaction", "complaints"]


def _act_counts(prefix: str, now: datetime, shown: QuerySet[Receipt]) -> dict[str, Any]:
    """The row's figures; the mean rating over the receipts in ``shown`` only (their ratings are readable)."""
    p = prefix
    return {
        "n_acts": Count(f"{p}pk", distinct=True),
        "n_returned": Count(f"{p}receipt", filter=Q(**{f"{p}receipt__rated_at__isnull": False}), distinct=True),
        "n_visits": Count(f"{p}return_visit", distinct=True),
        "n_due": Count(f"{p}return_visit", filter=Q(**{f"{p}return_visit__status": VisitStatus.DUE}), distinct=True),
        "n_done": Count(f"{p}return_visit", filter=Q(**{f"{p}return_visit__status__in": [
            VisitStatus.DONE, VisitStatus.UNREACHED]}), distinct=True),
        "n_overdue": Count(f"{p}return_visit", filter=Q(**{f"{p}return_visit__status": VisitStatus.DUE,
                                                           f"{p}return_visit__due_at__lt": now}), distinct=True),
        "avg_overall": Avg(f"{p}receipt__overall", filter=Q(**{f"{p}receipt__in": shown})),
        "n_rating_shown": Count(f"{p}receipt", filter=Q(**{f"{p}receipt__in": shown}), distinct=True),
    }


def _fill(row: BoardRow, data: dict[str, Any]) -> None:
    row.acts, row.returned, row.visits = data["n_acts"], data["n_returned"], data["n_visits"]
    row.visits_due, row.visits_done, row.visits_overdue = data["n_due"], data["n_done"], data["n_overdue"]
    row.rating_shown = data["n_rating_shown"] > 0
    row.satisfaction = round(float(data["avg_overall"]), 2) if data["avg_overall"] is not None else None


def ratings_shown(board: dict[str, Any]) -> bool:
    """Whether the board has a mean-rating column at all: some row's ratings may be read by the viewer."""
    return any(row.rating_shown for level in ("units", "officers") for row in board[level])


def coverage_board(user: Any, *, start: date, end: date, now: datetime | None = None) -> dict[str, list[BoardRow]]:
    """Acts of ``start``–``end`` (inclusive) per unit and per officer, with receipts returned, visits
    due / done / overdue, mean rating (of the ratings the user may read) and complaints (those the user may
    see). Four queries."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    acts = EnforcementAct.objects.visible_to(user).filter(occurred_at__gte=lo, occurred_at__lt=hi)
    shown = Receipt.objects.rating_visible_to(user).values("pk")
    units: dict[int, BoardRow] = {}
    for data in acts.values("unit", "unit__name").annotate(**_act_counts("", now, shown)).order_by("unit__path"):
        row = units[data["unit"]] = BoardRow(key=data["unit"], label=data["unit__name"])
        _fill(row, data)
    through = EnforcementAct.officers.through
    officers: dict[int, BoardRow] = {}
    for data in (through.objects.filter(enforcementact__in=acts)
                 .values("user", "user__full_name", "user__username")
                 .annotate(**_act_counts("enforcementact__", now, shown)).order_by("user__full_name", "user")):
        row = officers[data["user"]] = BoardRow(key=data["user"],
                                                label=data["user__full_name"] or data["user__username"])
        _fill(row, data)
    complaints = Complaint.objects.visible_to(user).filter(created_at__gte=lo, created_at__lt=hi)
    for data in complaints.values("unit", "unit__name").annotate(n=Count("pk")).order_by():
        row = units.setdefault(data["unit"], BoardRow(key=data["unit"], label=data["unit__name"]))
        row.complaints = data["n"]
    officer_complaints = (Complaint.subject_officers.through.objects.filter(complaint__in=complaints)
                          .values("user", "user__full_name", "user__username").annotate(n=Count("complaint"))
                          .order_by())
    for data in officer_complaints:
        row = officers.setdefault(data["user"], BoardRow(
            key=data["user"], label=data["user__full_name"] or data["user__username"]))
        row.complaints = data["n"]
    return {"units": list(units.values()), "officers": list(officers.values())}

