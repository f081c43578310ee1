"""Free training (免费培训, E8): requests, sessions, attendance. Each command writes its audit event atomically.

Request statuses change only in ``_transition``, checked against ``models.TRAINING_TRANSITIONS``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.enums import AccountStatus
from enterprises.models import (
    TRAINING_TRANSITIONS,
    Enterprise,
    EnterpriseAccount,
    TrainingAttendance,
    TrainingRequest,
    TrainingSession,
    TrainingStatus,
)
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit, unit_scope_q
from firesvc.audit.services import audit_record
from firesvc.core.transitions import Workflow, transition

TRAINING_STAFF_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)


def can_manage_training(user: Any) -> bool:
    """Window clerks, approvers and administrators schedule training (within their scope)."""
    return bool(getattr(user, "is_authenticated", False)
                and (user.is_administrator or user.has_role(*TRAINING_STAFF_ROLES)))


def _check_staff(actor: User) -> None:
    if not can_manage_training(actor):
        raise PermissionDenied(_("You are not allowed to schedule training."))


TRAINING_FLOW = Workflow(
    transitions=TRAINING_TRANSITIONS,
    refused=gettext_lazy("This request is already %(status)s."),
    unit=lambda request: request.enterprise.brigade,
    action_prefix="training_request",
    writes=("session",),
)


def _locked_request(actor: User, request: TrainingRequest) -> TrainingRequest:
    _check_staff(actor)
    locked = TrainingRequest.objects.select_for_update().get(pk=request.pk)
    if not TrainingRequest.objects.visible_to(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("This request belongs to an enterprise outside your unit."))
    return locked


@transaction.atomic
def training_request_create(
    *, actor: User, enterprise: Enterprise, topic: str, preferred_dates: str = "", attendees_estimate: int = 10,
) -> TrainingRequest:
    """A verified user of ``enterprise`` asks for free training. Writes ``training_request.requested``."""
    if not EnterpriseAccount.objects.filter(user=actor, enterprise=enterprise,
                                            status=AccountStatus.VERIFIED).exists():
        raise PermissionDenied(_("Only a verified user of this enterprise can request training for it."))
    topic = topic.strip()
    if not topic:
        raise ValidationError({"topic": _("Say what the training should cover.")})
    if attendees_estimate < 1:
        raise ValidationError({"attendees_estimate": _("At least one person must attend.")})
    request = TrainingRequest.objects.create(
        enterprise=enterprise, requested_by=actor, topic=topic, preferred_dates=preferred_dates.strip(),
        attendees_estimate=attendees_estimate,
    )
    audit_record(actor=actor, obj=request, action="training_request.requested", to_state=request.status,
                 data={"enterprise": enterprise.pk, "attendees": attendees_estimate}, unit=enterprise.brigade)
    return request


@transaction.atomic
def training_session_create(
    *, actor: User | None, unit: OrgUnit, date: datetime.date, start_time: datetime.time, trainer: str, topic: str,
    place: str, capacity: int = 30, internal: bool = False, notes: str = "",
) -> TrainingSession:
    """Create a training session of a brigade in the actor's scope. Writes ``training_session.create``."""
    if actor is not None:
        _check_staff(actor)
        if not can_see_unit(actor, unit.pk):
            raise PermissionDenied(_("You can only hold training in your own unit."))
    if unit.kind != UnitKind.BRIGADE:
        raise ValidationError({"unit": _("Choose a brigade.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("The capacity must be at least one.")})
    session = TrainingSession.objects.create(unit=unit, date=date, start_time=start_time, trainer=trainer,
                                             topic=topic, place=place, capacity=capacity, internal=internal,
                                             notes=notes)
    audit_record(actor=actor, obj=session, action="training_session.create",
                 data={"date": date.isoformat(), "topic": topic, "internal": internal}, unit=unit)
    return session


# Requests that hold seats in their session: scheduled, and done (the people came).
SEAT_HOLDING = (TrainingStatus.SCHEDULED, TrainingStatus.DONE)


def seats_left(*, capacity: int, booked: int) -> int:
    """Free seats of a session of ``capacity`` with ``booked`` seats taken (never below zero)."""
    return max(capacity - booked, 0)


def seats_booked(session: TrainingSession, *, excluding: TrainingRequest | None = None) -> int:
    """Seats the session's requests hold: the expected attendees of its scheduled and done requests."""
    requests = session.requests.filter(status__in=SEAT_HOLDING)
    if excluding is not None:
        requests = requests.exclude(pk=excluding.pk)
    return requests.aggregate(booked=Sum("attendees_estimate"))["booked"] or 0


@transaction.atomic
def training_request_schedule(
    *, actor: User, request: TrainingRequest, session: TrainingSession | None = None,
    session_fields: dict[str, Any] | None = None,
) -> TrainingRequest:
    """Link a request to an existing session of the actor's scope, or to a new one made from ``session_fields``.

    Refused when the session has fewer seats left than the request's expected attendees: a training room
    holds its capacity and no more, so the officer picks another session or holds a new, larger one.

    Writes ``training_request.scheduled`` (and ``training_session.create`` for a new session).
    """
    locked = _locked_request(actor, request)
    field = "session"  # where a full session is reported: the session picked, or the new one's capacity
    if session is None:
        if not session_fields:
            raise ValidationError(_("Pick a session or describe a new one."))
        session = training_session_create(actor=actor, **session_fields)
        field = "capacity"
    elif not TrainingSession.objects.visible_to(actor).filter(pk=session.pk).exists():
        raise PermissionDenied(_("This session belongs to a unit outside your own."))
    if session.internal:
        raise ValidationError({"session": _("An internal training of officers cannot take enterprise requests.")})
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)  # two bookings must not share a seat
    left = seats_left(capacity=session.capacity, booked=seats_booked(session, excluding=locked))
    if locked.attendees_estimate > left:
        full = {"left": left, "capacity": session.capacity, "wanted": locked.attendees_estimate}
        if field == "capacity":
            raise ValidationError({field: _(
                "The new session seats %(capacity)s people, and the enterprise asks for %(wanted)s. "
                "Give a capacity of at least %(wanted)s.") % full})
        raise ValidationError({field: _(
            "This session has %(left)s seats left of %(capacity)s, and the enterprise asks for %(wanted)s people. "
            "Pick another session or hold a new one for them.") % full})
    locked.session = session
    transition(workflow=TRAINING_FLOW, obj=locked, to=TrainingStatus.SCHEDULED, actor=actor,
               data={"session": session.pk, "date": session.date.isoformat()})
    return locked


@transaction.atomic
def training_request_decline(*, actor: User, request: TrainingRequest, reason: str) -> TrainingRequest:
    """Decline a request with a reason the enterprise sees. Writes ``training_request.declined``."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the enterprise will see it.")})
    locked = _locked_request(actor, request)
    locked.session = None
    transition(workflow=TRAINING_FLOW, obj=locked, to=TrainingStatus.DECLINED, actor=actor, reason=reason.strip(),
               fields={"decline_reason": reason.strip()})
    return locked


def _attended_by(session: TrainingSession, enterprise_id: int) -> bool:
    return session.attendance.filter(enterprise_id=enterprise_id, attended=True).exists()


@transaction.atomic
def training_request_mark_done(*, actor: User, request: TrainingRequest) -> TrainingRequest:
    """The session took place and someone of the enterprise attended it. Writes ``training_request.done``.

    A request is done only after its session's day, with the attendance recorded: a request marked
    done before would count training that never happened.
    """
    locked = _locked_request(actor, request)
    session = locked.session
    if session is None:
        raise ValidationError(_("Schedule the request before marking it done."))
    if session.date > timezone.localdate():
        raise ValidationError(_("The session has not taken place yet."))
    if not _attended_by(session, locked.enterprise_id):
        raise ValidationError(_("Record who of the enterprise attended the session first."))
    transition(workflow=TRAINING_FLOW, obj=locked, to=TrainingStatus.DONE, actor=actor)
    return locked


@transaction.atomic
def training_attendance_record(
    *, actor: User, session: TrainingSession, attended_ids: set[int],
    new_people: list[dict[str, Any]] | None = None,
) -> TrainingSession:
    """Tick who attended (``attended_ids``: attendance rows) and add walk-in people.

    Each ``new_people`` item: ``person_name``, optional ``enterprise`` and ``is_officer``; they count as
    attended. Marks done the session's scheduled requests of the enterprises someone attended for.
    Refused before the session's day. Writes ``training_session.attendance``.
    """
    _check_staff(actor)
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not can_see_unit(actor, locked.unit_id):
        raise PermissionDenied(_("This session belongs to a unit outside your own."))
    if locked.date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the session has taken place."))
    rows = list(locked.attendance.all())
    unknown = set(attended_ids) - {row.pk for row in rows}
    if unknown:
        raise ValidationError(_("Unknown attendance rows."))
    for row in rows:
        wanted = row.pk in attended_ids
        if row.attended != wanted:
            row.attended = wanted
            row.save(update_fields=["attended"])
    for person in new_people or []:
        name = str(person.get("person_name", "")).strip()
        if not name:
            continue
        TrainingAttendance.objects.create(session=locked, person_name=name, enterprise=person.get("enterprise"),
                                          is_officer=bool(person.get("is_officer")), attended=True)
    counts = locked.attendance.aggregate(attended=Count("pk", filter=Q(attended=True)), listed=Count("pk"))
    audit_record(actor=actor, obj=locked, action="training_session.attendance", data=counts, unit=locked.unit)
    for request in locked.requests.filter(status=TrainingStatus.SCHEDULED):
        if _attended_by(locked, request.enterprise_id):
            training_request_mark_done(actor=actor, request=request)
    return locked


def training_figures(user: Any, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Training held in [start, end] within the user's scope: sessions, people trained, officers trained.

    A session counts as held when at least one person attended it.
    """
    sessions = TrainingSession.objects.filter(date__gte=start, date__lte=end)
    q = unit_scope_q(user, "unit")
    if q is not None:
        sessions = sessions.filter(q)
    attended = TrainingAttendance.objects.filter(session__in=sessions, attended=True)
    figures = attended.aggregate(
        people_trained=Count("pk", filter=Q(is_officer=False)),
        officers_trained=Count("pk", filter=Q(is_officer=True)),
    )
    return {
        "sessions_held": sessions.filter(attendance__attended=True).distinct().count(),
        "people_trained": figures["people_trained"],
        "officers_trained": figures["officers_trained"],
    }
