"""Reading the audit trail: an object's timeline and the chain check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from firesvc.audit.chain import event_hash
from firesvc.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

# An event's ``data`` key for a change recorded after the fact (a paper filing entered later): when it
# happened, as an ISO datetime. ``created_at`` stays the time of recording (the chain's order).
OCCURRED_AT = "occurred_at"


def occurred_at(event: Any) -> datetime:
    """When the change an event records happened: ``data[OCCURRED_AT]``, else when it was recorded."""
    value = (getattr(event, "data", None) or {}).get(OCCURRED_AT)
    if value:
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):  # a malformed value: the recording time is still true
            pass
    return event.created_at


# Events some viewers within the unit scope may still not read: those that tell of integrity content (an
# integrity report, a receipt's rating) about the viewer's own unit or acts. The app that owns the content
# registers, with ``audit_hide``, a function giving for a viewer a ``Q`` of the events to leave out; the
# kernel imports no app, so it learns the rule this way (as it learns the actions' words).
_hiding_rules: list[Callable[[Any], Q]] = []


def audit_hide(rule: Callable[[Any], Q]) -> None:
    """Leave the events ``rule(user)`` matches out of what ``events_visible_to(user)`` lists. Registering
    twice is a no-op."""
    if rule not in _hiding_rules:
        _hiding_rules.append(rule)


def events_visible_to(user: Any) -> models.QuerySet[AuditEvent]:
    """The audit events ``user`` may read: those of the user's unit scope, less the ones a registered rule
    hides from this viewer (the one gate of the audit trail page and the desks' recent changes)."""
    events = AuditEvent.objects.visible_to(user)
    for rule in _hiding_rules:
        events = events.exclude(rule(user))
    return events


def timeline_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return (
        AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("seq")
    )


@dataclass(frozen=True)
class TimelinePage:
    """Part of an object's timeline, oldest first: ``earlier`` whether older events exist than the first
    shown, ``later`` the ``seq`` after which the next page starts (None on the last page)."""

    events: list[AuditEvent]
    earlier: bool
    later: int | None


def timeline_latest(obj: models.Model, *, limit: int) -> TimelinePage:
    """The newest ``limit`` events of ``obj``, oldest first: one index range read (audit_object_idx)
    of at most ``limit + 1`` rows however long the object's history."""
    newest = list(timeline_for(obj).select_related("content_type").order_by("-seq")[:limit + 1])
    return TimelinePage(newest[:limit][::-1], len(newest) > limit, None)


def timeline_page(obj: models.Model, *, after: int | None, limit: int) -> TimelinePage:
    """A page of ``obj``'s timeline, oldest first, starting after the event numbered ``after`` (None: the
    first page); keyset on ``seq``, so every page reads ``limit + 1`` rows of the index."""
    events = timeline_for(obj).select_related("content_type")
    if after is not None:
        events = events.filter(seq__gt=after)
    rows = list(events[:limit + 1])
    page = rows[:limit]
    return TimelinePage(page, after is not None, page[-1].seq if len(rows) > limit else None)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def _iter_events(batch: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).select_related("content_type").order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify_chain(batch: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in batches; return (events checked, first break or None)."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for event in _iter_events(batch):
        if event.seq != expected_seq:
            return checked, ChainBreak(expected_seq, f"event #{expected_seq} is missing (next is #{event.seq})")
        if event.prev_hash != prev_hash:
            return checked, ChainBreak(event.seq, "its link to the previous event does not match")
        recomputed = event_hash(
            seq=event.seq,
            created_at=event.created_at.astimezone(UTC),
            actor_id=event.actor_id,
            content_type=f"{event.content_type.app_label}.{event.content_type.model}",
            object_id=event.object_id,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            reason=event.reason,
            data=event.data,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return checked, ChainBreak(event.seq, "its content was changed after it was written")
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return checked, ChainBreak(checked + 1, f"the chain head expects #{head.last_seq}; events were removed")
    return checked, None
