"""Reading applications for their applicants: the application page and "my applications" (A3)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    DateField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext

from approvals.enums import ApplicationStatus, MatterCode, NoticeKind
from approvals.models import Application, ApplicationMaterial, IntakeNotice
from approvals.status_words import status_label
from firesvc.sla.models import Clock

# What the application page prints of the case and of the rows it names: loading every column of them
# cost more than the page's rest.
_CASE_FIELDS = ("number", "matter", "matter__name", "matter__code", "matter__rule_code", "enterprise",
                "enterprise__name", "brigade", "brigade__name", "filed_by_clerk", "status", "project_name",
                "project_address", "building_area", "building_height",
                "floors", "use", "is_key_project", "is_livelihood_project", "green_channel", "contact_name",
                "contact_phone", "query_code", "accepted_at", "closed_at", "applicant", "due_date")
_CASE_JOINED = ("matter", "enterprise", "brigade")
_REVIEW_FIELDS = ("application", "status", "reviewer", "reviewer__username", "reviewer__first_name",
                  "reviewer__last_name", "notes", "sent_back_reason")
_DECISION_FIELDS = ("application", "kind", "outcome", "reasons", "rectification_items", "appeal_route",
                    "override_reason", "override_items", "number", "signed_at")
CASE_LISTS = ("notices", "required_items", "materials", "clocks", "inspections", "clock_notices",
              "review", "decision", "parallel_case")


@functools.cache
def _case_lists() -> dict[str, Exists]:
    """Whether the application (the outer query's row) has rows in each list or one-to-one row its page shows.

    Built once per process: these are query shapes, not data (the clock's owner type is named, not its id),
    and ``annotate`` copies each before resolving it against the outer query."""
    from approvals.models import RequiredItem
    from approvals.models_review import ClockNotice, Decision, ParallelCase, Review, SiteInspection

    mine = OuterRef("pk")
    return {
        "notices": Exists(IntakeNotice.objects.filter(application=mine)),
        "required_items": Exists(RequiredItem.objects.filter(application=mine)),
        "materials": Exists(ApplicationMaterial.objects.filter(application=mine)),
        "clocks": Exists(Clock.objects.filter(owner_type=Subquery(ContentType.objects.filter(
            app_label=Application._meta.app_label, model=Application._meta.model_name).values("pk")[:1]),
            owner_id=mine)),
        "inspections": Exists(SiteInspection.objects.filter(application=mine)),
        "clock_notices": Exists(ClockNotice.objects.filter(application=mine)),
        "review": Exists(Review.objects.filter(application=mine)),
        "decision": Exists(Decision.objects.filter(application=mine)),
        "parallel_case": Exists(ParallelCase.objects.filter(Q(acceptance=mine) | Q(pre_opening=mine))),
    }


def application_for_page(user: Any, pk: int) -> tuple[Application, dict[str, bool]]:
    """The application for its page, within ``visible_to`` (else ``Http404``), with its matter, enterprise
    and brigade joined in, and which of its lists and one-to-one rows (``CASE_LISTS``) exist: the page
    shows about ten of them, most empty for most cases, and looks up only those that are not, so a fresh
    draft's page reads one row. The query joins only the three tables it prints from, so that PostgreSQL
    plans it in a fraction of the time a join of every one-to-one row took (``case_rows`` reads those)."""
    from django.shortcuts import get_object_or_404

    probes = _case_lists()
    application = get_object_or_404(
        Application.objects.visible_to(user).select_related(*_CASE_JOINED).only(*_CASE_FIELDS)
        .annotate(**{f"has_{name}": probe for name, probe in probes.items()}), pk=pk)
    return application, {name: getattr(application, f"has_{name}") for name in CASE_LISTS}


@dataclass(frozen=True)
class CaseRows:
    """The one-to-one rows of a case that its page prints: each None where there is none."""

    review: Any
    decision: Any
    parallel_case: Any


def case_rows(application: Application, present: dict[str, bool]) -> CaseRows:
    """The review (with its reviewer), the decision and the parallel case (the newest, if the case is a
    track of two) of ``application``, each read only when ``present`` (``application_for_page``) says it
    exists."""
    from approvals.models_review import Decision, ParallelCase, Review

    review = decision = parallel_case = None
    if present["review"]:
        review = (Review.objects.filter(application_id=application.pk).select_related("reviewer")
                  .only(*_REVIEW_FIELDS).first())
    if present["decision"]:
        decision = Decision.objects.filter(application_id=application.pk).only(*_DECISION_FIELDS).first()
        if decision is not None:
            decision.application = application  # its matter names the outcome (``outcome_label``)
    if present["parallel_case"]:
        parallel_case = (ParallelCase.objects.filter(Q(acceptance_id=application.pk) | Q(pre_opening_id=application.pk))
                         .only("number", "created_at").order_by("-created_at", "-pk").first())
    return CaseRows(review, decision, parallel_case)


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
    green_channel: bool = False
    # A case awaiting its supplement: the date its newest one-time notice asks the supplement by (it has no
    # clock of its own, so ``due_date`` is empty then).
    supplement_due: date | None = None
    overdue: bool = False  # the fire service's time limit has run out (the case page's red card)
    matter_code: str = ""
    drawn: bool | None = None  # a completion filing drawn for a spot check (None: not drawn yet)

    @property
    def status_label(self) -> str:
        return status_label(self.status, matter_code=self.matter_code, drawn=self.drawn)


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
    """The rows, each told whether its running time limit is overdue (the worklist's card rule)."""
    from approvals.enums import WORKLIST_STATUSES
    from approvals.selectors.intake import row_card
    from firesvc.sla.enums import Card

    now = timezone.now()
    return [MyApplicationRow(*values, overdue=(
        values[4] in WORKLIST_STATUSES and due_at is not None  # values[4]: the status
        and row_card(now=now, due_at=due_at, yellow_at=yellow_at, paused_at=paused_at) == Card.RED),
        matter_code=matter_code, drawn=drawn)
        for *values, due_at, yellow_at, paused_at, matter_code, drawn in rows]


def _my_rows(user: Any, account: Any | None, place: tuple[datetime, int] | None, *, newer: bool,
             limit: int) -> list[tuple[Any, ...]]:
    """(id, number, matter's name, project, status, due date, created_at, green channel, supplement due date,
    the clock's due, yellow and pause instants, and the matter's code and a filing's spot check draw) of the
    visible applications just older than ``place`` (newest first), or just newer (oldest first), or the newest.

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
    return list(visible.order_by(*order).annotate(supplement_due=_supplement_due()).values_list(
        "pk", "number", "matter__name", "project_name", "status", "due_date", "created_at", "green_channel",
        "supplement_due", "due_at", "yellow_at", "clock_paused_at", "matter__code", "spot_check__selected")[:limit])


def _supplement_due() -> Case:
    """The supplement date of the newest one-time notice, of a case awaiting its supplement only (the
    CASE keeps the subquery from running for the other rows)."""
    newest = (IntakeNotice.objects.filter(application=OuterRef("pk"), kind=NoticeKind.DEFICIENCY)
              .order_by("-issued_at", "-pk").values("supplement_due")[:1])
    return Case(When(status=ApplicationStatus.DEFICIENT, then=Subquery(newest)), default=None,
                output_field=DateField())


def clock_step_name(clock: Clock, matter: Any) -> str:
    """What a case's pages and timelines call one of its clocks. The clock of the matter's own time limit is its
    审批期限 ("approval time limit", as the time-limit notices word it), not the matter's name nor its rule's
    ("营业前消防安全检查(检查)", the rule set's); a completion filing's, a spot check rather than an approval, is its
    抽查期限. Any other clock (the window's intake review …) keeps its rule's name, written for applicants."""
    if matter is None or clock.rule.code != matter.rule_code:
        return clock.rule.name
    return matter_limit_name(matter)


def matter_limit_name(matter: Any) -> str:
    """The name of a matter's own time limit (``clock_step_name`` of its clock): 审批期限, a completion filing's
    抽查期限."""
    if matter.code == MatterCode.COMPLETION_FILING:
        return gettext("Spot check time limit")
    return gettext("Approval time limit")


def limit_ends_label(matter: Any) -> str:
    """The words before the date a case's own time limit ends on its staff pages ("审批期限至"), named as its clock
    card names it (``clock_step_name``)."""
    return gettext("%(limit)s ends on") % {"limit": matter_limit_name(matter)}


def accepted_message(application: Application, notice: IntakeNotice) -> str:
    """The clerk's banner after accepting: the date the case's time limit ends, named as its clock card names it,
    and the notice issued; a case accepted without a due date (a completion filing) only the notice."""
    if notice.due_date is None:
        return gettext("Accepted; notice %(number)s issued.") % {"number": notice.number}
    return gettext("Accepted. %(limit)s ends on %(date)s; notice %(number)s issued.") % {
        "limit": matter_limit_name(application.matter), "date": notice.due_date, "number": notice.number}
