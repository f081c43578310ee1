"""Writing notifications: the inbox row, its outbox deliveries, read marks and preferences.

``notify`` is the one entry point for other features (SLA reminders, calendar warnings,
account decisions). Call it inside the transaction of the change it reports: the inbox row
and the deliveries then commit or roll back with that change, and the delivery task is only
enqueued after the commit (as an accelerator; the beat pass is the guarantee).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from firesvc.accounts.models import User
from firesvc.notifications.enums import Channel, NotificationKind, OutboxStatus
from firesvc.notifications.models import Notification, NotificationPreference, OutboxMessage
from firesvc.notifications.routing import delivery_routes
from firesvc.notifications.selectors import preference_for

logger = logging.getLogger("firesvc.notifications")

_KIND = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}")
_TITLE_MAX = Notification._meta.get_field("title").max_length
_URL_MAX = Notification._meta.get_field("url").max_length
_KEY_MAX = Notification._meta.get_field("dedupe_key").max_length


def _check_arguments(*, kind: str, url: str, channels: Sequence[str] | None, dedupe_key: str | None) -> None:
    if not _KIND.fullmatch(kind):
        raise ValueError(f"A notification kind is a short code like 'sla_reminder', not {kind!r}.")
    # Only links inside the portal: a notification must never send anyone elsewhere.
    if url and (not url.startswith("/") or url.startswith(("//", "/\\")) or len(url) > _URL_MAX):
        raise ValueError(f"A notification links to a page of the portal ('/…'), not {url!r}.")
    if channels is not None and not set(channels) <= set(Channel.values):
        raise ValueError(f"Unknown notification channel(s) in {list(channels)!r}.")
    if dedupe_key is not None and not (0 < len(dedupe_key) <= _KEY_MAX):
        raise ValueError(f"dedupe_key must have 1 to {_KEY_MAX} characters.")


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str,
    url: str = "",
    channels: Sequence[str] | None = None,
    dedupe_key: str | None = None,
) -> Notification:
    """Put a notification in ``recipient``'s inbox and queue its e-mail / text message.

    ``channels``: the caller's wish (``None``: e-mail, plus SMS for urgent kinds); the
    recipient's preferences and addresses can only take channels away.
    ``dedupe_key``: a key that is unique across all notifications (include the recipient,
    e.g. ``f"sla:{clock.pk}:red:{user.pk}"``); a second call with the same key returns the
    first notification and writes nothing, also when two transactions race.

    Side effects (all in the caller's transaction, which this joins):
    - one ``Notification`` row;
    - one pending ``OutboxMessage`` per allowed channel, with the address as it is now;
    - after the commit, one ``deliver_outbox`` task is enqueued per transaction (best
      effort: if the broker is down, the beat pass every 30 s sends the messages anyway).
    """
    _check_arguments(kind=kind, url=url, channels=channels, dedupe_key=dedupe_key)
    with transaction.atomic():
        notification, created = _create_once(recipient=recipient, kind=kind, title=title, body=body, url=url,
                                             dedupe_key=dedupe_key)
        if not created:
            return notification
        preference = preference_for(user=recipient)
        routes = delivery_routes(
            kind=kind, channels=channels, email_enabled=preference.email, sms_enabled=preference.sms,
            muted_kinds=preference.muted_kinds or (), email=getattr(recipient, "email", ""),
            phone=getattr(recipient, "phone", ""), active=getattr(recipient, "is_active", True),
        )
        _queue(notification, routes)
    return notification


def notify_address(
    *, channel: str, address: str, kind: str, title: str, body: str, url: str = "", dedupe_key: str | None = None,
) -> Notification:
    """Send an e-mail or text message to an address of someone without an account (a complainant, a reporter).

    Same guarantees as ``notify``: written in the caller's transaction, delivered (and retried) through
    the outbox, at most once per ``dedupe_key``; the notification has no recipient, so no inbox shows it.
    """
    _check_arguments(kind=kind, url=url, channels=[channel], dedupe_key=dedupe_key)
    address = address.strip()
    if not address:
        raise ValueError("notify_address needs an address.")
    with transaction.atomic():
        notification, created = _create_once(recipient=None, kind=kind, title=title, body=body, url=url,
                                             dedupe_key=dedupe_key)
        if created:
            _queue(notification, [(channel, address)])
    return notification


def _create_once(*, recipient: User | None, kind: str, title: str, body: str, url: str,
                 dedupe_key: str | None) -> tuple[Notification, bool]:
    """The notification, and whether it was written now (False: one with ``dedupe_key`` exists already)."""
    existing = _existing(dedupe_key)
    if existing is not None:
        return existing, False
    try:
        # A savepoint, so that losing the race for dedupe_key leaves the caller's transaction usable.
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient, kind=kind, title=Truncator(title.strip()).chars(_TITLE_MAX), body=body, url=url,
                dedupe_key=dedupe_key), True
    except IntegrityError:
        if dedupe_key is None:
            raise
        # A concurrent transaction committed the same key first (we waited on its row lock).
        return Notification.objects.get(dedupe_key=dedupe_key), False


def _queue(notification: Notification, routes: Sequence[tuple[str, str]]) -> None:
    """One pending outbox message per (channel, address), and a delivery kick after the commit."""
    if not routes:
        return
    now = timezone.now()
    OutboxMessage.objects.bulk_create([
        OutboxMessage(notification=notification, channel=channel, address=address, next_attempt_at=now,
                      created_at=now)
        for channel, address in routes
    ])
    _enqueue_delivery_on_commit()


def _existing(dedupe_key: str | None) -> Notification | None:
    """The notification already written under ``dedupe_key`` (the cheap check before the insert)."""
    if dedupe_key is None:
        return None
    return Notification.objects.filter(dedupe_key=dedupe_key).first()


def _enqueue_delivery_on_commit() -> None:
    """Register one delivery kick for the current transaction, however many notifications it writes."""
    connection = transaction.get_connection()
    # Django drops the hooks of a rolled-back savepoint from this list, so a kick still in it
    # will run unless the rollback also discards the rows written now.
    if any(func is _kick_delivery for _sids, func, _robust in getattr(connection, "run_on_commit", ())):
        return
    transaction.on_commit(_kick_delivery, robust=True)


def _kick_delivery() -> None:
    """Enqueue a delivery pass now rather than at the next beat tick. Never fails the caller."""
    from firesvc.core.queueing import send_accelerator
    from firesvc.notifications.tasks import deliver_outbox

    # Quick and quiet when the broker is down: the beat entry "deliver-outbox" picks the rows up later.
    send_accelerator(deliver_outbox)


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (a second call keeps the first time).

    Side effects: sets ``read_at``. Raises ``PermissionDenied`` for someone else's notification.
    """
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This notification is not yours."))
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    elif notification.read_at is None:
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read. Side effects: sets ``read_at``; returns how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, user: User, email: bool, sms: bool, muted_kinds: Iterable[str] = ()) -> NotificationPreference:
    """Save which channels ``user`` wants.

    Side effects: creates or updates the user's ``NotificationPreference`` row. It applies to
    notifications written from now on; deliveries already queued still go out.
    """
    kinds = sorted(set(muted_kinds))
    unknown = [k for k in kinds if k not in NotificationKind.values]
    if unknown:
        raise ValidationError({"muted_kinds": _("Unknown kind of notification: %(kinds)s") % {
            "kinds": ", ".join(unknown)}})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "sms": sms, "muted_kinds": kinds},
    )
    return preference


