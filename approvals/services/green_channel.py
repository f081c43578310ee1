"""The green channel (绿色通道) of a case: priority handling that an approver sets or clears, with a reason.

Green-channel cases come first in every worklist (the worklist's key starts with it) and carry a badge
on the case, in the lists and in the API.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approvals.enums import OPEN_STATUSES
from approvals.models import Application
from approvals.notifications import GREEN_CHANNEL_CLEAR, GREEN_CHANNEL_SET
from approvals.services.applications import _locked
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record

REASON_MAX_LENGTH = 300


def can_set_green_channel(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff_member
                and (user.is_administrator or user.has_role(Role.APPROVER)))


@transaction.atomic
def application_green_channel_set(*, actor: Any, application: Application, on: bool, reason: str) -> Application:
    """Put an open case in the green channel (``on``) or take it out, for ``reason``.

    Approvers (and administrators) of the case's unit only; the reason is required and goes to the
    applicant. Writes ``application.green_channel_set`` or ``_clear`` (from/to ``on``/``off``, with the
    reason), from which the notification matrix tells the applicant, in one transaction. Refuses a closed
    case or a change to the state it has.
    """
    if not can_set_green_channel(actor):
        raise PermissionDenied(_("Only the approver can put a case in the green channel or take it out."))
    application = _locked(application)
    if not can_see_unit(actor, application.brigade_id):
        raise PermissionDenied(_("This application belongs to another unit."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; it is recorded and sent to the applicant.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("At most %(max)d characters.") % {"max": REASON_MAX_LENGTH}})
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("The case is closed; its green channel can no longer change."))
    if application.green_channel == on:
        raise ValidationError(_("The case is already in the green channel.") if on
                              else _("The case is not in the green channel."))
    application.green_channel = on
    application.save(update_fields=["green_channel", "updated_at"])
    # The applicant is told, with the reason, by the notification matrix (approvals.notifications).
    audit_record(actor=actor, obj=application, action=GREEN_CHANNEL_SET if on else GREEN_CHANNEL_CLEAR,
                 from_state="off" if on else "on", to_state="on" if on else "off", reason=reason,
                 unit=application.brigade, data={"green_channel": on})
    return application
