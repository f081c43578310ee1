"""Redis is unreachable, or loses every queued task (issue 9, fault 2).

The database is the source of truth (DESIGN.md §6–7): tasks enqueued on commit only make things
quicker; beat's sweeps (SLA, hazard-report escalation, outbox) re-derive all work from the rows.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.services.reports import hazard_report_submit, hazard_reports_escalate_due
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.core.sms import MemorySmsBackend
from firesvc.notifications.delivery import outbox_deliver_due
from firesvc.notifications.enums import OutboxStatus
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.testing import read_lines
from firesvc.sla.enums import Card
from firesvc.sla.models import Clock, SlaAlert
from firesvc.sla.services import load_rule_sets
from firesvc.sla.sweep import sla_sweep
from tests.factories import staff, unit_chain
from tests.faults.conftest import (
    assert_audit_chain_intact,
    closed_port,
    require_redis_and_postgresql,
    wait_for,
)
from tests.integration.conftest import file_backend_worker_env

pytestmark = pytest.mark.faults


@pytest.fixture
def district(transactional_db):  # type: ignore[no-untyped-def]
    """A sub-district with a duty officer; its brigade has an approver (e-mail and phone) and a reviewer."""
    load_rule_sets()
    units = unit_chain("f")
    units["duty"] = staff(Role.DUTY_OFFICER, units["subdistrict"], email="duty@example.com")
    units["approver"] = staff(Role.APPROVER, units["brigade"], email="approver@example.com", phone="13800000001")
    units["reviewer"] = staff(Role.REVIEWER, units["brigade"], email="reviewer@example.com")
    return units


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Point this process's Celery app at ``url`` (the environment wins over ``app.conf`` in Celery)."""
    from firesvc.celery import app

    def reset_pools() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    saved = (os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url)
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    reset_pools()
    try:
        yield
    finally:
        if saved[0] is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved[0]
        app.conf.broker_url = saved[1]
        reset_pools()


def _report_form(units, description: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"category": "other", "subdistrict": units["subdistrict"].pk, "community": units["community"].pk,
            "grid": "", "address": f"友谊街{description}号", "description": description, "reporter_name": "",
            "reporter_phone": "", "website": "", "latitude": "", "longitude": ""}


def test_while_redis_is_unreachable_pages_and_actions_work_and_healthz_says_so(client, district) -> None:
    MemorySmsBackend.outbox.clear()
    events_before = AuditEvent.objects.count()
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        # when: citizens report hazards (each enqueues its escalation check and a clock check on commit)
        started = time.monotonic()
        responses = [client.post("/reports/", _report_form(district, f"断网{n}")) for n in range(3)]
        elapsed = time.monotonic() - started
        health = client.get("/healthz")
        tracking = client.get(HazardReport.objects.get(description="断网0").get_tracking_url())
        client.force_login(district["duty"])
        duty_page = client.get("/reports/duty/live/")
    # then: every report was taken (the enqueue failed quietly and quickly), the pages answer,
    # and /healthz names the broker
    reports = list(HazardReport.objects.order_by("pk"))
    assert [r.status_code for r in responses] == [302] * 3
    assert [r["Location"] for r in responses] == [r.get_tracking_url() for r in reports]
    assert elapsed < 15
    assert tracking.status_code == 200
    assert "断网0" in tracking.content.decode()
    assert duty_page.status_code == 200
    assert all(f"友谊街断网{n}号" in duty_page.content.decode() for n in range(3))
    assert health.status_code == 503
    body = health.json()
    assert "broker" in body["failed"]
    assert body["checks"]["broker"] == {"status": "error"}
    assert body["checks"]["database"] == {"status": "ok"}
    assert Clock.objects.count() == 6
    assert Notification.objects.filter(kind="hazard_report_new").count() == 3

    # when: the broker is back, but what was to be enqueued is gone; beat's passes run ten minutes later
    later = timezone.now() + timedelta(minutes=11)
    escalated = hazard_reports_escalate_due(now=later)
    swept = sla_sweep(now=later)
    delivered = outbox_deliver_due(batch=100)
    again = (hazard_reports_escalate_due(now=later), sla_sweep(now=later).red, outbox_deliver_due(batch=100).sent)
    # then: each report escalated once, each ten-minute clock red once, each message sent once
    assert sorted(escalated) == [r.pk for r in reports]
    assert swept.red == 3
    assert SlaAlert.objects.filter(level=Card.RED).count() == 3
    assert again == ([], 0, 0)
    messages = OutboxMessage.objects.count()
    assert delivered.sent == messages > 0
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}
    sent = ([("email", m.to[0], m.subject) for m in mail.outbox]
            + [("sms", phone, text.split("\n")[0]) for phone, text in MemorySmsBackend.outbox])
    assert Counter(sent) == Counter(OutboxMessage.objects.values_list("channel", "address", "notification__title"))
    # escalation to the brigade's two staff (the red card of the ten-minute clock is shown, its people
    # are told by the escalation itself): nothing doubled
    assert Notification.objects.filter(kind="hazard_report_escalated").count() == 3 * 2
    assert messages == 3 * 3  # per report: e-mail and SMS to the approver, e-mail to the reviewer
    # submitted + two clocks started per report, then one escalation each
    assert_audit_chain_intact(events=events_before + 3 * 3 + 3)
    MemorySmsBackend.outbox.clear()