def outbox_message_retry(*, message_ids: Iterable[int]) -> int:
    """Give failed deliveries another round of attempts (an operator's action after an outage).

    Side effects: failed rows become pending, due now, with their attempt counter reset;
    after the commit a delivery pass is enqueued. Returns how many rows changed.
    """
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk__in=list(message_ids), status=OutboxStatus.FAILED).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None,
        )
        if changed:
            _enqueue_delivery_on_commit()
    return changed


@dataclass(frozen=True)
class NotificationRequest:
    """One notification for ``notify_many`` (the same fields as ``notify``; ``dedupe_key`` required)."""

    recipient: User
    kind: str
    title: str
    body: str
    dedupe_key: str
    url: str = ""
    channels: Sequence[str] | None = None


def notify_many(requests: Sequence[NotificationRequest]) -> int:
    """``notify`` for many notifications at once, in a fixed number of queries (the SLA sweep's path).

    Same rules and side effects as ``notify``; requests whose ``dedupe_key`` already exists
    are skipped. Returns how many notifications were written. If a concurrent transaction
    writes one of the keys first, it falls back to ``notify`` one by one (which handles the race).
    """
    for request in requests:
        _check_arguments(kind=request.kind, url=request.url, channels=request.channels,
                         dedupe_key=request.dedupe_key)
    if not requests:
        return 0
    with transaction.atomic():
        taken = set(Notification.objects.filter(dedupe_key__in=[r.dedupe_key for r in requests])
                    .values_list("dedupe_key", flat=True))
        fresh: dict[str, NotificationRequest] = {}
        for request in requests:
            if request.dedupe_key not in taken:
                fresh.setdefault(request.dedupe_key, request)
        if not fresh:
            return 0
        try:
            with transaction.atomic():
                created = Notification.objects.bulk_create([
                    Notification(recipient=r.recipient, kind=r.kind, title=Truncator(r.title.strip()).chars(_TITLE_MAX),
                                 body=r.body, url=r.url, dedupe_key=key)
                    for key, r in fresh.items()
                ])
        except IntegrityError:
            return sum(1 for r in fresh.values() if notify(
                recipient=r.recipient, kind=r.kind, title=r.title, body=r.body, url=r.url, channels=r.channels,
                dedupe_key=r.dedupe_key).dedupe_key == r.dedupe_key)
        preferences = {p.user_id: p for p in NotificationPreference.objects.filter(
            user_id__in={r.recipient.pk for r in fresh.values()})}
        now = timezone.now()
        outbox: list[OutboxMessage] = []
        for notification, request in zip(created, fresh.values(), strict=True):
            preference = preferences.get(request.recipient.pk) or NotificationPreference(
                user=request.recipient, **NotificationPreference.DEFAULTS)
            for channel, address in delivery_routes(
                kind=request.kind, channels=request.channels, email_enabled=preference.email,
                sms_enabled=preference.sms, muted_kinds=preference.muted_kinds or (),
                email=getattr(request.recipient, "email", ""), phone=getattr(request.recipient, "phone", ""),
                active=getattr(request.recipient, "is_active", True),
            ):
                outbox.append(OutboxMessage(notification=notification, channel=channel, address=address,
                                            next_attempt_at=now, created_at=now))
        OutboxMessage.objects.bulk_create(outbox)
        if outbox:
            _enqueue_delivery_on_commit()
    return len(created)
