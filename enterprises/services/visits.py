"""Visits to enterprises (走访联系, E3): planned, recorded on site or from a phone, cancelled.

A visit's status changes only in ``_transition`` (``enums.VISIT_TRANSITIONS``), with the row locked and the
audit event in the same transaction. Recording a visit also records what it found: hazards (through the
safety sub-app's hook in ``enterprises.hooks``), suggestions (E5, source "visit") and a training request (E8).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.enums import (
    DEFAULT_VISIT_INTERVAL_DAYS,
    VISIT_TRANSITIONS,
    SuggestionSource,
    VisitMethod,
    VisitStatus,
    VisitTier,
)
from enterprises.hooks import visit_hazards_found
from enterprises.models import Enterprise, TrainingRequest, Visit, VisitInterval, VisitSchedule
from enterprises.services import suggestions as suggestion_services
from firesvc.accounts.models import User
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.transitions import Workflow, transition


@dataclass(frozen=True)
class HazardFound:
    """A hazard noted on a visit; becomes a hazard record of the safety app (E6)."""

    description: str
    severity: str = "general"


def can_visit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff_member)


def _check(actor: Any, enterprise: Enterprise) -> None:
    if not can_visit(actor):
        raise PermissionDenied(_("Only fire-service staff record visits."))
    if not (can_see_unit(actor, enterprise.brigade_id) or can_see_unit(actor, enterprise.grid_id)):
        raise PermissionDenied(_("This enterprise is outside your unit."))


def _check_staff_member(staff: User, enterprise: Enterprise) -> None:
    if not can_visit(staff) or not (can_see_unit(staff, enterprise.brigade_id)
                                    or can_see_unit(staff, enterprise.grid_id)):
        raise ValidationError({"staff": _("Choose a member of staff of the enterprise's brigade.")})


VISIT_FLOW = Workflow(
    transitions=VISIT_TRANSITIONS,
    refused=gettext_lazy("This visit is already %(status)s."),
    unit=lambda visit: visit.unit,
    action_prefix="visit",
    writes=(),
)


# --- Rules (pure) -------------------------------------------------------------------------------------------------


def visit_tier(*, is_key_unit: bool, risk_tier: str) -> str:
    """Key units are visited most often; otherwise the enterprise's risk tier decides."""
    return VisitTier.KEY_UNIT if is_key_unit else risk_tier


def interval_days(intervals: dict[tuple[int | None, str], int], *, brigade_id: int, tier: str) -> int:
    """The brigade's own interval for ``tier``, else the default row, else the built-in default."""
    return intervals.get((brigade_id, tier)) or intervals.get((None, tier)) or DEFAULT_VISIT_INTERVAL_DAYS[tier]


def next_visit_due(*, last_visited_on: datetime.date | None, interval: int,
                   registered_on: datetime.date) -> datetime.date:
    """Due ``interval`` days after the last visit (a never-visited enterprise: after its registration)."""
    return (last_visited_on or registered_on) + datetime.timedelta(days=interval)


# An enterprise already overdue is to be visited promptly: a plan further out than this is late for its purpose.
OVERDUE_CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class LatePlan:
    """A planned visit date after the enterprise's visit falls due (走访逾期)."""

    day: datetime.date
    due: datetime.date
    days_late: int  # days the enterprise is overdue on ``day``
    already_overdue: bool  # overdue when the plan is made: then the plan is late beyond the catch-up window


def late_plan_of(planned_for: datetime.date, *, due: datetime.date | None, today: datetime.date) -> LatePlan | None:
    """``planned_for`` as a late plan, or None when it keeps the visit on time.

    On time: by the due date; for an enterprise already overdue, within ``OVERDUE_CATCH_UP_DAYS`` of today (any
    date is after the due date then, and planning the overdue visit for next week is what the overdue list is for).
    """
    if due is None or planned_for <= due:
        return None
    already_overdue = due < today
    if already_overdue and planned_for <= today + datetime.timedelta(days=OVERDUE_CATCH_UP_DAYS):
        return None
    return LatePlan(day=planned_for, due=due, days_late=(planned_for - due).days, already_overdue=already_overdue)


