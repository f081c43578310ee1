"""Receipts (消防监督执法回执单, DOMAIN.md B2): one per act, rated by the counterparty through a QR link
(no account) or entered from paper by staff. A rating of 1–2 or a 吃拿卡要 flag opens a complaint."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.enums import ComplaintKind, ComplaintSource, ReceiptChannel
from feedback.models import EnforcementAct, Receipt
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.numbering import next_number

RATING_CHANGE_WINDOW = timedelta(days=7)
BAD_RATING_MAX = 2


@dataclass(frozen=True)
class Rating:
    overall: int
    punctuality: int | None = None
    clarity: int | None = None
    courtesy: int | None = None
    integrity_flag: bool = False
    comment: str = ""
    callback_contact: str = ""
    visit_confirmed: bool = True


def new_receipt_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: not guessable


def receipt_create(*, act: EnforcementAct, actor: Any) -> Receipt:
    """The act's numbered receipt with its QR token. Writes ``receipt.create``. Call inside the act's transaction."""
    year = timezone.localtime(act.occurred_at).year
    number = f"HZ{year}{next_number(f'feedback.receipt:{year}'):06d}"
    receipt = Receipt.objects.create(act=act, number=number, token=new_receipt_token())
    audit_record(actor=actor, obj=receipt, action="receipt.create", unit=act.unit, data={"act": act.pk})
    return receipt


def receipt_for_token(*, pk: int, token: str) -> Receipt | None:
    """The receipt ``pk`` if ``token`` is its own (compared in constant time), else None."""
    receipt = Receipt.objects.select_related("act", "act__unit", "act__enterprise").filter(pk=pk).first()
    if receipt is None or not secrets.compare_digest(receipt.token.encode(), str(token).encode()):
        return None
    return receipt


def rating_window_closes(receipt: Receipt) -> datetime | None:
    return receipt.first_rated_at + RATING_CHANGE_WINDOW if receipt.first_rated_at else None


def _validate(rating: Rating) -> None:
    errors: dict[str, str] = {}
    for field in ("overall", "punctuality", "clarity", "courtesy"):
        value = getattr(rating, field)
        if field == "overall" and value is None:
            errors[field] = _("Give an overall rating from 1 to 5.")
        elif value is not None and not 1 <= int(value) <= 5:
            errors[field] = _("Ratings go from 1 to 5.")
    if len(rating.comment) > 2000:
        errors["comment"] = _("Keep the comment under 2000 characters.")
    if errors:
        raise ValidationError(errors)


def _apply(receipt: Receipt, rating: Rating, *, at: datetime, channel: str, actor: Any) -> Receipt:
    from feedback.services.complaints import complaint_open

    closes = rating_window_closes(receipt)
    if closes is not None and at > closes:
        raise ValidationError(_("This receipt was rated more than 7 days ago; the rating can no longer be changed."))
    previous = receipt.overall
    was_bad = receipt.rated_at is not None and (receipt.integrity_flag or (receipt.overall or 5) <= BAD_RATING_MAX)
    receipt.overall, receipt.punctuality = rating.overall, rating.punctuality
    receipt.clarity, receipt.courtesy = rating.clarity, rating.courtesy
    receipt.integrity_flag, receipt.comment = rating.integrity_flag, rating.comment.strip()
    receipt.callback_contact, receipt.visit_confirmed = rating.callback_contact.strip(), rating.visit_confirmed
    receipt.channel = channel
    receipt.first_rated_at = receipt.first_rated_at or at
    receipt.rated_at = at
    receipt.reviewed_at, receipt.reviewed_by = None, None  # a changed rating goes back to the review queue
    if channel == ReceiptChannel.PAPER:
        receipt.entered_by = actor
    receipt.save()
    audit_record(actor=actor, obj=receipt, action="receipt.rate", from_state=str(previous or ""),
                 to_state=str(rating.overall), unit=receipt.act.unit,
                 data={"channel": channel, "integrity_flag": rating.integrity_flag})
    is_bad = rating.integrity_flag or rating.overall <= BAD_RATING_MAX
    already = receipt.complaints.exists()
    if is_bad and not (was_bad and already):
        act = receipt.act
        complaint_open(
            kind=ComplaintKind.INTEGRITY if rating.integrity_flag else ComplaintKind.COMPLAINT,
            source=ComplaintSource.RECEIPT, unit=act.unit, act=act, receipt=receipt,
            subject_officers=list(act.officers.all()),
            text=receipt.comment or _("Rated %(n)d of 5 on receipt %(number)s.") % {
                "n": rating.overall, "number": receipt.number},
            complainant_name=act.counterparty, complainant_contact=receipt.callback_contact,
            actor=actor, bad_rating=True, at=at,
        )
    return receipt


@transaction.atomic
def receipt_rate(*, receipt: Receipt, rating: Rating, at: datetime | None = None) -> Receipt:
    """The counterparty's rating through the QR page; changeable for 7 days after the first one.

    Side effects: ``receipt.rate`` audit event; a complaint (with its clock) for a rating of 1–2 or a flag.
    """
    _validate(rating)
    locked = Receipt.objects.select_for_update().select_related("act", "act__unit").get(pk=receipt.pk)
    return _apply(locked, rating, at=at or timezone.now(), channel=ReceiptChannel.QR, actor=None)


@transaction.atomic
def receipt_paper_enter(*, receipt: Receipt, rating: Rating, actor: Any, at: datetime | None = None) -> Receipt:
    """A paper receipt typed in by staff of the act's unit; same rules as the QR page."""
    if not getattr(actor, "is_staff_member", False) or not can_see_unit(actor, receipt.act.unit_id):
        raise PermissionDenied(_("This receipt belongs to another unit."))
    _validate(rating)
    locked = Receipt.objects.select_for_update().select_related("act", "act__unit").get(pk=receipt.pk)
    return _apply(locked, rating, at=at or timezone.now(), channel=ReceiptChannel.PAPER, actor=actor)
