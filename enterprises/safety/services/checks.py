"""Who may act on hazards and key units, and the files they upload (E6, E7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.scoping import can_see_unit
from firesvc.core.uploads import check_upload


@dataclass(frozen=True)
class Upload:
    """A file as a service takes it: the uploader's name and the bytes."""

    name: str
    data: bytes


# --- Checks -------------------------------------------------------------------------------------------------------


def check_staff(actor: Any, unit_id: int | None, *roles: str) -> None:
    if actor is None or not getattr(actor, "is_staff_member", False):
        raise PermissionDenied(_("Only fire-service staff can do this."))
    if roles and not (actor.is_administrator or actor.has_role(*roles)):
        raise PermissionDenied(_("Your role does not allow this step."))
    if not can_see_unit(actor, unit_id):
        raise PermissionDenied(_("This record belongs to another unit."))


def check_enterprise_user(actor: Any, enterprise: Enterprise | None) -> None:
    account = EnterpriseAccount.objects.filter(user=actor, enterprise=enterprise).first() if enterprise else None
    if account is None:
        raise PermissionDenied(_("Only the enterprise the order was issued to can answer it."))
    if not account.can_file:
        raise PermissionDenied(_("Your enterprise account is not verified yet; the brigade verifies it first."))


def stored_upload(upload: Upload, *, allowed: tuple[Any, ...]) -> tuple[ContentFile, str, str]:
    try:
        kind = check_upload(upload.data, allowed=allowed)
    except ValueError as exc:
        raise ValidationError({"files": str(exc)}) from exc
    name = (upload.name or f"file.{kind.extension}")[-200:]
    return ContentFile(upload.data, name=f"upload.{kind.extension}"), name, kind.content_type
