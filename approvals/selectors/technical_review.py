"""Reading the review stage (A6): a reviewer's cases, an approver's cases to assign and to sign.

Every list puts the green channel first, then the nearest due date (A10).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet

from approvals.enums import SUPPLEMENT_REPORT, ApplicationStatus, ClockNoticeKind, MatterCode, ReviewStatus
from approvals.models import Application, ClockNotice, Review
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import unit_scope_q
from firesvc.audit.selectors import timeline_for
from firesvc.sla.models import Clock

_ORDER = (F("application__green_channel").desc(), F("application__due_at").asc(nulls_last=True), "pk")


def reviews_assigned_to(user: Any, *, limit: int = 200) -> list[Review]:
    """The open reviews of ``user`` (under review, or sent back to them)."""
    return list(Review.objects.filter(reviewer=user, status=ReviewStatus.ASSIGNED,
                                      application__status=ApplicationStatus.ACCEPTED)
                .select_related("application__matter", "application__enterprise").order_by(*_ORDER)[:limit])


def drafts_to_sign(user: Any, *, limit: int = 200) -> list[Review]:
    """Drafted decisions in the approver's scope, waiting for signature: not those the user reviewed or
    drafted, which another approver signs (``services.technical_review.separated_from``, as a query)."""
    qs = (Review.objects.filter(status=ReviewStatus.DRAFTED, application__status=ApplicationStatus.ACCEPTED)
          .exclude(reviewer_id=user.pk).exclude(application__decision__drafted_by_id=user.pk))
    scope = unit_scope_q(user, "application__brigade")
    qs = qs if scope is None else qs.filter(scope)
    return list(qs.select_related("application__matter", "application__enterprise", "reviewer")
                .order_by(*_ORDER)[:limit])


def applications_to_assign(user: Any, *, limit: int = 200) -> QuerySet[Application]:
    """Accepted applications in scope without a reviewer (completion filings are spot-checked instead)."""
    qs = (Application.objects.visible_to(user).filter(status=ApplicationStatus.ACCEPTED, review__isnull=True)
          .exclude(matter__code=MatterCode.COMPLETION_FILING))
    return qs.select_related("matter", "enterprise").order_by(F("green_channel").desc(), "due_at", "pk")[:limit]


def is_approver(user: Any) -> bool:
    return bool(user.is_administrator or user.has_role(Role.APPROVER))


def pause_reason_ended_by(notice: ClockNotice) -> str:
    """The pause reason of the suspension a resumption notice ends: the application's last suspension notice
    issued before it ("" if there is none)."""
    pause = (ClockNotice.objects.filter(application_id=notice.application_id, kind=ClockNoticeKind.PAUSE,
                                        issued_at__lte=notice.issued_at)
             .exclude(pk=notice.pk).order_by("-issued_at", "-pk").first())
    return pause.pause_reason if pause is not None else ""


def supplement_reported_at(application: Application, clock: Clock) -> datetime | None:
    """When the applicant last reported the supplement as given (补正材料已提交) while ``clock`` is stopped for it
    (``approvals.services.clocks.supplement_report``), or None if not during this pause."""
    if clock.paused_at is None:
        return None
    event = (timeline_for(application).filter(action=SUPPLEMENT_REPORT, created_at__gte=clock.paused_at)
             .order_by("-seq").first())
    return event.created_at if event is not None else None
