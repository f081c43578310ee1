"""The sweep (C3): the one guarantee behind every reminder and escalation.

Every minute, beat runs ``sla_sweep``: it selects running clocks that crossed a threshold
and were not yet handled, in batches locked with ``SKIP LOCKED`` (two sweeps never take the
same clock), and for each (clock, level) raises exactly one ``SlaAlert`` — unique on
(clock, level) — with its notifications, marking the clock handled in the same transaction.
A reminder goes to the assignee at yellow; at red the approvers and discipline supervisors of
the clock's unit (and the units above it) are told, and the assignee; when no unit of that chain
has either, the administrators, told to give it one (a red card must never reach nobody). A clock
found already red is not sent a late yellow reminder. Short clocks may also be checked by
``sla_check_clock`` on a countdown; that is only an accelerator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.selectors import administrators
from firesvc.notifications.services import NotificationRequest, notify_many
from firesvc.notifications.unstaffed import nobody_in_chain_words
from firesvc.sla.enums import Card, ClockStatus
from firesvc.sla.models import Clock, SlaAlert
from firesvc.sla.selectors import clock_rule_names, due_label


@dataclass
class SweepResult:
    yellow: int = 0
    red: int = 0
    notifications: int = 0
    clock_ids: list[int] = field(default_factory=list)


ESCALATION_ROLES = (Role.APPROVER, Role.SUPERVISOR)


class _Recipients:
    """Who hears of a red card, per unit; cached for one sweep."""

    def __init__(self) -> None:
        self._by_unit: dict[int, list[User]] = {}
        self._administrators: list[User] | None = None

    def escalation(self, unit: OrgUnit) -> list[User]:
        if unit.pk not in self._by_unit:
            lineage = [*unit.ancestor_ids(), unit.pk]
            self._by_unit[unit.pk] = list(
                User.objects.filter(is_active=True, unit_id__in=lineage,
                                    groups__name__in=list(ESCALATION_ROLES)).distinct().order_by("pk")
            )
        return self._by_unit[unit.pk]

    def administrators(self) -> list[User]:
        """Told instead when nobody of ``ESCALATION_ROLES`` works in a clock's chain."""
        if self._administrators is None:
            self._administrators = administrators()
        return self._administrators


def _owner_url(clock: Clock) -> str:
    getter = getattr(clock.owner, "get_absolute_url", None)
    return getter() if callable(getter) else "/sla/board/"


def _message(clock: Clock, level: str, step: str) -> tuple[str, str, str]:
    """The notification's kind, title and body; ``step`` names the time limit as the case's pages do."""
    case = clock.owner or clock
    # A day-counted clock is due by the end of its last day (``due_at`` is the next midnight): say that day.
    due = due_label(clock)
    if level == Card.YELLOW:
        return ("sla_reminder", _("Due soon: %(step)s") % {"step": step},
                _("%(case)s is due by %(due)s.") % {"case": case, "due": due})
    return ("sla_escalation", _("Overdue: %(step)s") % {"step": step},
            _("%(case)s was due by %(due)s and is overdue (red card).") % {"case": case, "due": due})


def _people(clock: Clock, level: str, recipients: _Recipients) -> tuple[list[User], list[User]]:
    """Who is told of ``clock`` at ``level`` in the ordinary words, and which administrators are told instead
    of a chain without an approver or supervisor (the assignee, if one of them, reads the administrators')."""
    # An owner may escalate some of its rules itself, to its own people (a hazard report's ten minutes go
    # to the brigade above): the card is still raised and shown, but the sweep tells no one a second time.
    if level == Card.RED and clock.rule.code in getattr(type(clock.owner), "SLA_RED_CARD_ESCALATED_BY_OWNER", ()):
        return [], []
    assignee = clock.assignee if clock.assignee and clock.assignee.is_active else None
    if level == Card.YELLOW:
        return ([assignee] if assignee else []), []
    people = list(recipients.escalation(clock.unit))
    fallback = [] if people else recipients.administrators()
    if assignee and assignee not in people and assignee not in fallback:
        people.append(assignee)
    return people, fallback


def _handle_batch(clocks: list[Clock], level: str, now: datetime, recipients: _Recipients) -> int:
    """Alerts, notifications and the handled marks for one locked batch, in a fixed number of queries."""
    already = set(SlaAlert.objects.filter(clock__in=clocks, level=level).values_list("clock_id", flat=True))
    steps = clock_rule_names(clocks)
    alerts: list[SlaAlert] = []
    requests: list[NotificationRequest] = []
    for clock in clocks:
        if clock.pk in already:  # raised before (e.g. marks lost by hand): never twice
            continue
        people, fallback = _people(clock, level, recipients)
        kind, title, body = _message(clock, level, steps[clock.pk])
        url = _owner_url(clock)
        alerts.append(SlaAlert(clock=clock, level=level, unit_id=clock.unit_id, assignee_id=clock.assignee_id,
                               due_at=clock.due_at, created_at=now, notified=len(people) + len(fallback)))
        requests.extend(NotificationRequest(recipient=user, kind=kind, title=title, body=body, url=url,
                                            dedupe_key=f"sla-{clock.pk}-{level}-{user.pk}") for user in people)
        if fallback:
            why_title, why_body = nobody_in_chain_words(roles=ESCALATION_ROLES, unit=clock.unit, title=title,
                                                        body=body)
            requests.extend(NotificationRequest(recipient=user, kind=kind, title=why_title, body=why_body, url=url,
                                                dedupe_key=f"sla-{clock.pk}-{level}-{user.pk}") for user in fallback)
    SlaAlert.objects.bulk_create(alerts)
    notify_many(requests)
    marks: dict[str, Any] = {"yellow_alerted_at": Coalesce("yellow_alerted_at", Value(now))}
    if level == Card.RED:
        marks["red_alerted_at"] = now
    Clock.objects.filter(pk__in=[c.pk for c in clocks]).update(**marks)
    return len(requests)


def _due_filter(level: str, now: datetime) -> Q:
    if level == Card.RED:
        return Q(status=ClockStatus.RUNNING, red_alerted_at__isnull=True, due_at__lte=now)
    # Yellow only for clocks not already overdue: those get the red alert instead.
    return Q(status=ClockStatus.RUNNING, yellow_alerted_at__isnull=True, yellow_at__lte=now, due_at__gt=now)


def sla_sweep(*, now: datetime | None = None, batch: int = 500, only: Iterable[int] | None = None) -> SweepResult:
    """Handle every clock that crossed a threshold by ``now``. Safe to run concurrently and repeatedly."""
    now = now or timezone.now()
    result = SweepResult()
    recipients = _Recipients()
    for level in (Card.RED, Card.YELLOW):
        while True:
            with transaction.atomic():
                candidates = Clock.objects.filter(_due_filter(level, now))
                if only is not None:
                    candidates = candidates.filter(pk__in=list(only))
                ids = list(candidates.select_for_update(skip_locked=True).order_by("due_at")
                           .values_list("pk", flat=True)[:batch])
                if not ids:
                    break
                clocks = list(Clock.objects.filter(pk__in=ids).select_related("rule", "unit", "assignee")
                              .prefetch_related("owner"))
                result.notifications += _handle_batch(clocks, level, now, recipients)
                result.clock_ids.extend(c.pk for c in clocks)
                if level == Card.RED:
                    result.red += len(clocks)
                else:
                    result.yellow += len(clocks)
            if len(ids) < batch:
                break
    return result
