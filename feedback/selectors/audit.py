"""What the audit trail leaves out for a viewer (``firesvc.audit.selectors.audit_hide``): the events that tell
of integrity content about the viewer's own unit or acts, under the rule of ``sees_integrity_about``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from feedback.enums import ComplaintKind
from feedback.models import Complaint, Receipt
from firesvc.accounts.roles import Role

# The receipt's events that carry its rating (the score and 吃拿卡要 flag, the supervisor's note on it).
# Issuing the receipt tells nothing and stays listed.
RATING_ACTIONS = ("receipt.rate", "receipt.review")


def _as_object_ids(qs: QuerySet[Any]) -> QuerySet[Any]:
    """``qs``'s keys as the audit event's ``object_id`` (text), for a subquery PostgreSQL can compare."""
    return qs.annotate(object_key=Cast("pk", CharField())).values("object_key")


def integrity_reports_hidden_from(user: Any) -> QuerySet[Complaint]:
    """The integrity reports (廉政举报) ``user`` may not know of: every one for a viewer who is not a
    discipline supervisor; for a supervisor those about the supervisor's own unit, naming the supervisor,
    or about an act the supervisor took part in."""
    reports = Complaint.objects.filter(kind=ComplaintKind.INTEGRITY)
    if getattr(user, "is_authenticated", False) and user.is_active and user.has_role(Role.SUPERVISOR):
        reports = reports.filter(Q(unit_id=user.unit_id) | Q(subject_officers=user) | Q(act__officers=user))
    return reports


def audit_events_hidden_from(user: Any) -> Q:
    """The audit events ``user`` may not read though they are in the unit scope: every event of an integrity
    report ``user`` may not know of, and the rating events of receipts whose rating ``user`` may not read
    (``Receipt.objects.rating_visible_to``), flagged or not, so that no gap marks the flagged ones."""
    receipts = ContentType.objects.get_for_model(Receipt, for_concrete_model=False)
    complaints = ContentType.objects.get_for_model(Complaint, for_concrete_model=False)
    shown_ratings = _as_object_ids(Receipt.objects.rating_visible_to(user))
    hidden_reports = _as_object_ids(integrity_reports_hidden_from(user))
    return Q(content_type=complaints, object_id__in=hidden_reports) | (
        Q(content_type=receipts, action__in=RATING_ACTIONS) & ~Q(object_id__in=shown_ratings)
    )
