"""Reliability of notification delivery with a real worker process, Redis and PostgreSQL.

The worker runs with ``tests.notifications.worker_settings`` and the file backends of
``firesvc.notifications.testing``, so that this process can count what the worker sent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction

from firesvc.core.sms import MemorySmsBackend
from firesvc.notifications.delivery import outbox_deliver_due
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.services import notify
from firesvc.notifications.tasks import deliver_outbox
from firesvc.notifications.testing import read_lines
from tests.factories import UserFactory
from tests.integration.conftest import ROOT, _database_url, _require_services

pytestmark = pytest.mark.integration


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {"sms": tmp_path / "sms.jsonl", "email": tmp_path / "email.jsonl", "hold": tmp_path / "sms-gateway.hold"}


@pytest.fixture
def celery_worker_env(request, files) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The worker sends through the file backends; a test may add variables with indirect parametrisation."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "SMS_BACKEND": "firesvc.notifications.testing.FileSmsBackend",
        "EMAIL_BACKEND": "firesvc.notifications.testing.FileEmailBackend",
        "FIRESVC_TEST_SMS_FILE": str(files["sms"]),
        "FIRESVC_TEST_EMAIL_FILE": str(files["email"]),
        "FIRESVC_TEST_SMS_HOLD_FILE": str(files["hold"]),
        **getattr(request, "param", {}),
    }


@pytest.fixture
def memory_sms() -> Iterator[list[tuple[str, str]]]:
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


def _wait_for(condition: Callable[[], bool], *, timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@contextmanager
def _frozen(proc: subprocess.Popen[bytes]) -> Iterator[None]:
    """Stop the worker process (SIGSTOP) so that nothing it would consume is consumed meanwhile."""
    os.kill(proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(proc.pid, signal.SIGCONT)


def _redis():  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])


@contextmanager
def _another_worker(env_extra: dict[str, str], log_path: Path) -> Iterator[str]:
    """A second worker like the ``celery_worker_process`` fixture's (for a restart after a kill)."""
    from firesvc.celery import app

    broker = _require_services()
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "firesvc.settings.test", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": broker, **env_extra}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "firesvc", "worker", "--pool", "solo", "--loglevel", "INFO",
             "--hostname", name, "--without-mingle", "--without-gossip"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: proc.poll() is not None or bool(app.control.ping(destination=[name], timeout=1.0)),
                  timeout=60, what="the restarted worker")
        if proc.poll() is not None:
            pytest.fail(f"worker exited early:\n{log_path.read_text()}")
        yield name
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _users(n: int) -> list:  # type: ignore[type-arg]
    return [UserFactory(email=f"user{i}@example.cn", phone=f"1380013{i:04d}") for i in range(n)]


