"""Reading applications: the worklists (A12), an application's page, "three ones" figures (A5)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
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
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy

from approvals.enums import WORKLIST_STATUSES, ApplicationStatus, NoticeKind
from approvals.models import Application, ApplicationMaterial, Consultation, IntakeNotice, ThreeOnesBreach
from firesvc import workdays
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.sla.cards import card_expression
from firesvc.sla.enums import Card, ClockStatus
from firesvc.sla.models import Clock

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
    remaining: int | None  # working days (0: due today, negative: overdue); a paused case's at its pause

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0

    @property
    def status_label(self) -> str:
        return str(ApplicationStatus(self.status).label)

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
    cases = with_card(cases, now)
    if card in Card.values:
        cases = cases.filter(card=card)
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        green, due_at, pk = position
        cases = cases.alias(position=_Row(_not_green(), F("due_at"), F("pk"))).filter(
            position__gt=_Row(Value(not green), Value(due_at), Value(pk)))
    page = list(cases.order_by(_not_green(), "due_at", "pk").values_list(
        "pk", "number", "status", "green_channel", "project_name", "due_date", "matter__name", "applicant_name",
        "card", "due_at", "clock_paused_at")[:page_size + 1])
    today = timezone.localdate(now)
    left: dict[tuple[date, date], int] = {}  # working days left, per (from, due date): rows share them
    rows = []
    for pk, number, state, green, project, due_date, matter, applicant, current, _due, paused_at in page[:page_size]:
        remaining = None
        if due_date is not None:
            start = timezone.localdate(paused_at) if paused_at else today
            if (start, due_date) not in left:
                left[start, due_date] = workdays.workdays_between(start, due_date)
            remaining = left[start, due_date]
        rows.append(WorklistRow(pk, number, state, green, project, due_date, matter, applicant, current, remaining))
    next_cursor = None
    if len(page) > page_size:
        last = page[page_size - 1]
        next_cursor = encode_cursor(last[3], last[9], last[0])
    return WorklistPage(rows, next_cursor)


def awaiting_supplement(user: Any, *, limit: int = 100) -> QuerySet[Application]:
    """Cases waiting for the applicant after a one-time notice (not the staff's turn)."""
    return (Application.objects.visible_to(user).filter(status=ApplicationStatus.DEFICIENT)
            .select_related("matter", "enterprise").order_by("-updated_at")[:limit])


# What the application page prints of the case and of the one-to-one rows joined to it: loading every
# column of them cost more than the page's rest.
_CASE_FIELDS = ("number", "matter", "matter__name", "enterprise", "enterprise__name", "brigade", "brigade__name",
                "filed_by_clerk", "status", "project_name", "project_address", "building_area", "building_height",
                "floors", "use", "is_key_project", "is_livelihood_project", "green_channel", "contact_name",
                "contact_phone",
                "review__status", "review__reviewer", "review__reviewer__username", "review__reviewer__first_name",
                "review__reviewer__last_name", "review__notes", "review__sent_back_reason",
                "decision__kind", "decision__outcome", "decision__reasons", "decision__rectification_items",
                "decision__appeal_route", "decision__number", "decision__signed_at",
                "parallel_as_acceptance__number", "parallel_as_acceptance__created_at",
                "parallel_as_pre_opening__number", "parallel_as_pre_opening__created_at")
_CASE_JOINED = ("matter", "enterprise", "brigade", "review__reviewer", "decision", "parallel_as_acceptance",
                "parallel_as_pre_opening")
CASE_LISTS = ("notices", "required_items", "materials", "clocks", "inspections", "clock_notices")


def _case_lists() -> dict[str, Exists]:
    """Whether the application (the outer query's row) has rows in each list its page shows."""
    from approvals.models import RequiredItem
    from approvals.models_review import ClockNotice, SiteInspection

    mine = OuterRef("pk")
    return {
        "notices": Exists(IntakeNotice.objects.filter(application=mine)),
        "required_items": Exists(RequiredItem.objects.filter(application=mine)),
        "materials": Exists(ApplicationMaterial.objects.filter(application=mine)),
        "clocks": Exists(Clock.objects.filter(owner_type=ContentType.objects.get_for_model(Application),
                                              owner_id=mine)),
        "inspections": Exists(SiteInspection.objects.filter(application=mine)),
        "clock_notices": Exists(ClockNotice.objects.filter(application=mine)),
    }


def application_for_page(user: Any, pk: int) -> tuple[Application, dict[str, bool]]:
    """The application for its page, within ``visible_to`` (else ``Http404``), with its review, decision and
    parallel case joined in (None where there is none), and which of its lists (``CASE_LISTS``) have rows:
    the page shows about ten lists and one-to-one rows, most of them empty for most cases, and looks up
    only the lists that are not, so a fresh draft's page reads one row."""
    from django.shortcuts import get_object_or_404

    probes = _case_lists()
    application = get_object_or_404(
        Application.objects.visible_to(user).select_related(*_CASE_JOINED).only(*_CASE_FIELDS)
        .annotate(**{f"has_{name}": probe for name, probe in probes.items()}), pk=pk)
    return application, {name: getattr(application, f"has_{name}") for name in CASE_LISTS}


MY_APPLICATIONS_PAGE_SIZE = 50


class MyApplicationRow(NamedTuple):
    """A row of "my applications", as plain values."""

    pk: int
    number: str | None
    matter_name: str
    project_name: str
    status: str
    due_date: date | None
    created_at: datetime

    @property
    def status_label(self) -> str:
        return str(ApplicationStatus(self.status).label) if self.status in ApplicationStatus.values else self.status


@dataclass(frozen=True)
class MyApplicationsPage:
    """A page of "my applications": ``older`` and ``newer`` are the cursors of the next page (older
    applications) and of the previous one (newer), or None where there is none."""

    rows: list[MyApplicationRow]
    older: str | None
    newer: str | None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_my_cursor(created_at: datetime, pk: int) -> str:
    """A row's place in "my applications" (created_at to the microsecond, then id): ``<microseconds>-<id>``."""
    return f"{(created_at - _EPOCH) // timedelta(microseconds=1)}-{pk}"


def decode_my_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The place a cursor names, or None for a malformed one (then the first page is shown)."""
    micros, _, pk = cursor.partition("-")
    if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    try:
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


def applications_of(user: Any, *, account: Any | None = None, before: str = "", after: str = "",
                    page_size: int | None = None) -> MyApplicationsPage:
    """A page of the user's applications, newest first, as the values "my applications" lists.

    Keyset pages on (created_at, id), a total order: ``before`` (a cursor) gives the ``page_size``
    applications just older than it, ``after`` those just newer, neither the newest. Drafts filed
    meanwhile do not shift the pages, so every application is on exactly one page of an older-wards
    walk from the first. ``account``: the user's enterprise account, if the caller has it (``None``: looked
    up by ``visible_to``). A malformed cursor, or one past the end, gives the first page. ``page_size``:
    ``MY_APPLICATIONS_PAGE_SIZE`` unless given.
    """
    page_size = page_size or MY_APPLICATIONS_PAGE_SIZE
    place = decode_my_cursor(before or after) if (before or after) else None
    if place is not None:
        newer = not before
        rows = _my_rows(user, account, place, newer=newer, limit=page_size + 1)
        page = _my_page(rows[:page_size][::-1] if newer else rows[:page_size])
        if page:
            more_older, more_newer = (True, len(rows) > page_size) if newer else (len(rows) > page_size, True)
            return MyApplicationsPage(
                page, encode_my_cursor(page[-1].created_at, page[-1].pk) if more_older else None,
                encode_my_cursor(page[0].created_at, page[0].pk) if more_newer else None)
    rows = _my_rows(user, account, None, newer=False, limit=page_size + 1)
    page = _my_page(rows[:page_size])
    older = encode_my_cursor(page[-1].created_at, page[-1].pk) if len(rows) > page_size else None
    return MyApplicationsPage(page, older, None)


def _my_page(rows: list[tuple[Any, ...]]) -> list[MyApplicationRow]:
    return [MyApplicationRow(*row) for row in rows]


def _my_rows(user: Any, account: Any | None, place: tuple[datetime, int] | None, *, newer: bool,
             limit: int) -> list[tuple[Any, ...]]:
    """(id, number, matter's name, project, status, due date, created_at) of the visible applications just
    older than ``place`` (newest first), or just newer (oldest first), or the newest.

    An enterprise user with their account in hand (the page's case) reads their enterprise's rows
    (approvals_enterprise_idx) without ``visible_to`` looking the account up again; anyone else
    goes through ``visible_to``. tests/approvals/test_application_page.py holds the two together.
    """
    if account is None or account.user_id != getattr(user, "pk", None) or user.is_staff_member:
        visible = Application.objects.visible_to(user)
    elif account.can_file:
        visible = Application.objects.filter(enterprise_id=account.enterprise_id)
    else:
        return []
    if place is not None:
        at, pk = place
        visible = visible.filter(Q(created_at__gt=at) | Q(created_at=at, pk__gt=pk) if newer else
                                 Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    order = ("created_at", "pk") if newer else ("-created_at", "-pk")
    return list(visible.order_by(*order).values_list(
        "pk", "number", "matter__name", "project_name", "status", "due_date", "created_at")[:limit])


class ParallelRow(NamedTuple):
    """A parallel case as "my applications" lists it."""

    pk: int
    number: str
    closed_at: datetime | None
    project_name: str
    acceptance_due: date | None
    pre_opening_due: date | None

    def get_absolute_url(self) -> str:
        return reverse("approvals:parallel_case", args=[self.pk])

    @property
    def due_date(self) -> date | None:
        """The later track's due date, as ``ParallelCase.due_date``."""
        return max((d for d in (self.acceptance_due, self.pre_opening_due) if d), default=None)


def parallel_cases_of(user: Any, *, account: Any | None = None, limit: int = 50) -> list[ParallelRow]:
    """The newest parallel cases the user may see (``ParallelCase.objects.visible_to``), as rows; an
    enterprise user with their account in hand reads their enterprise's, as ``_my_rows``."""
    from approvals.models import ParallelCase

    if account is None or account.user_id != getattr(user, "pk", None) or user.is_staff_member:
        cases = ParallelCase.objects.visible_to(user)
    elif account.can_file:
        cases = ParallelCase.objects.filter(enterprise_id=account.enterprise_id).order_by("-created_at", "-pk")
    else:
        return []
    return [ParallelRow(*row) for row in cases.values_list(
        "pk", "number", "closed_at", "acceptance__project_name", "acceptance__due_date",
        "pre_opening__due_date")[:limit]]


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
