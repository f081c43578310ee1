"""Commands on SLA clocks. Each locks the clock, recomputes and stores its deadline, and
writes an audit event on the clock's owner (the case timeline) in the same transaction."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.queueing import enqueue_after_commit
from firesvc.core.transitions import Workflow, transition, transition_check
from firesvc.sla.deadlines import DATE_UNITS, compute_deadline, excluded_by_pause, start_of_day
from firesvc.sla.enums import CLOCK_TRANSITIONS, ClockStatus, LimitUnit, PauseReason
from firesvc.sla.hooks import DeadlineMove, deadline_moved
from firesvc.sla.models import Clock, ClockExtension, ClockPause, RuleSet, TimeLimitRule
from firesvc.sla.selectors import clock_rule_names


def active_rule(code: str) -> TimeLimitRule:
    """The rule ``code`` of the active rule set."""
    rule = TimeLimitRule.objects.filter(ruleset__is_active=True, code=code).select_related("ruleset").first()
    if rule is None:
        raise ValidationError(_("No time-limit rule %(code)s in the active rule set.") % {"code": code})
    return rule


def _tz() -> Any:
    return timezone.get_current_timezone()


# What ``_store_deadline`` sets (with ``excluded``, ``extension`` or ``limit``, its inputs).
DEADLINE_FIELDS = ("excluded", "extension", "limit", "due_at", "due_date", "yellow_at", "provisional")


def _store_deadline(clock: Clock) -> None:
    deadline = compute_deadline(
        unit=clock.limit_unit, limit=clock.limit, extension=clock.extension, excluded=clock.excluded,
        started_at=clock.started_at, tz=_tz(), yellow_share=clock.rule.yellow_share,
        yellow_remaining=clock.rule.yellow_remaining,
    )
    clock.due_at, clock.due_date, clock.yellow_at = deadline.due_at, deadline.due_date, deadline.yellow_at
    clock.provisional = deadline.provisional


def _audit(clock: Clock, *, actor: Any, action: str, from_state: str, reason: str = "", **data: Any) -> None:
    owner = clock.owner
    audit_record(
        actor=actor, obj=owner if owner is not None else clock, action=action, from_state=from_state,
        to_state=clock.status, reason=reason, unit=clock.unit,
        data={"clock": clock.pk, "rule": clock.rule.code, "due_at": clock.due_at, "due_date": clock.due_date,
              **data},
    )


def fast_path_horizon() -> float:
    """How far ahead (seconds) a countdown check is queued. Later moments are left to the minute sweep: the
    Redis broker hands an unacknowledged message out again after its visibility timeout, so a countdown
    longer than that would run once an hour until it is due."""
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    return float(options.get("visibility_timeout", 3600)) * 0.9


def _schedule_fast_path(clock: Clock) -> None:
    """Short clocks (minutes, hours) get countdown checks at yellow and at due within the horizon; the
    sweep still decides."""
    if clock.limit_unit not in (LimitUnit.MINUTES, LimitUnit.HOURS) or clock.status != ClockStatus.RUNNING:
        return
    from firesvc.sla.tasks import sla_check_clock

    now = timezone.now()
    horizon = fast_path_horizon()
    for moment in (clock.yellow_at, clock.due_at):
        delay = (moment - now).total_seconds() + 1
        if 0 < delay <= horizon:
            enqueue_after_commit(sla_check_clock, args=[clock.pk], countdown=delay)


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().select_related("rule", "unit").get(pk=clock.pk)


# The clock's own audit event (``_audit``, on its owner's timeline) carries the deadline, so
# transitions write it themselves rather than through the helper.
CLOCK_FLOW = Workflow(
    transitions=CLOCK_TRANSITIONS,
    refused={
        ClockStatus.PAUSED: gettext_lazy("The clock is not running, so it cannot be paused."),
        ClockStatus.RUNNING: gettext_lazy("The clock is not paused, so it cannot be resumed."),
        ClockStatus.STOPPED: gettext_lazy("The clock has already stopped."),
    },
    writes=(),
)


@transaction.atomic
def clock_start(
    *, owner: models.Model, rule_code: str, unit: OrgUnit, actor: Any, started_at: datetime | None = None,
    assignee: Any = None, purpose: str = "",
) -> Clock:
    """Start a clock of the active rule ``rule_code`` on ``owner``. Writes ``clock.start``."""
    rule = active_rule(rule_code)
    clock = Clock(  # owner= also keeps the owner on the clock: its audit record reads it without a query
        owner=owner, rule=rule, purpose=purpose or rule_code,
        unit=unit, assignee=assignee, limit=rule.limit, limit_unit=rule.unit,
        started_at=started_at or timezone.now(),
    )
    _store_deadline(clock)
    clock.save()
    _audit(clock, actor=actor, action="clock.start", from_state="", limit=rule.limit, unit=rule.unit)
    _schedule_fast_path(clock)
    return clock


@transaction.atomic
def clock_pause(
    *, clock: Clock, reason: str, actor: Any, note: str = "", expected_until: date | None = None,
    at: datetime | None = None,
) -> Clock:
    """Stop the clock for a reason the rule allows (补正, 专家评审, 检测 …). Writes ``clock.pause``."""
    clock = _locked(clock)
    transition_check(workflow=CLOCK_FLOW, obj=clock, to=ClockStatus.PAUSED)
    if reason not in PauseReason.values or not clock.rule.allows_pause(reason):
        raise ValidationError(_("“%(reason)s” does not stop the clock of %(rule)s.") % {
            "reason": dict(PauseReason.choices).get(reason, reason), "rule": clock_rule_names([clock])[clock.pk]})
    at = at or timezone.now()
    previous = transition(workflow=CLOCK_FLOW, obj=clock, to=ClockStatus.PAUSED, actor=actor, audit=False,
                          fields={"paused_at": at, "pause_reason": reason})
    ClockPause.objects.create(clock=clock, reason=reason, note=note, expected_until=expected_until, started_at=at)
    _audit(clock, actor=actor, action="clock.pause", from_state=previous, reason=note, pause_reason=reason,
           expected_until=expected_until)
    return clock


@transaction.atomic
def clock_resume(*, clock: Clock, actor: Any, at: datetime | None = None) -> Clock:
    """Restart a paused clock; the paused time is added to the limit. Writes ``clock.resume``."""
    clock = _locked(clock)
    transition_check(workflow=CLOCK_FLOW, obj=clock, to=ClockStatus.RUNNING)
    at = at or timezone.now()
    excluded = excluded_by_pause(unit=clock.limit_unit, paused_at=clock.paused_at or at, resumed_at=at, tz=_tz())
    pause = clock.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
    if pause is not None:
        pause.ended_at, pause.excluded = at, excluded
        pause.save(update_fields=["ended_at", "excluded"])
    clock.excluded += excluded
    _store_deadline(clock)
    previous = transition(workflow=CLOCK_FLOW, obj=clock, to=ClockStatus.RUNNING, actor=actor, audit=False,
                          fields={"paused_at": None, "pause_reason": ""}, update_fields=DEADLINE_FIELDS)
    _audit(clock, actor=actor, action="clock.resume", from_state=previous, excluded=excluded)
    _schedule_fast_path(clock)
    return clock


@transaction.atomic
def clock_extend(*, clock: Clock, amount: int, reason: str, approved_by: Any) -> Clock:
    """Extend the limit with the approver's approval, up to the rule's maximum. Writes ``clock.extend``."""
    clock = _locked(clock)
    if clock.status == ClockStatus.STOPPED:
        raise ValidationError(_("The clock has already stopped."))
    if not (approved_by.is_administrator or approved_by.has_role(Role.APPROVER)):
        raise PermissionDenied(_("Only the approver can approve an extension."))
    if not can_see_unit(approved_by, clock.unit_id):
        raise PermissionDenied(_("This case belongs to another unit."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is sent to the applicant.")})
    if amount < 1:
        raise ValidationError({"amount": _("Extend by at least one unit.")})
    allowed = clock.rule.extension_max - clock.extension
    if allowed <= 0:
        raise ValidationError(_("%(rule)s cannot be extended any further.") % {
            "rule": clock_rule_names([clock])[clock.pk]})
    if amount > allowed:
        raise ValidationError({"amount": _("At most %(n)d more %(unit)s can be added.") % {
            "n": allowed, "unit": clock.get_limit_unit_display()}})
    clock.extension += amount
    _store_deadline(clock)
    clock.save()
    ClockExtension.objects.create(clock=clock, amount=amount, reason=reason.strip(), approved_by=approved_by)
    _audit(clock, actor=approved_by, action="clock.extend", from_state=clock.status, reason=reason.strip(),
           amount=amount)
    return clock


@transaction.atomic
def clock_shorten(*, clock: Clock, limit: int) -> Clock:
    """Give an open clock a shorter limit (a promised limit under the statutory one) and recompute
    its deadline. Returns the locked, updated clock; the caller records why on its own timeline.
    """
    clock = _locked(clock)
    if clock.status == ClockStatus.STOPPED:
        raise ValidationError(_("The clock has already stopped."))
    if not 0 < limit < clock.limit:  # a caller's mistake, not a user's: callers compare first
        raise ValueError(f"clock {clock.pk}: {limit} is not a shorter limit than {clock.limit}")
    clock.limit = limit
    _store_deadline(clock)
    clock.save(update_fields=["limit", "due_at", "due_date", "yellow_at", "provisional"])
    return clock


RECOMPUTE_CHUNK = 500  # clocks locked and recomputed per query


def clocks_recompute_for_calendar(*, first: date, last: date, actor: Any, reason: str,
                                  change: str | None = None) -> int:
    """Recompute every open day-counted clock whose deadline a calendar change from ``first`` to
    ``last`` (inclusive) may move; returns how many clocks changed.

    Call inside the transaction that changes the calendar, after the change (``firesvc.workdays``
    then computes with it). A change on day D can only move a clock that started before D (the start
    day is not counted) and was due on D or later, so only those are read, ``RECOMPUTE_CHUNK`` at a
    time, each locked. For each clock whose due date, yellow instant or provisional flag changed:
    saves the deadline, writes ``clock.recompute`` on the owner's timeline (with the previous due
    date, ``reason`` and ``change``), and runs the hooks its owner's app registered (``firesvc.sla.hooks``),
    which keep their copies of the deadline and tell the applicant.
    """
    if last < first:
        raise ValueError(f"{last} is before {first}")
    change = change or uuid.uuid4().hex
    candidates = list(
        Clock.objects.open().filter(limit_unit__in=DATE_UNITS, due_date__gte=first,
                                    started_at__lt=start_of_day(last, _tz()))
        .order_by("pk").values_list("pk", flat=True))
    moved = 0
    for offset in range(0, len(candidates), RECOMPUTE_CHUNK):
        chunk = candidates[offset:offset + RECOMPUTE_CHUNK]
        clocks = (Clock.objects.select_for_update().select_related("rule", "unit", "owner_type")
                  .filter(pk__in=chunk).exclude(status=ClockStatus.STOPPED).order_by("pk"))
        for clock in clocks:
            before = (clock.due_at, clock.due_date, clock.yellow_at, clock.provisional)
            _store_deadline(clock)
            if (clock.due_at, clock.due_date, clock.yellow_at, clock.provisional) == before:
                continue
            clock.save(update_fields=["due_at", "due_date", "yellow_at", "provisional"])
            _audit(clock, actor=actor, action="clock.recompute", from_state=clock.status, reason=reason,
                   previous_due_date=before[1], provisional=clock.provisional, change=change)
            deadline_moved(DeadlineMove(clock=clock, previous_due_at=before[0], previous_due_date=before[1],
                                        previous_provisional=before[3], reason=reason, change=change),
                           owner_label=f"{clock.owner_type.app_label}.{clock.owner_type.model}")
            moved += 1
    return moved


def clocks_assign(*, owner: models.Model, assignee: Any) -> int:
    """Hand the open clocks of ``owner`` to ``assignee`` (whose reminders they become); returns how many.
    No audit event of its own: the caller's assignment event records it."""
    return Clock.objects.for_owner(owner).exclude(status=ClockStatus.STOPPED).update(assignee=assignee)


