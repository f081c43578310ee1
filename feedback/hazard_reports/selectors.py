"""Reading hazard reports: the duty officer's queue, the reporter's steps, patrol cover, Open311 lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.safety.enums import AttachmentKind, HazardStatus
from enterprises.safety.models import Hazard, HazardAttachment, RectificationOrder
from feedback.hazard_reports.enums import OPEN_STATUSES, HazardCategory, ReportStatus
from feedback.hazard_reports.models import (
    TRACKING_ALPHABET,
    TRACKING_CODE_LENGTH,
    HazardReport,
    normalise_tracking_code,
)
from feedback.models import PatrolTeam
from feedback.selectors.patrols import team_for_grid
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.selectors import clock_rule_names

# The check on site's clocks (``services.reports.VERIFY_RULE``, ``VERIFY_URGENT_RULE``): their rules' names tell
# the two limits apart ("举报核查(其他)"), which reads as the report's category; the pages name them by it.
VERIFY_RULES = ("hazard_report.verify", "hazard_report.verify_urgent")


def duty_queue(user: Any) -> QuerySet[HazardReport]:
    """Open reports the user may handle, new ones first, the oldest deadline first; also reports folded
    into an earlier one by the former rule (status "linked"), which nobody handles until unlinked."""
    return (HazardReport.objects.visible_to(user).filter(status__in=[*OPEN_STATUSES, ReportStatus.LINKED])
            .order_by("status", "ack_due_at", "created_at"))


def reports_by(user: Any) -> QuerySet[HazardReport]:
    """The reports a signed-in user sent themselves (``reporter``), newest first: a grid manager's own
    reports, on his desk and his list. Each is followed on its tracking page, like a resident's."""
    if not getattr(user, "is_authenticated", False):
        return HazardReport.objects.none()
    return (HazardReport.objects.filter(reporter=user).select_related("community", "grid")
            .only("pk", "tracking_code", "category", "status", "address", "created_at", "community__name",
                  "grid__name")
            .order_by("-created_at", "-pk"))


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
    duplicate_of_id: int | None
    suggested_duplicate_of_id: int | None

    @property
    def place(self) -> str:
        """The community (the sub-district when there is none), then the grid."""
        place = self.community_name or self.subdistrict_name
        return f"{place} / {self.grid_name}" if self.grid_id is not None else place


_DUTY_ROW_FIELDS = ("pk", "status", "category", "created_at", "ack_due_at", "escalated_at", "address",
                    "subdistrict__name", "community__name", "grid_id", "grid__name", "duplicate_of_id",
                    "suggested_duplicate_of_id")


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


def report_clock_names(clocks: list[Clock]) -> dict[int, str]:
    """Hazard reports' clocks of the check on site by clock id, named by the report's own category ("举报核查
    (电气线路隐患)"), never by the rule's internal split; registered with ``firesvc.sla.hooks.on_clock_names``,
    so the report's page, its timeline and the time-limit board say the same. One query however many clocks."""
    verify = [clock for clock in clocks if clock.rule.code in VERIFY_RULES]
    if not verify:
        return {}
    categories = dict(HazardReport.objects.filter(pk__in={clock.owner_id for clock in verify})
                      .values_list("pk", "category"))
    labels = dict(HazardCategory.choices)
    names = {}
    for clock in verify:
        category = categories.get(clock.owner_id)
        names[clock.pk] = (_("Check of the report (%(category)s)") % {"category": labels[category]}
                           if category in labels else _("Check of the report"))
    return names


@dataclass(frozen=True)
class ClockCard:
    """A clock's card on the report's page: what it is called, and what its stop says when that is not "this
    step was completed" (the check on site's clock stopped by closing the report without one)."""

    clock: Clock
    title: str
    stopped: str = ""


def clock_cards(report: HazardReport, clocks: list[Clock]) -> list[ClockCard]:
    names = clock_rule_names(clocks)
    unchecked = report.verified_at is None
    return [ClockCard(clock, names[clock.pk], _("Closed without a check on site")
                      if unchecked and clock.stopped_at is not None and clock.rule.code in VERIFY_RULES else "")
            for clock in clocks]


@dataclass(frozen=True)
class AcknowledgementDue:
    """What the reporter is told while the report waits for the duty officer: ``state`` is "due" (before
    ``at``, the ten-minute deadline), "late" (the deadline passed, the escalation not yet made) or "escalated"
    (passed to the unit above at ``at``)."""

    state: str
    at: datetime


