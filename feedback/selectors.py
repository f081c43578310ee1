"""Reading patrol teams, consultation questions and the FAQ."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from feedback.enums import ComplaintStatus, QuestionStatus, TeamKind, VisitStatus
from feedback.models import (
    CitizenQuestion,
    Complaint,
    EnforcementAct,
    PatrolTeam,
    Receipt,
    ReturnVisit,
    sees_integrity_about,
)
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.sla.models import Clock


def team_for_grid(grid: OrgUnit) -> PatrolTeam | None:
    """The community patrol (保消巡逻队) covering ``grid``, else the sub-district mobile team (巡消机动队).

    A mobile team that lists the grid wins over one that merely belongs to the grid's sub-district.
    """
    active = PatrolTeam.objects.filter(active=True)
    team = active.filter(kind=TeamKind.COMMUNITY_PATROL, grids=grid).order_by("pk").first()
    if team is not None:
        return team
    team = active.filter(kind=TeamKind.SUBDISTRICT_MOBILE, grids=grid).order_by("pk").first()
    if team is not None:
        return team
    sub = grid.ancestor_of_kind(UnitKind.SUBDISTRICT)
    if sub is None:
        return None
    return active.filter(kind=TeamKind.SUBDISTRICT_MOBILE, unit=sub).order_by("pk").first()


def patrol_teams_for(user: Any, *, kind: str = "", unit: OrgUnit | None = None) -> QuerySet[PatrolTeam]:
    teams = PatrolTeam.objects.visible_to(user).select_related("unit")
    if kind:
        teams = teams.filter(kind=kind)
    if unit is not None:
        teams = teams.filter(unit__path__startswith=unit.path)
    return teams


def open_questions_for(user: Any) -> QuerySet[CitizenQuestion]:
    return (CitizenQuestion.objects.visible_to(user).filter(status=QuestionStatus.OPEN)
            .select_related("community", "point").order_by("created_at", "pk"))


def faq_entries(*, search: str = "") -> QuerySet[CitizenQuestion]:
    entries = CitizenQuestion.objects.published().order_by("-answered_at", "-pk")
    search = search.strip()
    if search:
        entries = entries.filter(Q(faq_question__icontains=search) | Q(faq_answer__icontains=search))
    return entries


# --- Supervision loop (DOMAIN.md B1–B5) -------------------------------------------------------


def receipts_for_enterprise(enterprise: Any, user: Any = None) -> QuerySet[Receipt]:
    """Receipts of the acts concerning ``enterprise``, newest first (for the enterprise timeline).

    The caller decides who may see the enterprise. Receipts flagged 吃拿卡要 are integrity content:
    they are left out unless ``user`` is a discipline supervisor who may read them.
    """
    receipts = Receipt.objects.filter(act__enterprise=enterprise)
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_role(Role.SUPERVISOR):
        receipts = receipts.exclude(integrity_flag=True)
    else:
        receipts = receipts.exclude(Q(integrity_flag=True)
                                    & (Q(act__unit_id=user.unit_id) | Q(act__officers=user)))
    return receipts.select_related("act", "act__unit").order_by("-act__occurred_at", "-pk")


def acts_for(user: Any, *, kind: str = "", search: str = "", unit: OrgUnit | None = None) -> QuerySet[EnforcementAct]:
    acts = EnforcementAct.objects.visible_to(user).select_related(
        "unit", "enterprise", "receipt", "return_visit", "first_error_rule").prefetch_related("officers")
    if kind:
        acts = acts.filter(kind=kind)
    if unit is not None:
        acts = acts.filter(unit__path__startswith=unit.path)
    search = search.strip()
    if search:
        acts = acts.filter(Q(number__icontains=search) | Q(enterprise__name__icontains=search)
                           | Q(person_name__icontains=search) | Q(reference__icontains=search))
    return acts


def complaints_for(user: Any, *, status: str = "", kind: str = "", search: str = "") -> QuerySet[Complaint]:
    """Every list, search, count, export and API of complaints starts here (``visible_to``)."""
    complaints = Complaint.objects.visible_to(user).select_related("unit", "investigator", "act")
    if status:
        complaints = complaints.filter(status=status)
    if kind:
        complaints = complaints.filter(kind=kind)
    search = search.strip()
    if search:
        complaints = complaints.filter(Q(number__icontains=search) | Q(text__icontains=search)
                                       | Q(complainant_name__icontains=search))
    return complaints


def attach_clocks(rows: Sequence[Any]) -> list[Any]:
    """Set ``row.clock`` (the latest clock, pauses prefetched) on each row in two queries."""
    rows = list(rows)
    if not rows:
        return rows
    owner_type = ContentType.objects.get_for_model(rows[0])
    clocks: dict[int, Clock] = {}
    for clock in (Clock.objects.filter(owner_type=owner_type, owner_id__in=[r.pk for r in rows])
                  .select_related("rule").prefetch_related("pauses").order_by("started_at", "pk")):
        clocks[clock.owner_id] = clock
    for row in rows:
        row.clock = clocks.get(row.pk)
    return rows


def review_receipts_for(user: Any) -> QuerySet[Receipt]:
    """Returned, not yet reviewed receipts: integrity flags first, then the lowest ratings."""
    return (Receipt.objects.rating_visible_to(user).filter(rated_at__isnull=False, reviewed_at__isnull=True)
            .select_related("act", "act__unit", "act__enterprise")
            .order_by("-integrity_flag", "overall", "rated_at", "pk"))


def review_visits_for(user: Any) -> QuerySet[ReturnVisit]:
    """Finished, not yet reviewed visit records: lowest satisfaction first, unreached ones last."""
    return (ReturnVisit.objects.visible_to(user).exclude(status=VisitStatus.DUE).filter(reviewed_at__isnull=True)
            .select_related("act", "act__unit", "act__enterprise", "done_by")
            .order_by(F("satisfaction").asc(nulls_last=True), "done_at", "pk"))


def open_complaints_for(user: Any) -> QuerySet[Complaint]:
    """Complaints not yet closed: integrity reports first, then the oldest."""
    return (complaints_for(user).exclude(status=ComplaintStatus.CLOSED)
            .order_by("-kind", "status", "created_at", "pk"))


def visits_due_for(user: Any) -> QuerySet[ReturnVisit]:
    return (ReturnVisit.objects.visible_to(user).filter(status=VisitStatus.DUE)
            .select_related("act", "act__unit", "act__enterprise").prefetch_related("attempts")
            .order_by("due_at", "pk"))


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
    complaints: int = 0

    @property
    def return_rate(self) -> float | None:
        return round(100 * self.returned / self.acts, 1) if self.acts else None


BOARD_COLUMNS = ["acts", "returned", "visits_due", "visits_done", "visits_overdue", "satisfaction", "complaints"]


def _act_counts(prefix: str, now: datetime) -> dict[str, Any]:
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
        "avg_overall": Avg(f"{p}receipt__overall"),
    }


def _fill(row: BoardRow, data: dict[str, Any]) -> None:
    row.acts, row.returned, row.visits = data["n_acts"], data["n_returned"], data["n_visits"]
    row.visits_due, row.visits_done, row.visits_overdue = data["n_due"], data["n_done"], data["n_overdue"]
    row.satisfaction = round(float(data["avg_overall"]), 2) if data["avg_overall"] is not None else None


def coverage_board(user: Any, *, start: date, end: date, now: datetime | None = None) -> dict[str, list[BoardRow]]:
    """Acts of ``start``–``end`` (inclusive) per unit and per officer, with receipts returned, visits
    due / done / overdue, mean rating and complaints (those the user may see). Four queries."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    acts = EnforcementAct.objects.visible_to(user).filter(occurred_at__gte=lo, occurred_at__lt=hi)
    units: dict[int, BoardRow] = {}
    for data in acts.values("unit", "unit__name").annotate(**_act_counts("", now)).order_by("unit__path"):
        row = units[data["unit"]] = BoardRow(key=data["unit"], label=data["unit__name"])
        _fill(row, data)
    through = EnforcementAct.officers.through
    officers: dict[int, BoardRow] = {}
    for data in (through.objects.filter(enforcementact__in=acts)
                 .values("user", "user__full_name", "user__username")
                 .annotate(**_act_counts("enforcementact__", now)).order_by("user__full_name", "user")):
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


def rating_shown(user: Any, act: EnforcementAct) -> bool:
    """Whether the act's receipt rating may be shown to ``user``: a 吃拿卡要 flag is integrity content."""
    receipt = getattr(act, "receipt", None)
    if receipt is None or not receipt.integrity_flag:
        return True
    return sees_integrity_about(user, unit_id=act.unit_id, officer_ids=[o.pk for o in act.officers.all()])
