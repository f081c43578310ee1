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
    *, kind: str, name: str, code: str, parent: OrgUnit | None, actor: User | None = None, **fields: object
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


@transaction.atomic
def org_unit_place_under(*, unit: OrgUnit, parent: OrgUnit, actor: User | None = None) -> OrgUnit:
    """Put a top-level unit (a detachment) under a new unit above it (a province, 总队), rewriting the
    materialised paths of its whole subtree. Only a unit at the top may be placed, and only where the tree
    allows its kind: the one move the tree knows is a level added above. Writes an audit event."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.parent_id is not None:
        raise ValidationError(_("Only a unit at the top level can be placed under another."))
    if unit.kind not in ALLOWED_CHILD_KINDS[parent.kind] or parent.is_within(unit):
        raise ValidationError(_("A %(kind)s cannot be placed under %(parent)s.") % {
            "kind": unit.kind, "parent": parent.name})
    old_prefix = unit.path
    new_prefix = f"{parent.path}{unit.pk}/"
    moved = list(OrgUnit.objects.select_for_update().filter(path__startswith=old_prefix))
    for row in moved:
        row.path = new_prefix + row.path[len(old_prefix):]
        row.depth = row.depth + parent.depth + 1
        if row.pk == unit.pk:
            row.parent = parent
    OrgUnit.objects.bulk_update(moved, ["path", "depth", "parent"])
    audit_record(actor=actor, obj=unit, action="org_unit.place_under", from_state=old_prefix, to_state=new_prefix,
                 data={"parent": parent.name}, unit=unit)
    keys = [scope_cache_key(pk) for pk in [*parent.ancestor_ids(), parent.pk, *(row.pk for row in moved)]]
    transaction.on_commit(lambda: cache.delete_many(keys))
    unit.refresh_from_db()
    return unit


def user_elder_mode_set(*, user: User, on: bool) -> None:
    """Keep the person's choice of the 长辈版 display (large text, high contrast) on their account: every
    device they sign in on shows it, and switching it off anywhere switches it off for all.

    Writes the one field (``user`` is updated too). No audit event: like the language, a way of reading
    the pages changes nothing the person may do or see.
    """
    User.objects.filter(pk=user.pk).update(elder_mode=on)
    user.elder_mode = on
