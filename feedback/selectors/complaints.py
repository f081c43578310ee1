"""Reading complaints and integrity reports (B5)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

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

