"""Reading complaints and integrity reports (B5)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from feedback.enums import ComplaintKind, ComplaintStatus
from feedback.models import Complaint
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role


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


def investigator_candidates(complaint: Complaint) -> QuerySet[User]:
    """The people who may take ``complaint`` as its investigator: active discipline supervisors who may
    see it, i.e. ``Complaint.objects.visible_to`` read the other way round (the unit complained about or
    a unit above it, or an administrator; for an integrity report never that unit's own members nor an
    officer named in it). ``complaint_assign`` checks the pick against this same query."""
    unit = complaint.unit
    in_scope = (Q(unit_id__in=[*unit.ancestor_ids(), unit.pk]) | Q(is_superuser=True)
                | Q(groups__name=Role.ADMINISTRATOR))
    people = User.objects.filter(in_scope, is_active=True).filter(groups__name=Role.SUPERVISOR)
    if complaint.kind == ComplaintKind.INTEGRITY:
        people = people.exclude(unit_id=unit.pk).exclude(pk__in=complaint.subject_officers.values("pk"))
    return User.objects.filter(pk__in=people.values("pk")).order_by("full_name", "pk")


def complaint_status_counts(user: Any) -> list[tuple[str, str, int]]:
    """(status, its label, how many) for every status, in the statuses' order: a status without a
    complaint counts 0 (the counters above the list show a number for each)."""
    counts = dict(complaints_for(user).values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, str(label), counts.get(value, 0)) for value, label in ComplaintStatus.choices]
