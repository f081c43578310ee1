"""Commands on the organisation tree and on people."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firesvc.accounts.enums import ALLOWED_CHILD_KINDS
from firesvc.accounts.models import OrgUnit, User, scope_cache_key
from firesvc.audit.services import audit_record


@transaction.atomic
def org_unit_create(
    *, kind: str, name: str, code: str, parent: OrgUnit | None, actor: User | None = None, **fields: str
) -> OrgUnit:
    """Create a unit under ``parent`` with its materialised path. Writes an audit event."""
    parent_kind = parent.kind if parent else None
    if kind not in ALLOWED_CHILD_KINDS[parent_kind]:
        raise ValidationError(_("A %(kind)s cannot be placed under %(parent)s.") % {
            "kind": kind, "parent": parent.name if parent else _("the top level")})
    unit = OrgUnit.objects.create(kind=kind, name=name, code=code, parent=parent, **fields)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit_record(actor=actor, obj=unit, action="org_unit.create", to_state=unit.path, data={"name": name}, unit=unit)
    # Every ancestor's scope now includes the new unit. Dropped after the commit: dropped before, a
    # request on another server could load the old tree again and keep it for the minute.
    keys = [scope_cache_key(pk) for pk in unit.ancestor_ids()]
    transaction.on_commit(lambda: cache.delete_many(keys))
    return unit
