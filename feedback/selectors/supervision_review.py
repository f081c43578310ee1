"""Reading what a supervisor reviews (监督评查, B4): open complaints, returned receipts,
finished visit records."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from feedback.enums import ComplaintStatus, VisitStatus
from feedback.models import Complaint, Receipt, ReturnVisit
from feedback.selectors.complaints import complaints_for


def _opened_complaints(user: Any) -> Prefetch:
    """The complaints already opened from each row that ``user`` may read, as ``opened_complaints``: the
    queue links to them instead of offering to open another (one complaint per receipt or visit)."""
    return Prefetch("complaints", queryset=Complaint.objects.visible_to(user).order_by("created_at", "pk"),
                    to_attr="opened_complaints")


def review_receipts_for(user: Any) -> QuerySet[Receipt]:
    """Returned, not yet reviewed receipts: integrity flags first, then the lowest ratings."""
    return (Receipt.objects.rating_visible_to(user).filter(rated_at__isnull=False, reviewed_at__isnull=True)
            .select_related("act", "act__unit", "act__enterprise").prefetch_related(_opened_complaints(user))
            .order_by("-integrity_flag", "overall", "rated_at", "pk"))


def review_visits_for(user: Any) -> QuerySet[ReturnVisit]:
    """Finished, not yet reviewed visit records: lowest satisfaction first, unreached ones last."""
    return (ReturnVisit.objects.visible_to(user).exclude(status=VisitStatus.DUE).filter(reviewed_at__isnull=True)
            .select_related("act", "act__unit", "act__enterprise", "done_by").prefetch_related(_opened_complaints(user))
            .order_by(F("satisfaction").asc(nulls_last=True), "done_at", "pk"))


def open_complaints_for(user: Any) -> QuerySet[Complaint]:
    """Complaints not yet closed: integrity reports first, then the oldest."""
    return (complaints_for(user).exclude(status=ComplaintStatus.CLOSED)
            .order_by("-kind", "status", "created_at", "pk"))

