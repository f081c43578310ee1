"""Reading the clerks' worklists (A12): the cases with a running clock, by card, keyset-paged."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Field,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy

from approvals.enums import WORKLIST_STATUSES, ApplicationStatus
from approvals.models import Application
from approvals.status_words import status_label
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.sla.cards import card_expression, card_of
from firesvc.sla.deadlines import clock_remaining
from firesvc.sla.enums import Card, ClockStatus, LimitUnit

PAGE_SIZE = 25


class WorklistRow(NamedTuple):
    """What a worklist row shows, as plain values."""

    pk: int
    number: str | None
    status: str
    green_channel: bool
    project_name: str
    due_date: date | None
    matter_name: str
    applicant_name: str  # 申请单位, as the case carries it
    card: str
    # Units of ``unit`` left, as the case page counts them (firesvc.sla.deadlines.clock_remaining): 0 on the last
    # day, negative when overdue; a paused case's as it was paused, what is left once it resumes.
    remaining: int | None
    # A parallel case's pre-opening track that may not be approved yet (services.parallel_tracks.parallel_sign_guard).
    awaiting_acceptance: bool = False
    paused: bool = False  # its time limit is paused
    unit: str = LimitUnit.WORKDAYS.value  # the clock's (``LimitUnit``): working days, days (日), hours, minutes
    matter_code: str = ""
    drawn: bool | None = None  # a completion filing drawn for a spot check (None: not drawn yet)

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0

    @property
    def unit_label(self) -> str:
        """The unit as the case page names it (个工作日, 日…)."""
        return str(LimitUnit(self.unit).label)

    @property
    def status_label(self) -> str:
        return status_label(self.status, matter_code=self.matter_code, drawn=self.drawn)

    @property
    def card_label(self) -> str:
        return _CARD_WORDS[self.card]


# The worklist's card badge says only the colour (the filter's choices say what it means).
_CARD_WORDS = {Card.RED.value: gettext_lazy("Red"), Card.YELLOW.value: gettext_lazy("Yellow"),
               Card.GREEN.value: gettext_lazy("Green")}


@dataclass(frozen=True)
class WorklistPage:
    rows: list[WorklistRow]
    next_cursor: str | None


def encode_cursor(green_channel: bool, due_at: datetime, pk: int) -> str:
    """A row's place in the worklist."""
    raw = f"{int(green_channel)}|{due_at.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[bool, datetime, int] | None:
    """The keyset position of a cursor, or None for a malformed one (then the first page is shown)."""
    try:
        green, due, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        due_at = parse_datetime(due)
        if due_at is None or green not in ("0", "1"):
            return None
        return green == "1", due_at, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


class _Row(Func):
    """A row value ``(a, b, …)``: compared with another, one range of an index on the same columns."""

    template = "(%(expressions)s)"
    output_field = Field()


def _not_green() -> ExpressionWrapper:
    # The order's first key exactly as approvals_worklist_order_idx declares it.
    return ExpressionWrapper(Q(green_channel=False), output_field=BooleanField())


def with_card(applications: QuerySet[Application], now: datetime) -> QuerySet[Application]:
    """``applications`` annotated with ``card``: the card ``firesvc.sla.cards`` gives the case's current
    clock at ``now``, read from the deadline and pause instant denormalised on the application (a paused
    case's card is the one it had when paused)."""
    return applications.annotate(card=card_expression(now, {
        "status": Case(When(clock_paused_at__isnull=False, then=Value(ClockStatus.PAUSED.value)),
                       default=Value(ClockStatus.RUNNING.value), output_field=CharField()),
        "paused_at": "clock_paused_at",
        "stopped_at": Value(None, output_field=DateTimeField()),  # a case with a deadline has an open clock
    }))


def row_card(*, now: datetime, due_at: datetime, yellow_at: datetime | None, paused_at: datetime | None) -> Card:
    """The card ``with_card`` gives a row, read in Python from the same values (the page's rows need no
    expression in their query; the card filter does)."""
    return card_of(status=ClockStatus.PAUSED if paused_at is not None else ClockStatus.RUNNING, now=now,
                   due_at=due_at, yellow_at=yellow_at, paused_at=paused_at)