def check_plan_date(planned_for: datetime.date, *, due: datetime.date | None, today: datetime.date,
                    late_confirmed: bool) -> LatePlan | None:
    """The rule on the date of a planned visit: never in the past; after the visit falls due only when confirmed
    (a brigade may have reasons: the enterprise closed for a season, a joint inspection on that day), as site
    inspections on a rest day are. Returns the late plan that was confirmed, or None for a plan on time."""
    if planned_for < today:
        raise ValidationError({"planned_for": _("The date has passed.")})
    late = late_plan_of(planned_for, due=due, today=today)
    if late is not None and not late_confirmed:
        values = {"date": date_format(planned_for, "DATE_FORMAT"), "due": date_format(late.due, "DATE_FORMAT"),
                  "days": late.days_late,
                  "window": OVERDUE_CATCH_UP_DAYS}
        if late.already_overdue:
            text = _("This enterprise has been due for a visit since %(due)s; a visit on %(date)s leaves it overdue "
                     "for %(days)s days. Choose a date within %(window)s days, or confirm that the visit is planned "
                     "for this day.") % values
        else:
            text = _("This enterprise is due for a visit by %(due)s; %(date)s is %(days)s days later. Choose an "
                     "earlier date, or confirm that the visit is planned for this day.") % values
        raise ValidationError({"confirm_late": ValidationError(text, code="late_plan")})
    return late


def configured_intervals() -> dict[tuple[int | None, str], int]:
    return {(row.unit_id, row.tier): row.interval_days for row in VisitInterval.objects.all()}


RECOMPUTE_CHUNK = 5000


def visit_due_recompute(*, enterprise_ids: list[int] | None = None, tier: str | None = None,
                        brigade_id: int | None = None, chunk_size: int = RECOMPUTE_CHUNK) -> int:
    """Recompute ``Enterprise.next_visit_due`` from ``VisitSchedule`` and the configured intervals.

    Restricted to ``enterprise_ids`` and/or the enterprises of ``tier`` (and ``brigade_id``); nothing given:
    every enterprise. Streams through the rows in primary-key chunks of ``chunk_size`` (one UPDATE each), in
    the caller's transaction. Returns the number of rows written.
    """
    from enterprises.visit_due import next_visit_due_expression, recompute_in_chunks, tier_conditions

    queryset = Enterprise.objects.all()
    if enterprise_ids is not None:
        if not enterprise_ids:
            return 0
        queryset = queryset.filter(pk__in=enterprise_ids)
    if tier is not None:
        queryset = queryset.filter(dict(tier_conditions())[tier])
    if brigade_id is not None:
        queryset = queryset.filter(brigade_id=brigade_id)
    expression = next_visit_due_expression(configured_intervals(), schedule_model=VisitSchedule)
    if enterprise_ids is not None and len(enterprise_ids) <= chunk_size:
        return queryset.update(next_visit_due=expression)  # one statement for a visit, an edit, a designation
    return recompute_in_chunks(queryset, expression, chunk_size=chunk_size)


def visit_schedule_refresh(*, enterprise_ids: list[int] | None = None, recompute_due: bool = True) -> int:
    """Recompute ``VisitSchedule`` (last visit done, next visit planned) from the visits, then the enterprises'
    ``next_visit_due``; ``None``: all.

    The visit commands call it for their enterprise; call it for all after loading visits in bulk.
    """
    visits = Visit.objects.all() if enterprise_ids is None else Visit.objects.filter(enterprise_id__in=enterprise_ids)
    rows = visits.values("enterprise_id").annotate(
        last=Max("visited_on", filter=Q(status=VisitStatus.DONE)),
        planned=Min("planned_for", filter=Q(status=VisitStatus.PLANNED))).order_by()
    seen: set[int] = set()
    batch: list[VisitSchedule] = []
    written = 0

    def flush() -> None:
        VisitSchedule.objects.bulk_create(batch, update_conflicts=True, unique_fields=["enterprise"],
                                          update_fields=["last_visited_on", "planned_for"])
        batch.clear()

    # Streamed: a detachment's 100,000 schedules never sit in memory at once.
    for r in rows.iterator(chunk_size=RECOMPUTE_CHUNK):
        batch.append(VisitSchedule(enterprise_id=r["enterprise_id"], last_visited_on=r["last"],
                                   planned_for=r["planned"]))
        if enterprise_ids is not None:
            seen.add(r["enterprise_id"])
        written += 1
        if len(batch) >= RECOMPUTE_CHUNK:
            flush()
    if enterprise_ids is not None:
        missing = [VisitSchedule(enterprise_id=pk) for pk in enterprise_ids if pk not in seen]
        batch += missing
        written += len(missing)
    if batch:
        flush()
    if recompute_due:
        visit_due_recompute(enterprise_ids=enterprise_ids)
    return written


