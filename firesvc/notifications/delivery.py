"""Delivering the outbox: claim due messages, send them, record the outcome.

What this promises, and where it stops:

- **Nothing is lost.** A message exists as a pending ``OutboxMessage`` row from the commit of
  the change that caused it. The Celery task enqueued on commit only makes delivery quicker;
  the beat entry ``deliver-outbox`` (every 30 s) runs a pass whatever the broker forgot.
- **Concurrent passes never claim the same row.** A pass claims a chunk with
  ``SELECT … FOR UPDATE SKIP LOCKED`` and, in the same transaction, marks it "sending" with
  the claim time and counts the attempt; other passes skip locked rows and no longer see
  claimed ones as pending. (The UPDATE repeats the "due and pending" condition, so the claim
  is also a compare-and-swap on SQLite, which has no row locks.)
- **A crash loses nothing.** A row left in "sending" (the worker was killed mid-send) is
  taken back once its lease (``NOTIFICATIONS_SENDING_LEASE_SECONDS``, default 300 s) has run
  out: it becomes pending again, or failed if it used up its attempts (a message that kills
  every worker must not loop forever).
- **Failures back off.** A failed send is retried 1, 2, 4, 8 … minutes later (at most an
  hour); after ``MAX_ATTEMPTS`` attempts the row is failed for good (an operator can retry it
  from the admin).
- **Sent at least once, and twice only in a narrow window.** The external send and the
  commit of "sent" cannot be one transaction. If the process dies after the gateway accepted
  the message but before "sent" is written (or the database is unreachable at that moment),
  the lease expires and the message goes out again. To keep that window from growing, a
  pass sends from a claim only during the first half of the lease (then gives the rest
  back unsent), the task's hard time limit (120 s) is below the lease, and the outcome is
  written with a compare-and-swap on the claim time: a pass that finds its claim taken over
  logs the possible duplicate instead of overwriting the other pass's result.
  With ``--pool solo`` Celery enforces no time limits; the half-lease rule still applies.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from firesvc.core.sms import send_sms
from firesvc.notifications.enums import Channel, OutboxStatus
from firesvc.notifications.models import Notification, OutboxMessage

logger = logging.getLogger("firesvc.notifications")

MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
CLAIM_CHUNK = 20  # small claims keep every message well inside its lease
SMS_MAX_CHARS = 300
LEASE_EXPIRED = "lease expired: the pass that claimed this message stopped before recording the outcome"


class DeliveryError(Exception):
    """A backend reported that it did not send the message."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0  # failed this time, due again later
    failed: int = 0  # gave up (attempts used up)
    released: int = 0  # claimed but given back unsent (time budget or half-lease reached)
    recovered: int = 0  # claims whose lease ran out, taken back


def sending_lease() -> timedelta:
    """How long a claim protects a message from other passes."""
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_SENDING_LEASE_SECONDS", 300))


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4, 8 … minutes, at most an hour."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _absolute(url: str) -> str:
    """The link for an e-mail on the portal's public address; none without one (a bare path is no link in a
    mail reader)."""
    from firesvc.documents.links import portal_base_url

    base = portal_base_url()
    return f"{base}{url}" if url and base else ""


def email_subject_and_body(notification: Notification) -> tuple[str, str]:
    """Subject and plain-text body of the e-mail for ``notification`` (one line of subject)."""
    subject = " ".join(notification.title.split())
    parts = [notification.body.strip(), _absolute(notification.url)]
    return subject, "\n\n".join(p for p in parts if p) + "\n"


def sms_text(notification: Notification) -> str:
    """The text message for ``notification``: title and text, cut to ``SMS_MAX_CHARS``."""
    text = "\n".join(p for p in (notification.title.strip(), notification.body.strip()) if p)
    return Truncator(text).chars(SMS_MAX_CHARS)


def _send(message: OutboxMessage) -> None:
    notification = message.notification
    if message.channel == Channel.EMAIL:
        subject, body = email_subject_and_body(notification)
        if send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [message.address], fail_silently=False) != 1:
            raise DeliveryError("the e-mail backend sent no message")
    elif message.channel == Channel.SMS:
        send_sms(phone=message.address, text=sms_text(notification))
    else:
        raise DeliveryError(f"unknown channel {message.channel!r}")


def _recover_expired_claims(*, now: datetime) -> tuple[int, int]:
    """Take back claims older than the lease: pending again, or failed without attempts left."""
    expired = OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - sending_lease())
    with transaction.atomic():
        # Lock what no other pass is recovering right now; never wait (two passes cannot deadlock).
        rows = list(expired.select_for_update(skip_locked=True).values_list("pk", "attempts"))
        if not rows:
            return 0, 0
        spent = [pk for pk, attempts in rows if attempts >= MAX_ATTEMPTS]
        again = [pk for pk, attempts in rows if attempts < MAX_ATTEMPTS]
        gave_up = expired.filter(pk__in=spent).update(status=OutboxStatus.FAILED, last_error=LEASE_EXPIRED)
        # claimed_at stays: a slow pass that still finishes can then record "sent" (see _record_sent).
        retried = expired.filter(pk__in=again).update(
            status=OutboxStatus.PENDING, next_attempt_at=now, last_error=LEASE_EXPIRED)
    logger.warning("Outbox: %s expired claim(s) retried, %s given up.", retried, gave_up)
    return retried, gave_up


