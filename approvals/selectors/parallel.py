"""Reading parallel cases (A7) as "my applications" lists them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from django.urls import reverse


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
