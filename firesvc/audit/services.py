"""Writing to the audit trail. Call ``audit_record`` inside the transaction of the change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from firesvc.audit.chain import event_hash, normalise_data
from firesvc.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

# Called with every event just written, in its transaction (``audit_listen``): how the kernel's
# notification matrix hears of a status change without the apps calling it, and without this
# module importing the feature that listens.
_listeners: list[Callable[[AuditEvent, models.Model], None]] = []


def audit_listen(listener: Callable[[AuditEvent, models.Model], None]) -> None:
    """Have ``listener(event, obj)`` called after each ``audit_record``, inside the same transaction
    (so what it writes commits or rolls back with the change). Registering twice is a no-op."""
    if listener not in _listeners:
        _listeners.append(listener)


class AuditOutsideTransaction(RuntimeError):
    """``audit_record`` was called outside a transaction: the event would commit apart from its change."""


def _recreate_head() -> AuditChainHead:
    last = AuditEvent.objects.order_by("-seq").first()
    head, _created = AuditChainHead.objects.get_or_create(
        pk=1, defaults={"last_seq": last.seq if last else 0, "last_hash": last.hash if last else GENESIS_HASH}
    )
    return AuditChainHead.objects.select_for_update().get(pk=head.pk)


def audit_record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    unit: Any = None,
) -> AuditEvent:
    """Append one event for ``obj`` to the chain.

    Must run inside the transaction that makes the change, so that the change and its event
    commit together or not at all: raises ``AuditOutsideTransaction`` otherwise.
    Side effects: locks the chain head row until the surrounding transaction ends, so call it
    near the transaction's end.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit_record({action!r}) must run inside the transaction of the change it records")
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a fresh or flushed database (the migration creates the row)
        head = _recreate_head()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    created_at = timezone.now().astimezone(UTC)
    clean_data = normalise_data(data)
    seq = head.last_seq + 1
    fields = {
        "seq": seq,
        "created_at": created_at,
        "actor_id": actor_obj.pk if actor_obj else None,
        "content_type": f"{content_type.app_label}.{content_type.model}",
        "object_id": str(obj.pk),
        "action": action,
        "from_state": str(from_state or ""),
        "to_state": str(to_state or ""),
        "reason": reason or "",
        "data": clean_data,
        "prev_hash": head.last_hash,
    }
    digest = event_hash(**fields)
    event = AuditEvent.objects.create(
        seq=seq,
        created_at=created_at,
        actor=actor_obj,
        actor_label=str(actor_obj)[:150] if actor_obj else "system",
        content_type=content_type,
        object_id=fields["object_id"],
        object_repr=str(obj)[:200],
        unit=unit,
        action=action,
        from_state=fields["from_state"],
        to_state=fields["to_state"],
        reason=fields["reason"],
        data=clean_data,
        prev_hash=head.last_hash,
        hash=digest,
    )
    AuditChainHead.objects.filter(pk=1).update(last_seq=seq, last_hash=digest)
    for listener in _listeners:
        listener(event, obj)
    return event
