"""Reading applications: the worklists (A12), an application's page, "three ones" figures (A5)."""

from __future__ import annotations

import base64
import binascii
import functools
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from approvals.enums import WORKLIST_STATUSES, ApplicationStatus, NoticeKind
from approvals.models import Application, Consultation, IntakeNotice, Matter, ThreeOnesBreach
from firesvc import workdays
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.core.prepared import fetch_prepared, prepares
from firesvc.sla.enums import Card

PAGE_SIZE = 25
MATTER_NAMES_SECONDS = 60  # how long a process keeps the matters' names (the catalogue changes rarely)
_matter_names: tuple[float, dict[int, str]] = (0.0, {})


def matter_names(*, need: set[int] | frozenset[int] = frozenset()) -> dict[int, str]:
    """Every matter's name by id, retired ones included, kept in the process for a minute: the worklist
    prints them on every row and a lookup per row cost the page's query more than anything else it
    joins. A matter missing from the kept names (added since) reloads them at once."""
    global _matter_names
    loaded_at, names = _matter_names
    if time.monotonic() - loaded_at > MATTER_NAMES_SECONDS or not need <= names.keys():
        names = dict(Matter.objects.values_list("pk", "name"))
        _matter_names = (time.monotonic(), names)
    return names


def forget_matter_names(**_signal: Any) -> None:
    """Drop the kept names (a matter was saved or deleted in this process)."""
    global _matter_names
    _matter_names = (0.0, {})


class WorklistRow(NamedTuple):
    """What a worklist row shows, as plain values: building 26 × 3 model instances for it cost more than
    its query (bench/worklist.py)."""

    pk: int
    number: str | None
    status: str
    green_channel: bool
    project_name: str
    due_date: date | None
    matter_name: str
    applicant_name: str  # 申请单位, as the case carries it
    card: str
    remaining: int | None  # working days (0: due today, negative: overdue)

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


@dataclass(frozen=True)
class WorklistPage:
    rows: list[WorklistRow]
    next_cursor: str | None


def encode_cursor(green_channel: bool, due_at: datetime | str, pk: int) -> str:
    """A row's place in the worklist; ``due_at`` an aware datetime or PostgreSQL's text of one."""
    raw = f"{int(green_channel)}|{due_at if isinstance(due_at, str) else due_at.isoformat()}|{pk}"
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


# The worklist's order, green channel first, then due_at, then id, as one ascending key
# (not green channel, due_at, id). Ordered by it, and with "after the cursor" as one row
# comparison, every page is a single range of approvals_worklist_order_idx. A row holds what
# the page shows, in WorklistRow's order, then due_at and yellow_at for the card.