def test_a_flushed_redis_loses_no_escalation_reminder_or_message(district, celery_worker_factory, tmp_path) -> None:
    import redis

    require_redis_and_postgresql()
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()  # this test's own database only (never FLUSHALL: the server is shared)
    # given: five reports submitted eleven minutes ago and never acknowledged, while no worker runs:
    # their escalation checks, clock checks and delivery kicks wait in Redis …
    eleven_minutes_ago = timezone.now() - timedelta(minutes=11)
    reports = [hazard_report_submit(category="other", subdistrict=district["subdistrict"], address="友谊街12号",
                                    description=f"积压{n}", now=eleven_minutes_ago) for n in range(5)]
    events_before = AuditEvent.objects.count()
    assert broker.llen("celery") >= len(reports)
    # … when Redis loses everything
    broker.flushdb()
    assert broker.llen("celery") == 0
    celery_worker_factory(env=file_backend_worker_env(tmp_path, HAZARD_ESCALATION_SECONDS="2"),
                          args=["-B", "--schedule", str(tmp_path / "beat-schedule")])
    # then: beat's sweeps find the work in the database
    wait_for(lambda: HazardReport.objects.filter(escalated_at__isnull=False).count() == 5, what="5 escalations")
    wait_for(lambda: SlaAlert.objects.filter(level=Card.RED).count() == 5, what="5 red cards")
    wait_for(lambda: OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count() == 0
             and OutboxMessage.objects.count() > 0, what="every message sent")
    time.sleep(6)  # three more rounds of every sweep: nothing more happens
    ack_clocks = Clock.objects.filter(rule__code="hazard_report.acknowledge")
    assert ack_clocks.count() == 5
    assert SlaAlert.objects.count() == 5
    assert set(SlaAlert.objects.values_list("clock_id", flat=True)) == set(ack_clocks.values_list("pk", flat=True))
    assert Notification.objects.filter(kind="hazard_report_escalated").count() == 5 * 2  # approver, reviewer
    outbox = list(OutboxMessage.objects.values_list("channel", "address", "notification__title"))
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}
    sent = ([("email", line["to"][0], line["subject"]) for line in read_lines(tmp_path / "email.jsonl")]
            + [("sms", line["phone"], line["text"].split("\n")[0]) for line in read_lines(tmp_path / "sms.jsonl")])
    assert Counter(sent) == Counter(outbox)  # each message exactly once
    assert len(outbox) == 5 * 3  # per report: e-mail and SMS to the approver, e-mail to the reviewer
    assert_audit_chain_intact(events=events_before + 5)  # one escalation event per report
    assert sorted(r.pk for r in reports) == sorted(HazardReport.objects.values_list("pk", flat=True))