@transaction.atomic
def visit_interval_save(*, actor: Any, interval: VisitInterval) -> VisitInterval:
    """Create or change how often a tier is visited (for one brigade or the default), and recompute the due
    date of every enterprise it governs in the same transaction. Writes ``visit_interval.save``."""
    if not getattr(actor, "is_administrator", False):
        raise PermissionDenied(_("Only administrators set visit intervals."))
    if interval.interval_days is None or interval.interval_days < 1:
        raise ValidationError({"interval_days": _("At least one day.")})
    previous = (VisitInterval.objects.select_for_update().filter(pk=interval.pk).order_by().first()
                if interval.pk is not None else None)
    interval.save()
    audit_record(actor=actor, obj=interval, action="visit_interval.save", unit=interval.unit,
                 from_state=str(previous.interval_days) if previous else "", to_state=str(interval.interval_days),
                 data={"tier": interval.tier, "brigade": interval.unit_id})
    for tier, unit_id in {(interval.tier, interval.unit_id), *(
            [(previous.tier, previous.unit_id)] if previous else [])}:
        visit_due_recompute(tier=tier, brigade_id=unit_id)
    return interval


@transaction.atomic
def visit_interval_delete(*, actor: Any, interval: VisitInterval) -> None:
    """Remove an interval row (its enterprises fall back to the default) and recompute their due dates.
    Writes ``visit_interval.delete``."""
    if not getattr(actor, "is_administrator", False):
        raise PermissionDenied(_("Only administrators set visit intervals."))
    tier, unit_id, days = interval.tier, interval.unit_id, interval.interval_days
    audit_record(actor=actor, obj=interval, action="visit_interval.delete", unit=interval.unit,
                 from_state=str(days), data={"tier": tier, "brigade": unit_id})
    interval.delete()
    visit_due_recompute(tier=tier, brigade_id=unit_id)


# --- Commands -----------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_plan(*, actor: Any, enterprise: Enterprise, planned_for: datetime.date, staff: User | None = None,
               method: str = VisitMethod.ON_SITE, late_confirmed: bool = False) -> Visit:
    """Put a visit on the brigade's plan. Writes ``visit.planned``. One open plan per enterprise.

    A date after the enterprise's visit falls due needs ``late_confirmed`` (``check_plan_date``); the audit
    event then records the due date and the days late.
    """
    _check(actor, enterprise)
    staff = staff or actor
    _check_staff_member(staff, enterprise)  # type: ignore[arg-type]
    due = Enterprise.objects.filter(pk=enterprise.pk).values_list("next_visit_due", flat=True).first()
    late = check_plan_date(planned_for, due=due, today=timezone.localdate(), late_confirmed=late_confirmed)
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()  # one plan at a time
    if Visit.objects.filter(enterprise=enterprise, status=VisitStatus.PLANNED).exists():
        raise ValidationError(_("A visit to this enterprise is already planned."))
    visit = Visit.objects.create(enterprise=enterprise, unit=enterprise.brigade, planned_for=planned_for,
                                 staff=staff, method=method)
    data: dict[str, Any] = {"planned_for": planned_for.isoformat(), "staff": staff.pk}
    if late is not None:
        data.update(due=late.due.isoformat(), days_late=late.days_late)
    audit_record(actor=actor, obj=visit, action="visit.planned", to_state=visit.status, data=data,
                 unit=enterprise.brigade)
    visit_schedule_refresh(enterprise_ids=[enterprise.pk])
    return visit


