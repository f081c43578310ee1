"""Window consultations (窗口咨询) recorded by clerks (A5: answer completely the first time).

Not the citizen questions of ``feedback`` (群众咨询).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approvals.models import Consultation, Matter
from firesvc.audit.services import audit_record


@transaction.atomic
def consultation_record(
    *, clerk: Any, question: str, answer: str, channel: str = "window", matter: Matter | None = None,
    asker: str = "", resolved_first_contact: bool = True, forms_handed_out: bool = False,
) -> Consultation:
    """Log one consultation answered by ``clerk`` at their unit and window."""
    if clerk.unit_id is None:
        raise PermissionDenied(_("Your account has no unit; ask an administrator."))
    if not question.strip() or not answer.strip():
        raise ValidationError(_("Write down both the question and the answer given."))
    consultation = Consultation.objects.create(
        unit_id=clerk.unit_id, clerk=clerk, window=clerk.window_number, channel=channel, matter=matter,
        asker=asker.strip(), question=question.strip(), answer=answer.strip(),
        resolved_first_contact=resolved_first_contact, forms_handed_out=forms_handed_out,
    )
    audit_record(actor=clerk, obj=consultation, action="consultation.record", unit=clerk.unit,
                 data={"resolved_first_contact": resolved_first_contact})
    return consultation
