"""Pure rules: channel routing, backoff and message texts (no database)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from firesvc.notifications.delivery import email_subject_and_body, retry_delay, sms_text
from firesvc.notifications.models import Notification
from firesvc.notifications.routing import default_channels, delivery_routes

ADDRESSES = {"email": "a@example.cn", "phone": "13800138000"}
ALL_ON = {"email_enabled": True, "sms_enabled": True, "muted_kinds": ()}


def test_default_channels_add_sms_only_for_urgent_kinds() -> None:
    assert default_channels("sla_reminder") == ("email",)
    assert default_channels("sla_escalation") == ("email", "sms")


def test_delivery_routes_follow_the_default_channels_of_the_kind() -> None:
    assert delivery_routes(kind="sla_reminder", channels=None, **ALL_ON, **ADDRESSES) == [
        ("email", "a@example.cn")]
    assert delivery_routes(kind="sla_escalation", channels=None, **ALL_ON, **ADDRESSES) == [
        ("email", "a@example.cn"), ("sms", "13800138000")]


def test_delivery_routes_preferences_only_take_channels_away() -> None:
    routes = delivery_routes(kind="sla_escalation", channels=None, email_enabled=False, sms_enabled=True,
                             muted_kinds=(), **ADDRESSES)
    assert routes == [("sms", "13800138000")]


def test_delivery_routes_skip_a_channel_without_an_address() -> None:
    routes = delivery_routes(kind="sla_escalation", channels=None, **ALL_ON, email="a@example.cn", phone="  ")
    assert routes == [("email", "a@example.cn")]


def test_delivery_routes_a_muted_kind_or_an_inactive_account_gets_no_external_message() -> None:
    assert delivery_routes(kind="sla_escalation", channels=None, email_enabled=True, sms_enabled=True,
                           muted_kinds=["sla_escalation"], **ADDRESSES) == []
    assert delivery_routes(kind="sla_escalation", channels=None, **ALL_ON, **ADDRESSES, active=False) == []


def test_delivery_routes_the_caller_may_ask_for_sms_or_for_no_channel() -> None:
    assert delivery_routes(kind="sla_reminder", channels=["sms"], **ALL_ON, **ADDRESSES) == [("sms", "13800138000")]
    assert delivery_routes(kind="sla_escalation", channels=[], **ALL_ON, **ADDRESSES) == []


def test_delivery_routes_refuse_an_unknown_channel() -> None:
    with pytest.raises(ValueError, match="wechat"):
        delivery_routes(kind="sla_reminder", channels=["wechat"], **ALL_ON, **ADDRESSES)


def test_retry_delay_doubles_from_one_minute_up_to_an_hour() -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(20) == timedelta(hours=1)


def test_email_subject_is_one_line_and_the_body_carries_the_link(settings) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.cn/"
    note = Notification(title="案件\n即将超期", body="还剩 1 个工作日。", url="/cases/7/")
    subject, body = email_subject_and_body(note)
    assert subject == "案件 即将超期"
    assert body == "还剩 1 个工作日。\n\nhttps://portal.example.cn/cases/7/\n"


def test_sms_text_is_cut_to_a_bounded_length() -> None:
    text = sms_text(Notification(title="超期督办", body="很长" * 500))
    assert text.startswith("超期督办\n很长")
    assert len(text) == 300


def test_email_without_a_portal_address_carries_no_bare_path(settings) -> None:
    settings.PORTAL_BASE_URL = settings.PORTAL_DEFAULT_URL = ""
    assert email_subject_and_body(Notification(title="t", body="正文", url="/cases/7/"))[1] == "正文\n"
