"""Reading hazard reports: the duty officer's queue, the reporter's steps, patrol cover, Open311 lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.hazard_reports.enums import OPEN_STATUSES, ReportStatus
from feedback.hazard_reports.models import HazardReport
from feedback.models import PatrolTeam
from feedback.selectors.patrols import team_for_grid
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock


def duty_queue(user: Any) -> QuerySet[HazardReport]:
    """Open reports the user may handle, new ones first, the oldest deadline first."""
    return (HazardReport.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
            .order_by("status", "ack_due_at", "created_at"))


@dataclass(frozen=True, slots=True)
class DutyRow:
    """What the duty view prints of an open report: its own columns and its places' names, no model."""

    pk: int
    status: str
    category: str
    created_at: datetime
    ack_due_at: datetime | None
    escalated_at: datetime | None
    address: str
    subdistrict_name: str
    community_name: str | None
    grid_id: int | None
    grid_name: str | None

    @property
    def place(self) -> str:
        """The community (the sub-district when there is none), then the grid."""
        place = self.community_name or self.subdistrict_name
        return f"{place} / {self.grid_name}" if self.grid_id is not None else place


_DUTY_ROW_FIELDS = ("pk", "status", "category", "created_at", "ack_due_at", "escalated_at", "address",
                    "subdistrict__name", "community__name", "grid_id", "grid__name")


def duty_rows(user: Any, limit: int = 200) -> list[DutyRow]:
    """The duty queue as rows of the columns the live view prints (it is re-read every few seconds)."""
    return [DutyRow(*values) for values in duty_queue(user).values_list(*_DUTY_ROW_FIELDS)[:limit]]


@dataclass(frozen=True, slots=True)
class ClosedRow:
    pk: int
    address: str
    closed_at: datetime | None


def recently_closed(user: Any, limit: int = 10) -> list[ClosedRow]:
    return [ClosedRow(*values) for values in HazardReport.objects.visible_to(user).filter(status=ReportStatus.CLOSED)
            .order_by("-closed_at").values_list("pk", "address", "closed_at")[:limit]]


def seconds_left(report: HazardReport | DutyRow, now: datetime | None = None) -> int | None:
    """Seconds to the ten-minute deadline of a new report (negative when overdue)."""
    if report.status != ReportStatus.NEW or report.ack_due_at is None:
        return None
    return int((report.ack_due_at - (now or timezone.now())).total_seconds())


def clocks_of(report: HazardReport) -> list[Clock]:
    return list(Clock.objects.for_owner(report).select_related("rule").order_by("started_at", "pk"))


def expected_datetime(report: HazardReport) -> datetime | None:
    """When the next promised step is due: the earliest running clock's deadline (Open311)."""
    clock = (Clock.objects.for_owner(report).filter(status=ClockStatus.RUNNING).order_by("due_at").first())
    return clock.due_at if clock else None


def covering_team(report: HazardReport) -> PatrolTeam | None:
    return team_for_grid(report.grid) if report.grid_id else None


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime | None
    detail: str = ""


def public_steps(report: HazardReport) -> list[Step]:
    """What the reporter sees: each step done so far (a linked report shows the first report's)."""
    steps = [Step(_("Report received"), report.created_at)]
    if report.acknowledged_at:
        steps.append(Step(_("Acknowledged by the duty officer"), report.acknowledged_at))
    if report.escalated_at and not report.acknowledged_at:
        steps.append(Step(_("Passed to the fire brigade for attention"), report.escalated_at))
    if report.dispatched_at:
        steps.append(Step(_("Passed to: %(target)s") % {"target": report.get_dispatch_target_display()},
                          report.dispatched_at))
    if report.verified_at:
        steps.append(Step(_("Checked on site: %(result)s") % {"result": report.get_verification_outcome_display()},
                          report.verified_at))
    if report.closed_at:
        steps.append(Step(_("Closed with a reply"), report.closed_at, report.reply))
    return steps


def status_notes(report: HazardReport) -> str:
    """One line for Open311's ``status_notes``."""
    if report.status == ReportStatus.LINKED and report.duplicate_of_id:
        return _("Duplicate of request %(id)s.") % {"id": report.duplicate_of_id}
    if report.status == ReportStatus.CLOSED:
        return report.reply
    return str(public_steps(report)[-1].label)


def open311_requests(*, ids: list[int] | None = None, service_codes: list[str] | None = None,
                     start: datetime | None = None, end: datetime | None = None, statuses: list[str] | None = None,
                     limit: int = 1000) -> list[HazardReport]:
    """Requests for Open311's GET requests: any of ``service_codes``, any of ``statuses`` (open, closed)."""
    rows = HazardReport.objects.select_related("subdistrict").order_by("-created_at")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    if service_codes:
        rows = rows.filter(category__in=service_codes)
    if start:
        rows = rows.filter(created_at__gte=start)
    if end:
        rows = rows.filter(created_at__lte=end)
    wanted = set(statuses or ()) & {"open", "closed"}
    if wanted == {"open"}:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif wanted == {"closed"}:
        rows = rows.exclude(status__in=OPEN_STATUSES)
    return list(rows[:limit])