def _claim(*, limit: int) -> tuple[datetime, list[OutboxMessage]]:
    """Claim up to ``limit`` due messages for this pass; the claim time identifies the claim."""
    claim_at = timezone.now()
    due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=claim_at)
    with transaction.atomic():
        ids = list(due.select_for_update(skip_locked=True).order_by("next_attempt_at", "pk")
                   .values_list("pk", flat=True)[:limit])
        if not ids:
            return claim_at, []
        due.filter(pk__in=ids).update(status=OutboxStatus.SENDING, claimed_at=claim_at, attempts=F("attempts") + 1)
        claimed = list(OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.SENDING, claimed_at=claim_at)
                       .select_related("notification").order_by("next_attempt_at", "pk"))
    return claim_at, claimed


def _record_sent(message: OutboxMessage, claim_at: datetime) -> None:
    # Also when a recovery has meanwhile taken the claim back but nobody has re-claimed it.
    done = (OutboxMessage.objects.filter(pk=message.pk, claimed_at=claim_at).exclude(status=OutboxStatus.SENT)
            .update(status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""))
    if not done:
        logger.warning("Outbox message %s was claimed again after its lease ran out; it may go out twice.",
                       message.pk)


def _record_failure(message: OutboxMessage, claim_at: datetime, error: str) -> bool:
    """Back off, or give up after ``MAX_ATTEMPTS``. Returns True when the message is failed for good."""
    give_up = message.attempts >= MAX_ATTEMPTS
    fields: dict[str, object] = {"last_error": error[:2000]}
    if give_up:
        fields["status"] = OutboxStatus.FAILED
    else:
        fields.update(status=OutboxStatus.PENDING, next_attempt_at=timezone.now() + retry_delay(message.attempts))
    OutboxMessage.objects.filter(pk=message.pk, claimed_at=claim_at, status=OutboxStatus.SENDING).update(**fields)
    log = logger.error if give_up else logger.warning
    log("Outbox message %s (%s) attempt %s failed: %s", message.pk, message.channel, message.attempts, error)
    return give_up


def _release(messages: list[OutboxMessage], claim_at: datetime) -> int:
    """Give back claimed messages this pass did not try: pending, due now, attempt not counted."""
    if not messages:
        return 0
    return OutboxMessage.objects.filter(
        pk__in=[m.pk for m in messages], claimed_at=claim_at, status=OutboxStatus.SENDING,
    ).update(status=OutboxStatus.PENDING, attempts=F("attempts") - 1, next_attempt_at=timezone.now(), claimed_at=None)


def outbox_deliver_due(*, batch: int = 100, time_budget: float | None = None) -> DeliveryReport:
    """One delivery pass: at most ``batch`` due messages, for at most ``time_budget`` seconds.

    Side effects: takes back expired claims; claims, sends (e-mail via ``send_mail``, SMS via
    ``firesvc.core.sms.send_sms``) and records each message as sent, retrying or failed.
    Safe to run concurrently and repeatedly (see the module docstring).
    """
    report = DeliveryReport()
    started = time.monotonic()
    half_lease = sending_lease() / 2
    report.recovered, report.failed = _recover_expired_claims(now=timezone.now())
    remaining = batch
    while remaining > 0:
        if time_budget is not None and time.monotonic() - started >= time_budget:
            break
        claim_at, messages = _claim(limit=min(CLAIM_CHUNK, remaining))
        if not messages:
            break
        remaining -= len(messages)
        for index, message in enumerate(messages):
            out_of_time = time_budget is not None and time.monotonic() - started >= time_budget
            if out_of_time or timezone.now() - claim_at >= half_lease:
                report.released += _release(messages[index:], claim_at)
                return report
            try:
                _send(message)
            except SoftTimeLimitExceeded:
                # The send may or may not have happened; retry it later and stop the pass.
                if _record_failure(message, claim_at, "interrupted by the task's time limit"):
                    report.failed += 1
                else:
                    report.retrying += 1
                report.released += _release(messages[index + 1:], claim_at)
                return report
            except Exception as exc:
                if _record_failure(message, claim_at, f"{type(exc).__name__}: {exc}"):
                    report.failed += 1
                else:
                    report.retrying += 1
            else:
                _record_sent(message, claim_at)
                report.sent += 1
    return report
