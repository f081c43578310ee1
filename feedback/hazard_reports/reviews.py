"""Hazard reports in 好差评 (DOMAIN.md C13): the reporter's rating of a closed report counts in the figures.

The reporter rates on the report's tracking page (``services.reporter.hazard_report_rate``), which records the
rating in the kernel in the same transaction; a dissatisfied rating reopens the report for a supervisor, so
the kind runs its own rating flow (``own_rating_flow``): the kernel opens no second follow-up. The rating is
counted against the report's community, or its sub-district when it names no community. When the supervisor
closes the reopened report with the review (督察复核), the kernel records that as the bad rating's follow-up
done (``review_answered_by_owner``), heard here from the report's audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from feedback.hazard_reports.enums import ReportStatus
from feedback.hazard_reports.models import HazardReport
from firesvc.audit.services import audit_listen
from firesvc.reviews.enums import Stage
from firesvc.reviews.registry import CaseKind, Handling, register

KEY = "hazard_report"


def _stages(report: HazardReport) -> dict[str, datetime | None]:
    closed = report.closed_at if report.status in (ReportStatus.CLOSED, ReportStatus.REOPENED) else None
    return {Stage.COMPLETION: closed}


def _handling(report: HazardReport, stage: str) -> Handling:
    return Handling(unit_id=report.community_id or report.subdistrict_id)


def _completed_between(start: datetime, end: datetime) -> QuerySet[HazardReport]:
    # The reporter has no account: the closing text message carries the tracking link they rate on; no invitation.
    return HazardReport.objects.none()


KIND = register(CaseKind(
    key=KEY, model="hazard_reports.hazardreport", label=_("Hazard report"),
    stages=_stages, handling=_handling,
    raters=lambda report: [],
    visible_to=lambda user: HazardReport.objects.visible_to(user),
    completed_between=_completed_between,
    title=lambda report: str(report),
    staff_url=lambda report: report.get_absolute_url(),
    rater_url=lambda report: report.get_tracking_url(),
    own_rating_flow=True,
))


def _answered_by_review(event: Any, obj: Model) -> None:
    """The supervisor closed a reopened report with the review (``hazard_report_review_close``): its bad rating
    is answered, returned to the reporter and closed."""
    if (event.action == f"hazard_report.{ReportStatus.CLOSED}" and isinstance(obj, HazardReport)
            and (event.data or {}).get("review")):
        from firesvc.reviews.services import review_answered_by_owner

        review_answered_by_owner(kind=KIND, case=obj, actor=event.actor, answer=event.reason, at=event.created_at)


audit_listen(_answered_by_review)
