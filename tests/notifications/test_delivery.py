"""The delivery pass: send once, back off on failure, give up, take back expired claims."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from firesvc.core.sms import BaseSmsBackend
from firesvc.notifications import delivery
from firesvc.notifications.delivery import MAX_ATTEMPTS, outbox_deliver_due
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.services import notify, outbox_message_retry
from firesvc.notifications.tasks import deliver_outbox

pytestmark = pytest.mark.django_db


class BrokenSmsBackend(BaseSmsBackend):
    def send(self, *, phone: str, text: str) -> None:
        raise ConnectionError("gateway timeout")


def _escalation(user, **kwargs: object) -> Notification:  # type: ignore[no-untyped-def]
    return notify(recipient=user, kind="sla_escalation", title="案件已超期", body="请立即处理。", url="/cases/9/",
                  **kwargs)


def test_deliver_outbox_sends_email_and_sms_exactly_once_when_run_twice(person, settings, sms_outbox) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    n = _escalation(person)
    first = deliver_outbox()
    second = deliver_outbox()
    assert first["sent"] == 2
    assert second["sent"] == 0
    assert [(m.to, m.subject, m.from_email) for m in mail.outbox] == [
        (["wang.li@example.cn"], "案件已超期", "firesvc@localhost")]
    assert mail.outbox[0].body == "请立即处理。\n\nhttps://portal.example.cn/cases/9/\n"
    assert sms_outbox == [("13800138001", "案件已超期\n请立即处理。")]
    rows = list(n.deliveries.values_list("status", "attempts"))
    assert rows == [("sent", 1), ("sent", 1)]
    assert all(m.sent_at is not None for m in n.deliveries.all())


def test_deliver_outbox_leaves_messages_that_are_not_due_yet(person, sms_outbox) -> None:
    n = _escalation(person)
    n.deliveries.update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert deliver_outbox()["sent"] == 0
    assert mail.outbox == []
    assert sms_outbox == []


def test_a_failing_gateway_is_retried_with_backoff_and_ends_failed(person, settings, sms_outbox) -> None:
    settings.SMS_BACKEND = "tests.notifications.test_delivery.BrokenSmsBackend"
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    message = n.deliveries.get()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        waits = []
        for attempt in range(1, MAX_ATTEMPTS + 1):
            report = outbox_deliver_due()
            message.refresh_from_db()
            assert message.attempts == attempt
            assert "ConnectionError: gateway timeout" in message.last_error
            if attempt < MAX_ATTEMPTS:
                assert report.retrying == 1
                assert message.status == "pending"
                waits.append(message.next_attempt_at - timezone.now())
                # not due a moment before the backoff ends
                clock.shift(waits[-1] - timedelta(seconds=1))
                assert outbox_deliver_due().retrying == 0
                clock.shift(timedelta(seconds=1))
        assert report.failed == 1
        assert message.status == "failed"
        assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
        clock.shift(timedelta(days=1))
        outbox_deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at) == ("failed", MAX_ATTEMPTS, None)
    assert sms_outbox == []


def test_a_failed_email_does_not_hold_back_the_sms_of_the_same_notification(person, settings, sms_outbox) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.BrokenEmailBackend"
    n = _escalation(person)
    report = outbox_deliver_due()
    assert (report.sent, report.retrying) == (1, 1)
    assert dict(n.deliveries.values_list("channel", "status")) == {"email": "pending", "sms": "sent"}
    assert len(sms_outbox) == 1


class BrokenEmailBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise OSError("SMTP connection refused")


def test_a_message_stuck_in_sending_past_its_lease_is_claimed_again_and_sent_once(person, sms_outbox) -> None:
    # given: a pass claimed the message six minutes ago and died before recording anything
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    OutboxMessage.objects.filter(notification=n).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(minutes=6))
    # when
    report = outbox_deliver_due()
    outbox_deliver_due()
    # then
    message = n.deliveries.get()
    assert (report.recovered, report.sent) == (1, 1)
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(sms_outbox) == 1


def test_a_message_claimed_within_its_lease_is_left_to_the_pass_that_claimed_it(person, sms_outbox) -> None:
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    OutboxMessage.objects.filter(notification=n).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(minutes=4))
    assert outbox_deliver_due().sent == 0
    assert n.deliveries.get().status == "sending"
    assert sms_outbox == []


def test_the_lease_can_be_shortened_in_settings(person, settings, sms_outbox) -> None:
    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 30
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    OutboxMessage.objects.filter(notification=n).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(seconds=31))
    assert outbox_deliver_due().sent == 1


def test_an_expired_claim_without_attempts_left_ends_failed(person, sms_outbox) -> None:
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    OutboxMessage.objects.filter(notification=n).update(
        status="sending", attempts=MAX_ATTEMPTS, claimed_at=timezone.now() - timedelta(hours=1))
    report = outbox_deliver_due()
    message = n.deliveries.get()
    assert (report.failed, message.status) == (1, "failed")
    assert "lease expired" in message.last_error
    assert sms_outbox == []


def test_a_slow_pass_still_records_sent_when_its_expired_claim_was_not_taken_over(person, sms_outbox) -> None:
    # given: a pass claimed the message, then took longer than the lease
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    claim_at, (message,) = delivery._claim(limit=10)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        delivery._recover_expired_claims(now=timezone.now())  # another pass takes the claim back
        # when: the slow pass finishes its send
        delivery._record_sent(message, claim_at)
        # then: nobody sends it again
        assert outbox_deliver_due().sent == 0
    assert n.deliveries.get().status == "sent"


def test_a_slow_pass_does_not_overwrite_a_claim_another_pass_took_over(person, sms_outbox, caplog) -> None:
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    claim_at, (message,) = delivery._claim(limit=10)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        delivery._recover_expired_claims(now=timezone.now())
        new_claim_at, _claimed = delivery._claim(limit=10)  # re-claimed by another pass
        delivery._record_failure(message, claim_at, "too late")
        delivery._record_sent(message, claim_at)
    row = n.deliveries.get()
    assert (row.status, row.claimed_at, row.attempts) == ("sending", new_claim_at, 2)
    assert "may go out twice" in caplog.text


def test_a_pass_gives_back_unsent_claims_once_half_the_lease_is_used(person, settings, sms_outbox) -> None:
    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 0  # every claim is "too old" at once
    _escalation(person)
    report = outbox_deliver_due()
    assert (report.sent, report.released) == (0, 2)
    assert set(OutboxMessage.objects.values_list("status", "attempts", "claimed_at")) == {("pending", 0, None)}


def test_a_pass_without_time_left_claims_nothing(person, sms_outbox) -> None:
    _escalation(person)
    assert outbox_deliver_due(time_budget=0).sent == 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"pending"}


def test_a_pass_sends_at_most_its_batch_oldest_first(person, other, sms_outbox) -> None:
    first = notify(recipient=person, kind="sla_reminder", title="一", body="")
    notify(recipient=other, kind="sla_reminder", title="二", body="")
    assert outbox_deliver_due(batch=1).sent == 1
    assert [m.to for m in mail.outbox] == [["wang.li@example.cn"]]
    assert first.deliveries.get().status == "sent"


def test_the_deliver_outbox_command_runs_one_pass(person, sms_outbox) -> None:
    _escalation(person)
    out = io.StringIO()
    call_command("deliver_outbox", stdout=out)
    assert "sent 2" in out.getvalue()
    assert len(mail.outbox) == 1
    assert len(sms_outbox) == 1


def test_an_operator_retry_gives_a_failed_message_new_attempts(person, sms_outbox) -> None:
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    n.deliveries.update(status="failed", attempts=MAX_ATTEMPTS, last_error="gateway down")
    assert outbox_message_retry(message_ids=[n.deliveries.get().pk]) == 1
    assert outbox_deliver_due().sent == 1
    assert (n.deliveries.get().status, n.deliveries.get().attempts) == ("sent", 1)
    assert len(sms_outbox) == 1
