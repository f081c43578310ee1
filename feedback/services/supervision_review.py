"""Supervisor review (DOMAIN.md B4): returned receipts and visit records are marked reviewed, with a
note, or turned into a complaint."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.enums import ComplaintSource, VisitStatus
from feedback.models import Complaint, Receipt, ReturnVisit
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record


class AlreadyLodged(ValidationError):
    """The receipt or visit already has a complaint opened from it; ``complaint`` is the first one."""

    def __init__(self, complaint: Complaint) -> None:
        super().__init__(_("Complaint %(n)s has already been opened from this; no second complaint is opened.")
                         % {"n": complaint.number})
        self.complaint = complaint


def _check(actor: Any, unit_id: int) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.has_role(Role.SUPERVISOR)
            and can_see_unit(actor, unit_id)):
        raise PermissionDenied(_("Only discipline supervisors of this unit review receipts and visits."))


@transaction.atomic
def receipt_review(*, receipt: Receipt, actor: Any, note: str = "") -> Receipt:
    """Mark a returned receipt reviewed. Writes ``receipt.review``."""
    _check(actor, receipt.act.unit_id)
    receipt = Receipt.objects.select_for_update().select_related("act__unit").get(pk=receipt.pk)
    if receipt.rated_at is None:
        raise ValidationError(_("This receipt has not been returned yet."))
    if receipt.reviewed_at is not None:
        raise ValidationError(_("This receipt has already been reviewed."))
    receipt.reviewed_at, receipt.reviewed_by, receipt.review_note = timezone.now(), actor, note.strip()
    receipt.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, obj=receipt, action="receipt.review", reason=note.strip(), unit=receipt.act.unit)
    return receipt


@transaction.atomic
def visit_review(*, visit: ReturnVisit, actor: Any, note: str = "") -> ReturnVisit:
    """Mark a finished return visit reviewed. Writes ``visit.review``."""
    _check(actor, visit.act.unit_id)
    visit = ReturnVisit.objects.select_for_update().select_related("act__unit").get(pk=visit.pk)
    if visit.status == VisitStatus.DUE:
        raise ValidationError(_("This return visit has not been done yet."))
    if visit.reviewed_at is not None:
        raise ValidationError(_("This return visit has already been reviewed."))
    visit.reviewed_at, visit.reviewed_by, visit.review_note = timezone.now(), actor, note.strip()
    visit.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, obj=visit, action="visit.review", reason=note.strip(), unit=visit.act.unit)
    return visit


@transaction.atomic
def review_open_complaint(*, actor: Any, kind: str, text: str, receipt: Receipt | None = None,
                          visit: ReturnVisit | None = None) -> Complaint:
    """The reviewer opens a complaint on a receipt or visit and marks it reviewed in the same step.

    Refused (``AlreadyLodged``) when one was already opened from it: by the bad rating itself or an earlier
    review."""
    from feedback.services.complaints import complaint_open

    item = receipt or visit
    if item is None:
        raise ValidationError(_("Choose a receipt or a visit."))
    _check(actor, item.act.unit_id)
    # One complaint per receipt or visit: the row is locked (as the rating and the visit record lock it when
    # a bad one opens its complaint), so two clicks or two servers at once cannot open two.
    model = Receipt if receipt is not None else ReturnVisit
    item = model.objects.select_for_update().select_related("act__unit").get(pk=item.pk)
    existing = item.complaints.order_by("created_at", "pk").first()
    if existing is not None:
        raise AlreadyLodged(existing)
    act = item.act
    complaint = complaint_open(
        kind=kind, source=ComplaintSource.REVIEW, unit=act.unit, act=act, receipt=receipt, visit=visit,
        subject_officers=list(act.officers.all()), text=text, complainant_name=act.counterparty, actor=actor,
    )
    note = _("Complaint %(n)s opened.") % {"n": complaint.number}
    if isinstance(item, Receipt) and item.reviewed_at is None and item.rated_at is not None:
        receipt_review(receipt=item, actor=actor, note=note)
    if isinstance(item, ReturnVisit) and item.reviewed_at is None and item.status != VisitStatus.DUE:
        visit_review(visit=item, actor=actor, note=note)
    return complaint