def acknowledgement_due(report: HazardReport, now: datetime | None = None) -> AcknowledgementDue | None:
    """None once the report was acknowledged (or is not waiting for it)."""
    if report.status != ReportStatus.NEW or report.acknowledged_at is not None:
        return None
    if report.escalated_at is not None:
        return AcknowledgementDue("escalated", report.escalated_at)
    if report.ack_due_at is None:
        return None
    return AcknowledgementDue("due" if (now or timezone.now()) < report.ack_due_at else "late", report.ack_due_at)


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
    """What the reporter sees: each step of their own report done so far."""
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
        label = _("Closed with a reply") if report.verified_at else _("Closed with a reply, without a check on site")
        steps.append(Step(label, report.closed_at, report.reply))
    return steps


@dataclass(frozen=True)
class FoldedHandling:
    """What the reporter of a report folded into another by the former rule (status "linked") is told of that
    report's handling, which stands for theirs: its steps, its check on site and when it was completed; never
    its reporter, its text or the reply written to its reporter."""

    steps: list[Step]
    outcome: str  # once completed: the result of the check on site, or that there was none
    completed_at: datetime | None


def folded_handling(report: HazardReport) -> FoldedHandling | None:
    """The handling of the report ``report`` was folded into (``duplicate_of``, loaded), or None when it was
    not folded (a report only linked keeps its own handling)."""
    original = report.duplicate_of if report.status == ReportStatus.LINKED else None
    if original is None:
        return None
    steps = public_steps(original)[1:]  # from its acknowledgement: it was received from someone else
    if original.closed_at:  # its last step, without the reply written to the other reporter
        steps[-1] = Step(_("Handling completed"), original.closed_at)
    outcome = ""
    if original.closed_at:
        outcome = (original.get_verification_outcome_display() if original.verification_outcome
                   else _("Closed after the duty officer's assessment, without a check on site"))
    return FoldedHandling(steps=steps, outcome=outcome, completed_at=original.closed_at)


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


def report_for_code(code: str, queryset: QuerySet[HazardReport] | None = None) -> HazardReport | None:
    """The report of a tracking code as the reporter typed it (the lookup for one who lost the link): in any
    case, with spaces or hyphens, O for 0 and I or L for 1. One probe of the unique index of the codes'
    normal form whether or not the code exists."""
    key = normalise_tracking_code(code)
    if not key or len(key) > 20:
        key = "~"  # no code has it; still one query, so an unknown code answers as fast as a known one
    rows = HazardReport.objects.all() if queryset is None else queryset
    # No ORDER BY (``first()`` would add one): the key is unique.
    return next(iter(rows.filter(tracking_key=key).order_by()[:1]), None)


def looks_like_tracking_code(text: str) -> bool:
    """Whether ``text`` has the shape of a hazard report's tracking code (``new_tracking_code``) as typed: 15
    characters of its alphabet once normalised. A case number (SY-TX-2026-000011) or an application's query
    code (7KQ4-MX2P) has not."""
    key = normalise_tracking_code(text)
    return len(key) == TRACKING_CODE_LENGTH and all(ch in TRACKING_ALPHABET for ch in key)


def report_for_typed_code(*texts: str) -> HazardReport | None:
    """The report whose tracking code is one of ``texts`` (what was typed into another lookup's fields, the
    case lookup's), trying only those of a tracking code's shape; None when none is."""
    for text in texts:
        if looks_like_tracking_code(text):
            row = report_for_code(text)
            if row is not None:
                return row
    return None


def reopened_for(user: Any) -> QuerySet[HazardReport]:
    """Reports a reporter rated dissatisfied, waiting for a supervisor's review, in the user's scope."""
    return (HazardReport.objects.visible_to(user).filter(status=ReportStatus.REOPENED)
            .select_related("subdistrict").order_by("rated_at"))


@dataclass(frozen=True)
class PublicRecheck:
    at: datetime
    passed: bool
    photo_ids: tuple[int, ...]


@dataclass(frozen=True)
class PublicChain:
    """What followed a report in fire supervision, as the reporter may see it: no names, no enterprise, no
    internal findings."""

    hazard_recorded_at: datetime
    hazard_status: str
    order_number: str
    order_issued_at: datetime | None
    order_due: date | None
    rechecks: tuple[PublicRecheck, ...]
    checked_at: datetime | None = None  # when the check was completed, if ``hazard_status`` says so
    order_at_once: bool = False  # an order to correct immediately (责令立即改正): no date to rectify by