# Which cases show a card at ``now`` (as Clock.card()), for the worklist's query (see _worklist_sql).
_CARD_SQL = {Card.RED: "a.due_at <= %(now)s", Card.YELLOW: "a.due_at > %(now)s AND a.yellow_at <= %(now)s",
             Card.GREEN: "a.yellow_at > %(now)s"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")  # a value's place in _worklist_statement's text


def worklist(
    user: Any, *, unit_id: int | None = None, matter_code: str = "", status: str = "", card: str = "",
    cursor: str = "", page_size: int = PAGE_SIZE, now: datetime | None = None,
) -> WorklistPage:
    """Cases with a running clock in the staff member's scope: green channel first, then the nearest due date.

    Keyset pagination on (not green_channel, due_at, id) over a partial index: no COUNT, no
    OFFSET and no sort, so a page costs the same on page 1 and page 10,000 (bench/worklist.py).
    The scope is ``Application.objects.visible_to`` for staff (tests/approvals/test_worklist_query.py
    holds the two together); enterprise users have no worklist.
    """
    now = now or timezone.now()
    scope = scope_unit_ids(user)
    if scope == [] or not getattr(user, "is_staff_member", False):
        return WorklistPage([], None)
    position = decode_cursor(cursor) if cursor else None
    page = _worklist_sql(scope, unit_id=unit_id, matter_code=matter_code,
                         status=status if status in WORKLIST_STATUSES else "", card=card, position=position,
                         limit=page_size + 1, now=now)
    today = timezone.localdate(now)
    names = matter_names(need={row[6] for row in page})
    left: dict[date, int] = {}  # working days left, per due date (rows share them)
    rows = []
    for pk, number, state, green, project, due_date, matter, applicant, current, _due in page[:page_size]:
        if due_date is None:
            remaining = None
        elif due_date in left:
            remaining = left[due_date]
        else:
            remaining = left[due_date] = workdays.workdays_between(today, due_date)
        rows.append(WorklistRow(pk, number, state, green, project, due_date, names[matter], applicant,
                                current, remaining))
    if len(page) > page_size:
        last = page[page_size - 1]  # green_channel, due_at (PostgreSQL's text with its offset), pk
        due_at = last[9] if isinstance(last[9], str) and last[9][-3] in "+-" else _as_aware(last[9])
        next_cursor = encode_cursor(last[3], due_at, last[0])
    else:
        next_cursor = None
    return WorklistPage(rows, next_cursor)


def _worklist_sql(scope: list[int] | None, *, unit_id: int | None, matter_code: str, status: str, card: str,
                  position: tuple[bool, datetime, int] | None, limit: int, now: datetime) -> list[tuple[Any, ...]]:
    """The worklist's page as rows (WorklistRow's values up to the card, with the matter's id for its name,
    then due_at as text), by one hand-written query (``_worklist_statement``).

    On PostgreSQL the statement is prepared once per database session and filter shape
    (``firesvc.core.prepared``): parsing and planning it cost more than running it (0.24 ms against
    0.1 ms), and PostgreSQL keeps one generic plan for it after five executions (the same index range).
    """
    connection = connections[Application.objects.db]
    postgresql = prepares(connection)
    card = card if card in _CARD_SQL else ""
    sql, names = _worklist_statement(
        postgresql=postgresql, scope_size=-1 if scope is None else 0 if postgresql else len(scope),
        unit=bool(unit_id), matter=bool(matter_code), status=bool(status), card=card,
        after=position is not None, limit=limit)
    values: dict[str, Any] = {"now": connection.ops.adapt_datetimefield_value(now), "unit": unit_id,
                              "matter": matter_code, "status": status}
    if scope is not None and postgresql:  # an array literal: psycopg adapts a list item by item
        values["scope"] = "{" + ",".join(str(int(pk)) for pk in scope) + "}"
    elif scope is not None:
        values.update((f"scope{n}", pk) for n, pk in enumerate(scope))
    if position is not None:
        green, due_at, pk = position
        values.update(after_not_green=not green, after_due=connection.ops.adapt_datetimefield_value(due_at),
                      after_pk=pk)
    if postgresql:
        return fetch_prepared(connection, sql, [values[name] for name in names], family="worklist")
    with connection.cursor() as db:
        db.execute(sql, {name: values[name] for name in names})
        rows = db.fetchall()
    # SQLite gives back booleans as integers and dates as text.
    return [(pk, number, state, bool(green), project, _as_date(due_date), matter, applicant, current, due_at)
            for pk, number, state, green, project, due_date, matter, applicant, current, due_at in rows]


@functools.lru_cache(maxsize=512)
def _worklist_statement(*, postgresql: bool, scope_size: int, unit: bool, matter: bool, status: bool, card: str,
                        after: bool, limit: int) -> tuple[str, tuple[str, ...]]:
    """The worklist's statement for one shape of filters, and the names of its values in order.

    Written as SQL rather than through the ORM because building and compiling the queryset cost
    more than running it (about 2 ms of a 5 ms page, bench/worklist.py); the query is the one the
    ORM wrote, so it is the same single range of ``approvals_worklist_order_idx``, which carries every
    column a row reads (an index-only scan): the applicant's name is the case's own ``applicant_name``
    (reading 26 enterprises cost a third of the query) and the matter's name comes from ``matter_names``
    (a lookup per row was a third of the query's time). The status list and the ``LIMIT`` stay
    literal: the partial index's condition must be provable from the query, and the plan must know
    how few rows are wanted. ``scope_size``: -1 for every unit, 0 for an array of units (PostgreSQL),
    else the number of units listed. PostgreSQL gets ``$1`` … placeholders, others ``%(name)s``.
    """
    from firesvc.accounts.models import OrgUnit

    statuses = ", ".join(f"'{s.value}'" for s in WORKLIST_STATUSES)  # enum values, not input
    where = [f"a.status IN ({statuses})", "a.due_at IS NOT NULL"]
    if scope_size == 0:  # one array: the statement's text is the same for every scope
        where.append("a.brigade_id = ANY(%(scope)s)")
    elif scope_size > 0:
        where.append(f"a.brigade_id IN ({', '.join(f'%(scope{n})s' for n in range(scope_size))})")
    if unit:  # the unit's subtree; paths are digits and slashes ("/1/2/"), nothing LIKE would read
        units = OrgUnit._meta.db_table
        where.append(f"a.brigade_id IN (SELECT s.id FROM {units} s WHERE s.path LIKE "  # noqa: S608
                     f"(SELECT p.path FROM {units} p WHERE p.id = %(unit)s) || '%%')")
    if matter:
        where.append(f"a.matter_id IN (SELECT m.id FROM {Matter._meta.db_table} m "  # noqa: S608
                     "WHERE m.code = %(matter)s)")
    if status:
        where.append("a.status = %(status)s")
    if card:
        where.append(_CARD_SQL[Card(card)])
    if after:
        where.append("(NOT a.green_channel, a.due_at, a.id) > (%(after_not_green)s, %(after_due)s, %(after_pk)s)")
    # The card as Clock.card() gives it, and due_at as text: only the last row's is ever read (for the
    # cursor), and converting 52 timestamps with their time zone cost more than the query's planning.
    sql = (
        "SELECT a.id, a.number, a.status, a.green_channel, a.project_name, a.due_date, "  # noqa: S608
        "a.matter_id, a.applicant_name, "
        f"CASE WHEN a.due_at <= %(now)s THEN '{Card.RED.value}' "
        f"WHEN a.yellow_at <= %(now)s THEN '{Card.YELLOW.value}' ELSE '{Card.GREEN.value}' END, "
        f"{'a.due_at::text' if postgresql else 'a.due_at'} FROM {Application._meta.db_table} a "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY NOT a.green_channel, a.due_at, a.id LIMIT {int(limit)}"
    )
    names = tuple(dict.fromkeys(_PLACEHOLDER.findall(sql)))  # in order of first use
    if postgresql:
        sql = _PLACEHOLDER.sub(lambda m: f"${names.index(m.group(1)) + 1}", sql)
    return sql, names


def _as_aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if timezone.is_naive(value) else value


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def awaiting_supplement(user: Any, *, limit: int = 100) -> QuerySet[Application]:
    """Cases waiting for the applicant after a one-time notice (not the staff's turn)."""
    return (Application.objects.visible_to(user).filter(status=ApplicationStatus.DEFICIENT)
            .select_related("matter", "enterprise").order_by("-updated_at")[:limit])


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
    names = matter_names(need={row[2] for row in rows})
    return [MyApplicationRow(pk, number, names[matter], project, state, due_date, created_at)
            for pk, number, matter, project, state, due_date, created_at in rows]


def _my_rows(user: Any, account: Any | None, place: tuple[datetime, int] | None, *, newer: bool,
             limit: int) -> list[tuple[Any, ...]]:
    """(id, number, matter id, project, status, due date, created_at) of the visible applications just older
    than ``place`` (newest first), or just newer (oldest first), or the newest.

    For an enterprise user with their account in hand (the page's case), one hand-written query on the
    enterprise's rows: building and compiling the queryset cost four times what running it does (about
    0.3 ms, as the worklist found). Anyone else goes through the ORM and ``visible_to``;
    tests/approvals/test_my_applications_page.py holds the two together.
    """
    if account is None or account.user_id != getattr(user, "pk", None) or user.is_staff_member:
        visible = Application.objects.visible_to(user)
        if place is not None:
            at, pk = place
            visible = visible.filter(Q(created_at__gt=at) | Q(created_at=at, pk__gt=pk) if newer else
                                     Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
        order = ("created_at", "pk") if newer else ("-created_at", "-pk")
        return list(visible.order_by(*order).values_list(
            "pk", "number", "matter_id", "project_name", "status", "due_date", "created_at")[:limit])
    if not account.can_file:
        return []
    from django.db import connection

    params: dict[str, Any] = {"enterprise": account.enterprise_id, "limit": limit}
    where = "a.enterprise_id = %(enterprise)s"
    if place is not None:
        params.update(at=connection.ops.adapt_datetimefield_value(place[0]), pk=place[1])
        where += f" AND (a.created_at, a.id) {'>' if newer else '<'} (%(at)s, %(pk)s)"
    direction = "" if newer else " DESC"
    sql = ("SELECT a.id, a.number, a.matter_id, a.project_name, a.status, a.due_date, a.created_at "  # noqa: S608
           f"FROM {Application._meta.db_table} a WHERE {where} "
           f"ORDER BY a.created_at{direction}, a.id{direction} LIMIT %(limit)s")  # the table's name, no input
    with connection.cursor() as db:
        db.execute(sql, params)
        rows = db.fetchall()
    if connection.vendor == "postgresql":
        return rows
    # SQLite gives back datetimes as naive UTC.
    return [(*row[:5], _as_date(row[5]), _as_aware(row[6])) for row in rows]


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
    """The newest parallel cases the user may see (``ParallelCase.objects.visible_to``), as rows; for an
    enterprise user with their account in hand, by one hand-written query as ``_my_rows`` (the
    queryset's compiling was 0.4 ms, most of it for a list that is usually empty)."""
    from approvals.models import ParallelCase

    if account is None or account.user_id != getattr(user, "pk", None) or user.is_staff_member:
        return [ParallelRow(*row) for row in ParallelCase.objects.visible_to(user).values_list(
            "pk", "number", "closed_at", "acceptance__project_name", "acceptance__due_date",
            "pre_opening__due_date")[:limit]]
    if not account.can_file:
        return []
    from django.db import connection

    cases, applications = ParallelCase._meta.db_table, Application._meta.db_table
    sql = ("SELECT p.id, p.number, p.closed_at, a.project_name, a.due_date, o.due_date "  # noqa: S608
           f"FROM {cases} p JOIN {applications} a ON a.id = p.acceptance_id "
           f"JOIN {applications} o ON o.id = p.pre_opening_id WHERE p.enterprise_id = %s "
           "ORDER BY p.created_at DESC, p.id DESC LIMIT %s")  # tables' names, no input
    with connection.cursor() as db:
        db.execute(sql, [account.enterprise_id, limit])
        rows = db.fetchall()
    if connection.vendor == "postgresql":
        return [ParallelRow(*row) for row in rows]
    return [ParallelRow(pk, number, _as_aware(closed), project, _as_date(due), _as_date(due_other))
            for pk, number, closed, project, due, due_other in rows]


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