def test_notifications_written_while_the_broker_is_flushed_are_delivered_once_by_the_next_pass(
        celery_worker_process, celery_worker_env, files, tmp_path) -> None:
    users = _users(3)
    broker = _redis()
    # given: the worker is down, the notifications commit, their delivery task waits in Redis…
    proc = celery_worker_process["process"]
    proc.terminate()
    proc.wait(timeout=20)
    with transaction.atomic():
        for i, user in enumerate(users):
            notify(recipient=user, kind="sla_escalation", title=f"案件{i}已超期", body="请处理。")
    assert broker.llen("celery") == 1  # one delivery kick for the whole transaction
    # …and Redis loses everything (FLUSHDB: the queue, the results, kombu's bindings).
    broker.flushdb()
    # when: a worker starts again (it declares its queues anew, as after a Redis restart)
    with _another_worker(celery_worker_env, tmp_path / "worker2.log"):
        time.sleep(1)
        assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"pending"}  # the kick is gone
        assert read_lines(files["sms"]) == []
        assert read_lines(files["email"]) == []
        # and the next beat pass runs
        first = deliver_outbox.delay().get(timeout=60)
        second = deliver_outbox.delay().get(timeout=60)
    # then
    assert (first["sent"], second["sent"]) == (6, 0)
    assert sorted(r["phone"] for r in read_lines(files["sms"])) == [u.phone for u in users]
    assert sorted(r["to"][0] for r in read_lines(files["email"])) == [u.email for u in users]
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_concurrent_delivery_passes_send_each_message_once(celery_worker_process, files, memory_sms) -> None:
    # given: 150 notifications (300 messages) and a worker with three passes queued
    users = _users(5)
    with _frozen(celery_worker_process["process"]):
        with transaction.atomic():
            for i in range(150):
                notify(recipient=users[i % 5], kind="sla_escalation", title=f"通知{i:03d}", body="")
        worker_results = [deliver_outbox.delay(batch=40) for _ in range(3)]
        # when: four passes in this process start at the moment the worker resumes
        barrier = threading.Barrier(5)
        reports = []

        def one_pass() -> None:
            try:
                barrier.wait()
                reports.append(outbox_deliver_due(batch=60))
            finally:
                connection.close()

        threads = [threading.Thread(target=one_pass) for _ in range(4)]
        for t in threads:
            t.start()
    barrier.wait()
    for t in threads:
        t.join(timeout=60)
    for result in worker_results:
        result.get(timeout=60)
    outbox_deliver_due(batch=300)  # whatever the capped passes left
    # then: every message went out exactly once, through one pass or another
    sms = Counter([text.split("\n")[0] for _phone, text in memory_sms] + [r["text"] for r in read_lines(files["sms"])])
    email = Counter([m.subject for m in mail.outbox] + [r["subject"] for r in read_lines(files["email"])])
    titles = {f"通知{i:03d}" for i in range(150)}
    assert set(sms) == titles
    assert set(sms.values()) == {1}
    assert set(email) == titles
    assert set(email.values()) == {1}
    assert sum(1 for r in reports if r.sent) >= 2  # the passes did overlap (each is capped at 60 of 300)
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("sent", 1)}  # nobody claimed twice


@pytest.mark.parametrize("celery_worker_env", [{"NOTIFICATIONS_SENDING_LEASE_SECONDS": "3"}], indirect=True)
def test_a_worker_killed_mid_send_leaves_the_message_to_be_sent_once_after_a_restart(
        celery_worker_process, celery_worker_env, files, tmp_path) -> None:
    # given: the SMS gateway hangs, and the worker is killed while it waits on it
    files["hold"].touch()
    (user,) = _users(1)
    notification = notify(recipient=user, kind="sla_escalation", title="案件已超期", body="", channels=["sms"])
    message = OutboxMessage.objects.get(notification=notification)
    _wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sending", what="the worker's claim")
    time.sleep(0.5)  # inside send_sms now
    proc = celery_worker_process["process"]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=20)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sending", 1)
    assert read_lines(files["sms"]) == []
    # when: a worker starts again (the gateway answers now) and a pass runs after the lease
    files["hold"].unlink()
    with _another_worker(celery_worker_env, tmp_path / "worker2.log"):
        lease_over = message.claimed_at.timestamp() + 3 + 0.5
        time.sleep(max(0.0, lease_over - time.time()))
        first = deliver_outbox.delay().get(timeout=60)
        second = deliver_outbox.delay().get(timeout=60)
    # then
    assert (first["recovered"], first["sent"], second["sent"]) == (1, 1, 0)
    assert [r["phone"] for r in read_lines(files["sms"])] == [user.phone]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_two_transactions_racing_on_one_dedupe_key_write_one_notification(transactional_db) -> None:
    _require_services()
    (user,) = _users(1)
    inserted = threading.Event()
    results: dict[str, int] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = notify(recipient=user, kind="sla_reminder", title="一", body="",
                                          dedupe_key="race-key").pk
                inserted.set()
                time.sleep(0.5)  # the second transaction now waits on our row in the unique index
        finally:
            connection.close()

    def second() -> None:
        try:
            inserted.wait(10)
            with transaction.atomic():
                results["second"] = notify(recipient=user, kind="sla_reminder", title="二", body="",
                                           dedupe_key="race-key").pk
                Notification.objects.create(recipient=user, kind="other", title="the caller goes on")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results["first"] == results["second"]
    assert Notification.objects.filter(dedupe_key="race-key").count() == 1
    assert Notification.objects.filter(title="the caller goes on").exists()