# What the reporter is told of the hazard's stage: what the fire service is doing, never an internal step that
# announces an act (an order is issued only after the inspectors have found the hazard on site).
_PUBLIC_HAZARD_STAGE = {
    HazardStatus.MAJOR_REVIEW: gettext_lazy("Being checked by fire supervision"),
    HazardStatus.RECORDED: gettext_lazy("Being checked by fire supervision"),
    HazardStatus.ORDERED: gettext_lazy("Rectification ordered"),
    HazardStatus.RECHECK: gettext_lazy("Rectification reported; awaiting re-check"),
    HazardStatus.ELIMINATED: gettext_lazy("Hazard eliminated"),
}
# Stages that say the check is still going on: once the duty officer has recorded the check's result (and
# closed the report), the reporter's page must not say so any more.
_CHECKING = (HazardStatus.MAJOR_REVIEW, HazardStatus.RECORDED)


def public_hazard_stage(*, hazard_status: str, verified_at: datetime | None,
                        closed_at: datetime | None) -> tuple[str, datetime | None]:
    """What the reporter is told of the hazard's stage, and the date to show with it (None: no date). A
    hazard still waiting in fire supervision reads as checked once the report's check was recorded."""
    checked_at = verified_at or closed_at
    if hazard_status in _CHECKING and checked_at is not None:
        return str(_("Check completed")), checked_at
    return str(_PUBLIC_HAZARD_STAGE[hazard_status]), None


def public_chain(report: HazardReport) -> PublicChain | None:
    """The hazard recorded from the report, its rectification order and its re-checks (with the photos taken
    then), or None when the report was not passed to fire supervision."""
    if report.hazard_id is None:
        return None
    hazard = Hazard.objects.filter(pk=report.hazard_id).only("pk", "status", "created_at").first()
    if hazard is None:
        return None
    order = RectificationOrder.objects.filter(hazard=hazard).only("number", "issued_at", "due_date", "rectify_workdays",
                                                                  "extensions").first()
    photos = list(HazardAttachment.objects.filter(hazard=hazard, kind=AttachmentKind.RECHECK)
                  .order_by("uploaded_at", "pk").values_list("pk", "uploaded_at"))
    checks = list(hazard.rechecks.order_by("checked_at", "pk").values_list("checked_at", "passed"))
    rechecks = []
    for index, (at, passed) in enumerate(checks):
        # The re-check service takes its time first, then stores its photos, then the re-check row.
        until = checks[index + 1][0] if index + 1 < len(checks) else None
        ids = tuple(pk for pk, uploaded in photos if uploaded >= at and (until is None or uploaded < until))
        rechecks.append(PublicRecheck(at=at, passed=passed, photo_ids=ids))
    stage, checked_at = public_hazard_stage(hazard_status=hazard.status, verified_at=report.verified_at,
                                            closed_at=report.closed_at)
    return PublicChain(
        hazard_recorded_at=hazard.created_at, hazard_status=stage,
        order_number=order.number if order else "", order_issued_at=order.issued_at if order else None,
        order_due=order.due_date if order else None, rechecks=tuple(rechecks), checked_at=checked_at,
        order_at_once=order.due_at_once if order else False)


def recheck_photo(report: HazardReport, pk: int) -> Any:
    """A re-check photo of the hazard recorded from the report (None if it is not one)."""
    if report.hazard_id is None:
        return None
    return HazardAttachment.objects.filter(pk=pk, hazard_id=report.hazard_id, kind=AttachmentKind.RECHECK).first()


def new_reports_summary(user: Any) -> dict[str, int]:
    """``new``: reports in the user's scope waiting for acknowledgement; ``latest``: the newest one's id (0)."""
    rows = HazardReport.objects.visible_to(user).filter(status=ReportStatus.NEW)
    return {"new": rows.count(), "latest": rows.order_by("-pk").values_list("pk", flat=True).first() or 0}


def report_clock_handlers(report_ids: list[int]) -> dict[int, int]:
    """Who handles each report, for the kernel's time-limit board (registered with
    ``firesvc.sla.hooks.on_clock_handlers``): the report's clocks start at submission with no assignee, and
    the duty officer who acknowledged it (受理) is its handler from then on. In one query."""
    return dict(HazardReport.objects.filter(pk__in=report_ids, acknowledged_by__isnull=False)
                .values_list("pk", "acknowledged_by"))
