"""Reading parallel cases (A7) as "my applications" lists them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, NamedTuple

from django.urls import reverse

from approvals.enums import ApplicationStatus

# What a date of a parallel case or of one of its tracks is the deadline of (the label screens give it).
INTAKE_DUE, DECISION_DUE = "intake", "decision"


class CaseDue(NamedTuple):
    """A parallel case's date as its pages show it: ``kind`` says what it is (``INTAKE_DUE``: the window's
    time to accept or to issue the one-time notice, 行政许可法 §32; ``DECISION_DUE``: the case's decision
    date), "" with no date while none runs for the whole case."""

    kind: str
    date: date | None


def track_due_kind(status: str) -> str:
    """What an open track's ``due_date`` is the deadline of: the window's intake while it is submitted,
    the decision once accepted; "" in any other state (no clock of the track's runs then)."""
    return {ApplicationStatus.SUBMITTED: INTAKE_DUE, ApplicationStatus.ACCEPTED: DECISION_DUE}.get(status, "")


def case_due(tracks: Iterable[tuple[str, date | None]]) -> CaseDue:
    """The date a parallel case shows for itself, from its tracks' (status, due date).

    While a track waits at the window, the earliest intake deadline (what runs out next, and not a
    decision date); once every open track is accepted, the later decision date (the case is decided
    when both tracks are); otherwise none: a track is a draft or waits for the applicant's supplement,
    so the case has no decision date yet. Ended tracks carry no date and are left out.
    """
    tracks = list(tracks)
    intake = [due for status, due in tracks if status == ApplicationStatus.SUBMITTED and due]
    if intake:
        return CaseDue(INTAKE_DUE, min(intake))
    waiting = (ApplicationStatus.DRAFT, ApplicationStatus.DEFICIENT)
    decision = [due for status, due in tracks if status == ApplicationStatus.ACCEPTED and due]
    if decision and not any(status in waiting for status, _due in tracks):
        return CaseDue(DECISION_DUE, max(decision))
    return CaseDue("", None)


class ParallelRow(NamedTuple):
    """A parallel case as "my applications" lists it."""

    pk: int
    number: str
    closed_at: datetime | None
    project_name: str
    acceptance_due: date | None
    pre_opening_due: date | None
    acceptance_status: str
    pre_opening_status: str

    def get_absolute_url(self) -> str:
        return reverse("approvals:parallel_case", args=[self.pk])

    @property
    def due_date(self) -> date | None:
        """The later track's due date, as ``ParallelCase.due_date``."""
        return max((d for d in (self.acceptance_due, self.pre_opening_due) if d), default=None)

    @property
    def due(self) -> CaseDue:
        """The case's date named for what it is (``case_due``)."""
        return case_due([(self.acceptance_status, self.acceptance_due),
                         (self.pre_opening_status, self.pre_opening_due)])


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
        "pre_opening__due_date", "acceptance__status", "pre_opening__status")[:limit]]