@transaction.atomic
def visit_cancel(*, actor: Any, visit: Visit, reason: str) -> Visit:
    """Take a planned visit off the plan. Writes ``visit.cancelled``."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    locked = Visit.objects.select_for_update().select_related("enterprise").get(pk=visit.pk)
    _check(actor, locked.enterprise)
    transition(workflow=VISIT_FLOW, obj=locked, to=VisitStatus.CANCELLED, actor=actor, reason=reason.strip())
    visit_schedule_refresh(enterprise_ids=[locked.enterprise_id])
    return locked


def _record_hazards(*, actor: Any, visit: Visit, hazards: list[HazardFound]) -> list[Any]:
    if not hazards:
        return []
    recorded = visit_hazards_found(actor=actor, visit=visit, hazards=hazards)
    if recorded is None:  # the safety sub-app (E6) is not installed in this build
        raise ValidationError(_("Hazards cannot be recorded yet."))
    return recorded


def _record_training_request(*, actor: Any, visit: Visit, topic: str, attendees: int) -> TrainingRequest:
    # Asked for on a visit, so staff record it for the enterprise; the E8 queue then schedules it as usual.
    if attendees < 1:
        raise ValidationError({"training_attendees": _("At least one person must attend.")})
    request = TrainingRequest.objects.create(enterprise=visit.enterprise, requested_by=actor, topic=topic,
                                             attendees_estimate=attendees,
                                             preferred_dates=_("asked for on the visit of %(day)s")
                                             % {"day": visit.visited_on})
    audit_record(actor=actor, obj=request, action="training_request.requested", to_state=request.status,
                 data={"enterprise": visit.enterprise_id, "attendees": attendees, "visit": visit.pk},
                 unit=visit.unit)
    return request


@transaction.atomic
def visit_record(
    *, actor: Any, enterprise: Enterprise, visited_on: datetime.date, method: str = VisitMethod.ON_SITE,
    staff: User | None = None, companions: str = "", contact_person: str = "", needs: str = "", notes: str = "",
    hazards: list[HazardFound] | None = None, suggestions: list[str] | None = None, training_topic: str = "",
    training_attendees: int = 10,
) -> Visit:
    """Record a visit that took place; it completes the enterprise's planned visit if there is one.

    Side effects: ``visit.done`` in the audit log; one hazard per ``hazards`` item (safety app, source
    "visit"); one suggestion per ``suggestions`` line (E5, source "visit", with its feedback clock); a
    training request if ``training_topic`` is given.
    """
    _check(actor, enterprise)
    staff = staff or actor
    _check_staff_member(staff, enterprise)  # type: ignore[arg-type]
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be recorded before it happens.")})
    if method not in VisitMethod.values:
        raise ValidationError({"method": _("Choose how the visit was made.")})
    hazards = [h for h in (hazards or []) if h.description.strip()]
    suggestions = [s.strip() for s in (suggestions or []) if s.strip()]
    visit = (Visit.objects.select_for_update().filter(enterprise=enterprise, status=VisitStatus.PLANNED)
             .order_by("planned_for", "pk").first())
    if visit is None:
        visit = Visit.objects.create(enterprise=enterprise, unit=enterprise.brigade, staff=staff)  # type: ignore
        audit_record(actor=actor, obj=visit, action="visit.planned", to_state=visit.status,
                     data={"unplanned": True}, unit=enterprise.brigade)
    visit.visited_on, visit.staff, visit.method = visited_on, staff, method  # type: ignore[assignment]
    visit.companions, visit.contact_person = companions.strip(), contact_person.strip()
    visit.needs, visit.notes = needs.strip(), notes.strip()
    transition(workflow=VISIT_FLOW, obj=visit, to=VisitStatus.DONE, actor=actor,
               update_fields=("visited_on", "staff", "method", "companions", "contact_person", "needs", "notes"),
               data={"visited_on": visited_on.isoformat(), "method": method, "hazards": len(hazards),
                      "suggestions": len(suggestions), "training": bool(training_topic.strip())})
    visit_schedule_refresh(enterprise_ids=[enterprise.pk])
    _record_hazards(actor=actor, visit=visit, hazards=hazards)
    for text in suggestions:
        suggestion_services.suggestion_create(
            actor=actor, source=SuggestionSource.VISIT, content=text, enterprise=enterprise,
            unit=enterprise.brigade, submitter_name=visit.contact_person, visit=visit)
    if training_topic.strip():
        visit.training_request = _record_training_request(actor=actor, visit=visit, topic=training_topic.strip(),
                                                          attendees=training_attendees)
        visit.save(update_fields=["training_request"])
    return visit