def worklist(
    user: Any, *, unit_id: int | None = None, matter_code: str = "", status: str = "", card: str = "",
    cursor: str = "", page_size: int = PAGE_SIZE, now: datetime | None = None,
) -> WorklistPage:
    """Cases with a running clock in the staff member's scope: green channel first, then the nearest due date.

    Keyset pagination on (not green_channel, due_at, id), the key of approvals_worklist_order_idx:
    no COUNT, no OFFSET and no sort, so a page costs the same on page 1 and page 10,000. The scope
    is ``Application.objects.visible_to`` for staff (tests/approvals/test_worklist_query.py holds the
    two together); enterprise users have no worklist. The card is the case page's
    (``firesvc.sla.cards``): a paused case is not overdue.
    """
    now = now or timezone.now()
    scope = scope_unit_ids(user)
    if scope == [] or not getattr(user, "is_staff_member", False):
        return WorklistPage([], None)
    cases = Application.objects.filter(status__in=WORKLIST_STATUSES, due_at__isnull=False)
    if scope is not None:
        cases = cases.filter(brigade_id__in=scope)
    if unit_id:  # the unit's subtree
        from firesvc.accounts.models import OrgUnit

        path = OrgUnit.objects.filter(pk=unit_id).order_by().values("path")[:1]
        cases = cases.filter(brigade__in=OrgUnit.objects.filter(path__startswith=Subquery(path)).values("pk"))
    if matter_code:
        cases = cases.filter(matter__code=matter_code)
    if status in WORKLIST_STATUSES:
        cases = cases.filter(status=status)
    if card in Card.values:
        cases = with_card(cases, now).filter(card=card)
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        green, due_at, pk = position
        cases = cases.alias(position=_Row(_not_green(), F("due_at"), F("pk"))).filter(
            position__gt=_Row(Value(not green), Value(due_at), Value(pk)))
    page = list(cases.annotate(awaiting=_awaiting_acceptance()).order_by(_not_green(), "due_at", "pk").values_list(
        "pk", "number", "status", "green_channel", "project_name", "due_date", "matter__name", "applicant_name",
        "yellow_at", "due_at", "clock_paused_at", "clock_unit", "awaiting", "matter__code",
        "spot_check__selected")[:page_size + 1])
    tz = timezone.get_current_timezone()
    rows = []
    for (pk, number, state, green, project, due_date, matter, applicant, yellow_at, due_at, paused_at, unit,
         awaiting, matter_code, drawn) in page[:page_size]:
        current = row_card(now=now, due_at=due_at, yellow_at=yellow_at, paused_at=paused_at).value
        unit = unit or LimitUnit.WORKDAYS.value  # a row written without Django (see Application.clock_unit)
        remaining = clock_remaining(unit=unit, now=now, due_at=due_at, due_date=due_date, paused_at=paused_at, tz=tz)
        rows.append(WorklistRow(pk, number, state, green, project, due_date, matter, applicant, current, remaining,
                                awaiting_acceptance=state == ApplicationStatus.ACCEPTED and awaiting,
                                paused=paused_at is not None, unit=unit, matter_code=matter_code, drawn=drawn))
    next_cursor = None
    if len(page) > page_size:
        last = page[page_size - 1]
        next_cursor = encode_cursor(last[3], last[9], last[0])
    return WorklistPage(rows, next_cursor)


def _awaiting_acceptance() -> Exists:
    """Whether the case is the pre-opening track of a parallel case whose acceptance track is not approved
    (as ``awaiting_acceptance`` says), read with the page's rows: only the page's rows evaluate it, on the
    unique index of ``ParallelCase.pre_opening``."""
    from approvals.models import ParallelCase

    return Exists(ParallelCase.objects.filter(pre_opening=OuterRef("pk"))
                  .exclude(acceptance__status=ApplicationStatus.APPROVED))


def awaiting_supplement(user: Any, *, limit: int = 100) -> QuerySet[Application]:
    """Cases waiting for the applicant after a one-time notice (not the staff's turn)."""
    return (Application.objects.visible_to(user).filter(status=ApplicationStatus.DEFICIENT)
            .select_related("matter", "enterprise").order_by("-updated_at")[:limit])
