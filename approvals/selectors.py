"""Reading applications: the worklists (A12), an application's page, "three ones" figures (A5)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Field, Func, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from approvals.enums import WORKLIST_STATUSES, ApplicationStatus, NoticeKind
from approvals.models import Application, Consultation, IntakeNotice, ThreeOnesBreach
from firesvc import workdays
from firesvc.sla.enums import Card

PAGE_SIZE = 25


@dataclass(frozen=True)
class WorklistRow:
    """What a worklist row shows, as plain values: building 26 × 3 model instances for it cost more than
    its query (bench/worklist.py)."""

    pk: int
    number: str | None
    status: str
    green_channel: bool
    project_name: str
    due_date: date | None
    matter_name: str
    enterprise_name: str
    card: str
    remaining: int | None  # working days (0: due today, negative: overdue)

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


@dataclass(frozen=True)
class WorklistPage:
    rows: list[WorklistRow]
    next_cursor: str | None


def encode_cursor(green_channel: bool, due_at: datetime, pk: int) -> str:
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
    """A row value ``(a, b, c)``: compared with another row, it is lexicographic order."""

    function = ""
    output_field = Field()


# The worklist's order, green channel first, then due_at, then id, as one ascending key
# (not green channel, due_at, id). Ordered by it, and with "after the cursor" as one row
# comparison, every page is a single range of approvals_worklist_order_idx.
_NOT_GREEN = ExpressionWrapper(Q(green_channel=False), output_field=BooleanField())
# What a worklist row shows and is ordered by (the order of WorklistRow's values, then the card's).
_WORKLIST_FIELDS = ("pk", "number", "status", "green_channel", "project_name", "due_date", "matter__name",
                    "enterprise__name", "due_at", "yellow_at")


def card_filter(card: str, now: datetime) -> Q:
    if card == Card.RED:
        return Q(due_at__lte=now)
    if card == Card.YELLOW:
        return Q(due_at__gt=now, yellow_at__lte=now)
    if card == Card.GREEN:
        return Q(yellow_at__gt=now)
    return Q()


def worklist(
    user: Any, *, unit_id: int | None = None, matter_code: str = "", status: str = "", card: str = "",
    cursor: str = "", page_size: int = PAGE_SIZE, now: datetime | None = None,
) -> WorklistPage:
    """Cases with a running clock in the user's scope: green channel first, then the nearest due date.

    Keyset pagination on (not green_channel, due_at, id) over a partial index: no COUNT, no
    OFFSET and no sort, so a page costs the same on page 1 and page 10,000 (bench/worklist.py).
    """
    now = now or timezone.now()
    qs = Application.objects.visible_to(user).filter(status__in=WORKLIST_STATUSES, due_at__isnull=False)
    if unit_id:
        from firesvc.accounts.models import OrgUnit

        unit = OrgUnit.objects.filter(pk=unit_id).first()
        qs = qs.filter(brigade__path__startswith=unit.path) if unit else qs.none()
    if matter_code:
        qs = qs.filter(matter__code=matter_code)
    if status in WORKLIST_STATUSES:
        qs = qs.filter(status=status)
    if card:
        qs = qs.filter(card_filter(card, now))
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        green, due_at, pk = position
        qs = qs.filter(GreaterThan(_Row(_NOT_GREEN, F("due_at"), F("pk")),
                                   _Row(Value(not green), Value(due_at), Value(pk))))
    page = list(qs.order_by(_NOT_GREEN.asc(), "due_at", "pk").values_list(*_WORKLIST_FIELDS)[: page_size + 1])
    today = timezone.localdate(now)
    rows = []
    for *shown, due_at, yellow_at in page[:page_size]:
        if due_at <= now:
            current = Card.RED
        elif yellow_at and yellow_at <= now:
            current = Card.YELLOW
        else:
            current = Card.GREEN
        due_date = shown[5]
        remaining = workdays.workdays_between(today, due_date) if due_date else None
        rows.append(WorklistRow(*shown, card=current.value, remaining=remaining))
    if len(page) > page_size:
        last = page[page_size - 1]
        next_cursor = encode_cursor(last[3], last[8], last[0])  # green_channel, due_at, pk
    else:
        next_cursor = None
    return WorklistPage(rows, next_cursor)


def awaiting_supplement(user: Any, *, limit: int = 100) -> QuerySet[Application]:
    """Cases waiting for the applicant after a one-time notice (not the staff's turn)."""
    return (Application.objects.visible_to(user).filter(status=ApplicationStatus.DEFICIENT)
            .select_related("matter", "enterprise").order_by("-updated_at")[:limit])


def applications_of(user: Any) -> QuerySet[Application]:
    """The user's applications, newest first, with what "my applications" lists (other fields load on access,
    one query each): up to 200 rows of full instances with their enterprise cost more than the page's rest."""
    return (Application.objects.visible_to(user).select_related("matter")
            .only("number", "status", "project_name", "due_date", "created_at", "matter__name")
            .order_by("-created_at"))


@dataclass(frozen=True)
class ThreeOnesFigures:
    """Per clerk (or window): 一次性说清 / 一次性给清 / 一次性写清."""

    label: str
    consultations: int
    resolved_first: int
    forms_handed: int
    applications_taken_in: int
    deficiency_notices: int
    breaches: int

    @property
    def first_contact_rate(self) -> float | None:
        return self.resolved_first / self.consultations if self.consultations else None

    @property
    def notices_per_application(self) -> float | None:
        return self.deficiency_notices / self.applications_taken_in if self.applications_taken_in else None


def three_ones_figures(user: Any, *, start: date, end: date, by: str = "clerk") -> list[ThreeOnesFigures]:
    """The "three ones" figures in the user's scope for [start, end], per clerk or per window."""
    from firesvc.accounts.scoping import unit_scope_q

    scope = unit_scope_q(user, "unit") or Q()
    notice_scope = unit_scope_q(user, "application__brigade") or Q()
    key = "clerk__window_number" if by == "window" else "clerk_id"
    consultations = (Consultation.objects.filter(scope, created_at__date__range=(start, end))
                     .values(key).annotate(total=Count("pk"), first=Count("pk", filter=Q(resolved_first_contact=True)),
                                           forms=Count("pk", filter=Q(forms_handed_out=True))))
    notice_key = "issued_by__window_number" if by == "window" else "issued_by_id"
    notices = (IntakeNotice.objects.filter(notice_scope, issued_at__date__range=(start, end))
               .values(notice_key).annotate(
                   deficiency=Count("pk", filter=Q(kind=NoticeKind.DEFICIENCY)),
                   taken_in=Count("application", distinct=True)))
    breach_key = "clerk__window_number" if by == "window" else "clerk_id"
    breaches = (ThreeOnesBreach.objects.filter(scope, created_at__date__range=(start, end))
                .values(breach_key).annotate(n=Count("pk")))
    table: dict[Any, dict[str, int]] = {}
    for row in consultations:
        table.setdefault(row[key], {}).update(consultations=row["total"], resolved_first=row["first"],
                                             forms_handed=row["forms"])
    for row in notices:
        table.setdefault(row[notice_key], {}).update(deficiency_notices=row["deficiency"],
                                                    applications_taken_in=row["taken_in"])
    for row in breaches:
        table.setdefault(row[breach_key], {}).update(breaches=row["n"])
    labels = _labels(by, [k for k in table if k is not None])
    result = []
    for k, values in table.items():
        if k is None:
            continue
        result.append(ThreeOnesFigures(
            label=labels.get(k, str(k)), consultations=values.get("consultations", 0),
            resolved_first=values.get("resolved_first", 0), forms_handed=values.get("forms_handed", 0),
            applications_taken_in=values.get("applications_taken_in", 0),
            deficiency_notices=values.get("deficiency_notices", 0), breaches=values.get("breaches", 0),
        ))
    return sorted(result, key=lambda f: f.label)


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    if by == "window":
        return {k: k or "—" for k in keys}
    from firesvc.accounts.models import User

    return {u.pk: str(u) for u in User.objects.filter(pk__in=keys)}
