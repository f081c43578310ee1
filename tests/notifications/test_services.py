"""notify(): inbox row, outbox rows per preference, idempotency, the commit hook; read marks; preferences."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from firesvc.notifications import services
from firesvc.notifications.models import Notification, NotificationPreference, OutboxMessage
from firesvc.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notify,
    preference_update,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _channels(notification: Notification) -> dict[str, str]:
    return dict(notification.deliveries.values_list("channel", "address"))


def test_notify_writes_the_inbox_row_and_an_email_for_an_ordinary_kind(person) -> None:
    n = notify(recipient=person, kind="sla_reminder", title="案件即将超期", body="还剩 1 个工作日。", url="/cases/1/")
    assert (n.recipient, n.kind, n.title, n.url) == (person, "sla_reminder", "案件即将超期", "/cases/1/")
    assert n.read_at is None
    assert _channels(n) == {"email": "wang.li@example.cn"}
    assert set(n.deliveries.values_list("status", "attempts")) == {("pending", 0)}


def test_notify_adds_a_text_message_for_an_urgent_kind(person) -> None:
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="")
    assert _channels(n) == {"email": "wang.li@example.cn", "sms": "13800138001"}


def test_notify_skips_channels_the_user_turned_off(person) -> None:
    preference_update(user=person, email=False, sms=True)
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="")
    assert _channels(n) == {"sms": "13800138001"}
    preference_update(user=person, email=False, sms=False)
    n2 = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="")
    assert _channels(n2) == {}
    assert Notification.objects.filter(recipient=person).count() == 2  # the inbox keeps both


def test_notify_skips_a_muted_kind_but_keeps_it_in_the_inbox(person) -> None:
    preference_update(user=person, email=True, sms=True, muted_kinds=["sla_reminder"])
    n = notify(recipient=person, kind="sla_reminder", title="提醒", body="")
    assert _channels(n) == {}
    assert Notification.objects.filter(pk=n.pk).exists()


def test_notify_without_a_phone_number_sends_no_text_message(db) -> None:
    user = UserFactory(email="x@example.cn", phone="")
    n = notify(recipient=user, kind="sla_escalation", title="案件已超期", body="")
    assert _channels(n) == {"email": "x@example.cn"}


def test_notify_with_the_same_dedupe_key_returns_the_first_and_writes_nothing(person) -> None:
    first = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="", dedupe_key="sla:1:red:u")
    second = notify(recipient=person, kind="sla_escalation", title="又一次", body="", dedupe_key="sla:1:red:u")
    assert second.pk == first.pk
    assert Notification.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_notify_losing_the_dedupe_race_returns_the_winner_and_keeps_the_callers_transaction(
        person, monkeypatch) -> None:
    # given: another transaction committed the key after our cheap check had found nothing
    winner = notify(recipient=person, kind="sla_reminder", title="先到", body="", dedupe_key="race")
    monkeypatch.setattr(services, "_existing", lambda key: None)
    # when
    with transaction.atomic():
        got = notify(recipient=person, kind="sla_reminder", title="后到", body="", dedupe_key="race")
        Notification.objects.create(recipient=person, kind="other", title="the caller goes on")
    # then
    assert got.pk == winner.pk
    assert OutboxMessage.objects.count() == 1
    assert Notification.objects.filter(title="the caller goes on").exists()


def test_notify_rolls_back_with_the_callers_transaction(person) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient=person, kind="sla_reminder", title="提醒", body="")
        raise RuntimeError("the business change failed")
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_notify_enqueues_one_delivery_after_the_commit_per_transaction(
        person, other, kicks, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(recipient=person, kind="sla_reminder", title="一", body="")
        notify(recipient=other, kind="sla_reminder", title="二", body="")
        assert kicks == []  # nothing before the commit
    assert len(callbacks) == 1
    assert len(kicks) == 1


def test_notify_enqueues_nothing_when_nothing_is_to_be_sent(person, kicks, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipient=person, kind="sla_reminder", title="一", body="", channels=[])
    assert callbacks == []


def test_notify_a_broker_that_is_down_does_not_fail_the_caller(
        person, monkeypatch, django_capture_on_commit_callbacks) -> None:
    from firesvc.notifications.tasks import deliver_outbox

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(deliver_outbox, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(recipient=person, kind="sla_reminder", title="一", body="")
    assert n.deliveries.get().status == "pending"  # the beat pass will send it


@pytest.mark.parametrize("url", ["https://evil.example.com/", "//evil.example.com/x", "cases/1/", "/\\evil"])
def test_notify_refuses_a_link_outside_the_portal(person, url: str) -> None:
    with pytest.raises(ValueError, match="portal"):
        notify(recipient=person, kind="sla_reminder", title="一", body="", url=url)


def test_notify_refuses_an_unknown_channel_and_a_malformed_kind(person) -> None:
    with pytest.raises(ValueError):
        notify(recipient=person, kind="sla_reminder", title="一", body="", channels=["fax"])
    with pytest.raises(ValueError):
        notify(recipient=person, kind="SLA Reminder!", title="一", body="")
    assert not Notification.objects.exists()


def test_notify_shortens_an_overlong_title(person) -> None:
    n = notify(recipient=person, kind="sla_reminder", title="长" * 300, body="")
    assert len(n.title) == 200


def test_mark_read_sets_the_time_once(person) -> None:
    n = notify(recipient=person, kind="sla_reminder", title="一", body="")
    first = notification_mark_read(actor=person, notification=n).read_at
    again = notification_mark_read(actor=person, notification=Notification.objects.get(pk=n.pk)).read_at
    assert first is not None
    assert again == first


def test_mark_read_refuses_someone_elses_notification(person, other) -> None:
    n = notify(recipient=person, kind="sla_reminder", title="一", body="")
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=other, notification=n)
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_mark_all_read_touches_only_the_actors_unread_rows(person, other) -> None:
    for i in range(3):
        notify(recipient=person, kind="sla_reminder", title=f"{i}", body="")
    theirs = notify(recipient=other, kind="sla_reminder", title="别人的", body="")
    assert notification_mark_all_read(actor=person) == 3
    assert notification_mark_all_read(actor=person) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_preference_update_saves_one_row_per_user_and_refuses_unknown_kinds(person) -> None:
    preference_update(user=person, email=True, sms=False, muted_kinds=["sla_reminder", "sla_reminder"])
    preference_update(user=person, email=False, sms=False, muted_kinds=["sla_reminder"])
    saved = NotificationPreference.objects.get(user=person)
    assert (saved.email, saved.sms, saved.muted_kinds) == (False, False, ["sla_reminder"])
    with pytest.raises(ValidationError):
        preference_update(user=person, email=True, sms=True, muted_kinds=["nonsense"])


def test_notify_a_kick_from_a_rolled_back_savepoint_does_not_stand_in_for_a_later_one(
        person, kicks, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipient=person, kind="sla_reminder", title="rolled back", body="")
            raise RuntimeError
        notify(recipient=person, kind="sla_reminder", title="kept", body="")
    assert len(kicks) == 1
    assert list(Notification.objects.values_list("title", flat=True)) == ["kept"]


@pytest.mark.django_db
def test_notify_many_writes_inbox_and_outbox_rows_and_skips_known_keys() -> None:
    from firesvc.notifications.models import Notification, OutboxMessage
    from firesvc.notifications.services import NotificationRequest, notify_many
    from tests.factories import UserFactory

    first = UserFactory(email="a@example.com", phone="13800000001")
    second = UserFactory(email="", phone="")
    requests = [NotificationRequest(recipient=user, kind="sla_escalation", title="超期", body="正文",
                                    dedupe_key=f"k-{user.pk}") for user in (first, second)]
    assert notify_many(requests) == 2
    assert notify_many(requests) == 0
    assert Notification.objects.count() == 2
    assert sorted(OutboxMessage.objects.values_list("channel", flat=True)) == ["email", "sms"]
