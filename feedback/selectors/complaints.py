"""Reading complaints and integrity reports (B5)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from feedback.enums import ComplaintStatus
from feedback.models import Complaint


def complaints_for(user: Any, *, status: str = "", kind: str = "", search: str = "") -> QuerySet[Complaint]:
    """Every list, search, count, export and API of complaints starts here (``visible_to``)."""
    complaints = Complaint.objects.visible_to(user).select_related("unit", "investigator", "act")
    if status:
        complaints = complaints.filter(status=status)
    if kind:
        complaints = complaints.filter(kind=kind)
    search = search.strip()
    if search:
        complaints = complaints.filter(Q(number__icontains=search) | Q(text__icontains=search)
                                       | Q(complainant_name__icontains=search))
    return complaints



def complaint_status_counts(user: Any) -> list[tuple[str, str, int]]:
    """(status, its label, how many) for every status, in the statuses' order: a status without a
    complaint counts 0 (the counters above the list show a number for each)."""
    counts = dict(complaints_for(user).values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, str(label), counts.get(value, 0)) for value, label in ComplaintStatus.choices]
