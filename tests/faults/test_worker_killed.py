"""A Celery worker is killed (SIGKILL) in the middle of delivering the outbox (issue 9, fault 1).

The worker runs with an embedded beat (SLA sweep and outbox pass every 2 s) and the file backends
of ``firesvc.notifications.testing``; its SMS gateway hangs while a hold file exists, so the test
lets a few messages through and kills the worker while it waits on the next one (it holds a claim
on the rest of its chunk). What ``firesvc/notifications/delivery.py`` promises: nothing is lost;
a message goes out twice only if the process dies between the gateway's acceptance and the commit
of "sent" — not the case here (the kill lands before the gateway accepted), so every message must
go out exactly once. ``firesvc/sla/sweep.py`` promises each (clock, level) alert exactly once.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.notifications.enums import OutboxStatus
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.testing import read_lines
from firesvc.sla.enums import Card
from firesvc.sla.models import Clock, SlaAlert
from firesvc.sla.services import clock_start, load_rule_sets
from tests.factories import EnterpriseFactory, staff, unit_chain
from tests.faults.conftest import assert_audit_chain_intact, require_redis_and_postgresql, wait_for
from tests.integration.conftest import file_backend_worker_env

pytestmark = [pytest.mark.faults, pytest.mark.integration]


def _worker_env(tmp_path: Path, *, lease: int, hold: bool) -> dict[str, str]:
    extra = {"NOTIFICATIONS_SENDING_LEASE_SECONDS": str(lease)}
    if hold:
        extra["FIRESVC_TEST_SMS_HOLD_FILE"] = str(tmp_path / "sms-gateway.hold")
    return file_backend_worker_env(tmp_path, **extra)


def _overdue_clocks(units, assignee, n: int) -> list[Clock]:  # type: ignore[no-untyped-def]
    started = timezone.now() - timedelta(days=60)  # 15 working days are long over
    return [clock_start(owner=EnterpriseFactory(brigade=units["brigade"]), rule_code="suggestion.feedback",
                        unit=units["brigade"], actor=None, assignee=assignee, started_at=started) for _ in range(n)]


def _sent(tmp_path: Path) -> list[tuple[str, str, str]]:
    return ([("email", line["to"][0], line["subject"]) for line in read_lines(tmp_path / "email.jsonl")]
            + [("sms", line["phone"], line["text"].split("\n")[0]) for line in read_lines(tmp_path / "sms.jsonl")])


def test_a_worker_killed_mid_delivery_loses_and_doubles_nothing_after_a_new_worker_starts(
        transactional_db, celery_worker_factory, tmp_path) -> None:
    require_redis_and_postgresql()
    load_rule_sets()
    units = unit_chain("k")
    staff(Role.APPROVER, units["brigade"], email="approver@example.com", phone="13800000001")
    staff(Role.SUPERVISOR, units["detachment"], email="supervisor@example.com", phone="13800000002")
    assignee = staff(Role.REVIEWER, units["brigade"], email="reviewer@example.com")
    hold = tmp_path / "sms-gateway.hold"
    hold.touch()
    # given: six overdue clocks, and a worker with beat whose SMS gateway hangs
    first_clocks = _overdue_clocks(units, assignee, 6)
    worker = celery_worker_factory(env=_worker_env(tmp_path, lease=120, hold=True),
                                   args=["-B", "--schedule", str(tmp_path / "beat-1")])
    wait_for(lambda: SlaAlert.objects.filter(level=Card.RED).count() == 6, what="the first sweep's red cards")
    wait_for(lambda: OutboxMessage.objects.filter(status=OutboxStatus.SENDING, channel="sms").exists(),
             what="a pass waiting on the SMS gateway")
    # two text messages get through, then the gateway hangs again
    hold.unlink()
    wait_for(lambda: len(read_lines(tmp_path / "sms.jsonl")) >= 2, what="two text messages", interval=0.01)
    hold.touch()
    time.sleep(1.0)  # the pass is stuck on the next text message now
    stuck = set(OutboxMessage.objects.filter(status=OutboxStatus.SENDING).values_list("pk", flat=True))
    sent_before_kill = len(_sent(tmp_path))
    # when: the worker is killed mid-task
    os.killpg(worker["process"].pid, signal.SIGKILL)  # the worker and its embedded beat, as a host would lose them
    worker["process"].wait(timeout=20)
    assert stuck, "the worker held no claim when it was killed"
    assert 0 < sent_before_kill < OutboxMessage.objects.count()
    # … more clocks run out while no worker runs …
    _overdue_clocks(units, assignee, 3)
    events = AuditEvent.objects.count()
    # … and a new worker (gateway answering) starts with beat and a short lease
    hold.unlink()
    celery_worker_factory(env=_worker_env(tmp_path, lease=3, hold=False),
                          args=["-B", "--schedule", str(tmp_path / "beat-2")])
    wait_for(lambda: SlaAlert.objects.filter(level=Card.RED).count() == 9, what="red cards of all nine clocks")
    wait_for(lambda: not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists(), timeout=60,
             what="every message sent")
    time.sleep(6)  # three more sweeps and passes: nothing more happens
    # then: one red card and one notification per person and clock …
    clocks = Clock.objects.filter(rule__code="suggestion.feedback")
    assert clocks.count() == 9
    assert {c.pk for c in first_clocks} < set(clocks.values_list("pk", flat=True))
    assert SlaAlert.objects.count() == 9
    assert sorted(SlaAlert.objects.values_list("clock_id", flat=True)) == sorted(clocks.values_list("pk", flat=True))
    assert Notification.objects.filter(kind="sla_escalation").count() == 9 * 3  # approver, supervisor, assignee
    # … each message sent exactly once (e-mail to three people, SMS to the two with a phone) …
    outbox = Counter(OutboxMessage.objects.values_list("channel", "address", "notification__title"))
    assert sum(outbox.values()) == 9 * 5
    assert Counter(_sent(tmp_path)) == outbox
    # … the killed claim was taken back after its lease and counted as a second attempt, nothing else was
    attempts = dict(OutboxMessage.objects.values_list("pk", "attempts"))
    assert {pk for pk, n in attempts.items() if n == 2} == stuck
    assert set(attempts.values()) <= {1, 2}
    # … and the audit trail is whole (the sweep itself writes no events)
    assert_audit_chain_intact(events=events)