@transaction.atomic
def clock_stop(*, clock: Clock, actor: Any, outcome: str = "", at: datetime | None = None) -> Clock:
    """End the clock (decision made, report closed …). Writes ``clock.stop`` with on-time or late."""
    clock = _locked(clock)
    transition_check(workflow=CLOCK_FLOW, obj=clock, to=ClockStatus.STOPPED)
    at = at or timezone.now()
    if clock.status == ClockStatus.PAUSED and clock.paused_at is not None:
        clock.pauses.filter(ended_at__isnull=True).update(ended_at=at)
    previous = transition(workflow=CLOCK_FLOW, obj=clock, to=ClockStatus.STOPPED, actor=actor, audit=False,
                          fields={"stopped_at": at, "outcome": outcome})
    _audit(clock, actor=actor, action="clock.stop", from_state=previous, reason=outcome,
           on_time=at < clock.due_at)
    return clock


@transaction.atomic
def ruleset_activate(*, ruleset: RuleSet, actor: Any) -> RuleSet:
    """Switch the regime: new clocks use ``ruleset``; running clocks keep their limits."""
    previous = RuleSet.objects.select_for_update().filter(is_active=True).first()
    RuleSet.objects.filter(is_active=True).update(is_active=False)
    RuleSet.objects.filter(pk=ruleset.pk).update(is_active=True)
    ruleset.refresh_from_db()
    audit_record(actor=actor, obj=ruleset, action="ruleset.activate",
                 from_state=previous.code if previous else "", to_state=ruleset.code)
    return ruleset


def load_rule_sets(*, activate: str | None = None, overwrite: bool = False) -> int:
    """Create (or with ``overwrite`` reset) the default rule sets of ``rules_data``. Returns rules written."""
    from firesvc.sla.rules_data import REPORT_ERA, RULE_SETS

    written = 0
    with transaction.atomic():
        for code, (name, rules) in RULE_SETS.items():
            ruleset, _created = RuleSet.objects.get_or_create(code=code, defaults={"name": name})
            for data in rules:
                fields = {k: v for k, v in data.items() if k != "code"}
                if overwrite:
                    TimeLimitRule.objects.update_or_create(ruleset=ruleset, code=data["code"], defaults=fields)
                    written += 1
                elif not TimeLimitRule.objects.filter(ruleset=ruleset, code=data["code"]).exists():
                    TimeLimitRule.objects.create(ruleset=ruleset, code=data["code"], **fields)
                    written += 1
        if not RuleSet.objects.filter(is_active=True).exists() or activate:
            RuleSet.objects.update(is_active=False)
            RuleSet.objects.filter(code=activate or REPORT_ERA).update(is_active=True)
    return written
