"""Inbox, opening a notification, mark all read, preferences, the unread count in every page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from firesvc.notifications.context_processors import inbox
from firesvc.notifications.models import Notification, NotificationPreference
from firesvc.notifications.services import notify

pytestmark = pytest.mark.django_db


def _note(user, title: str, url: str = "/") -> Notification:  # type: ignore[no-untyped-def]
    return notify(recipient=user, kind="sla_reminder", title=title, body="正文", url=url)


def test_inbox_shows_only_the_users_own_notifications_newest_first(client, person, other) -> None:
    _note(person, "我的第一条")
    _note(other, "别人的通知")
    _note(person, "我的第二条")
    client.force_login(person)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "别人的通知" not in page
    assert page.index("我的第二条") < page.index("我的第一条")


def test_inbox_highlights_unread_notifications(client, person) -> None:
    read = _note(person, "已读的")
    _note(person, "未读的")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-05T08:00:00Z")
    client.force_login(person)
    response = client.get(reverse("notifications:inbox"))
    assert response.content.decode().count("notification-unread") == 1
    unread_only = client.get(reverse("notifications:inbox"), {"show": "unread"}).content.decode()
    assert "未读的" in unread_only
    assert "已读的" not in unread_only


def test_inbox_pages_through_many_notifications(client, person) -> None:
    for i in range(25):
        _note(person, f"通知{i:02d}")
    client.force_login(person)
    second = client.get(reverse("notifications:inbox"), {"page": 2})
    assert [n.title for n in second.context["page"]] == [f"通知{i:02d}" for i in range(4, -1, -1)]


def test_inbox_needs_a_signed_in_user(client) -> None:
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, person) -> None:
    n = _note(person, "案件即将超期", url="/enterprises/mine/")
    client.force_login(person)
    response = client.get(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == "/enterprises/mine/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_opening_a_notification_without_a_link_returns_to_the_inbox(client, person) -> None:
    n = _note(person, "无链接", url="")
    client.force_login(person)
    response = client.post(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_another_user_cannot_open_someones_notification(client, person, other) -> None:
    n = _note(person, "我的通知")
    client.force_login(other)
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_marks_the_users_notifications_only(client, person, other) -> None:
    _note(person, "一")
    _note(person, "二")
    theirs = _note(other, "别人的")
    client.force_login(person)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response["Location"] == reverse("notifications:inbox")
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_unread_count_is_in_the_context_of_every_page(client, person, other) -> None:
    _note(person, "一")
    _note(person, "二")
    _note(other, "别人的")
    client.force_login(person)
    response = client.get(reverse("notifications:preferences"))
    assert response.context["unread_notifications"] == 2


def test_the_unread_count_costs_one_query_and_is_absent_for_visitors(person, django_assert_num_queries) -> None:
    from django.contrib.auth.models import AnonymousUser

    _note(person, "一")
    request = RequestFactory().get("/")
    request.user = person
    with django_assert_num_queries(1):
        assert inbox(request) == {"unread_notifications": 1}
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert inbox(request) == {}


def test_preferences_page_turns_channels_off_for_later_notifications(client, person) -> None:
    client.force_login(person)
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"].initial == {"email": True, "sms": True, "muted_kinds": []}
    response = client.post(reverse("notifications:preferences"), {})  # every box unticked
    assert response["Location"] == reverse("notifications:preferences")
    saved = NotificationPreference.objects.get(user=person)
    assert (saved.email, saved.sms) == (False, False)
    n = notify(recipient=person, kind="sla_escalation", title="案件已超期", body="")
    assert not n.deliveries.exists()


def test_preferences_page_mutes_a_kind(client, person) -> None:
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    person = staff(Role.WINDOW_CLERK, None, email="wang.li@example.cn", phone="13800138001")
    client.force_login(person)
    client.post(reverse("notifications:preferences"), {"email": "on", "sms": "on", "muted_kinds": ["sla_reminder"]})
    assert NotificationPreference.objects.get(user=person).muted_kinds == ["sla_reminder"]
    assert not _note(person, "提醒").deliveries.exists()
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"].initial["muted_kinds"] == ["sla_reminder"]



def test_an_enterprise_users_settings_offer_only_their_own_kinds(client, person) -> None:
    client.force_login(person)  # not a member of staff
    offered = {value for value, _label in client.get(reverse("notifications:preferences")).context["form"]
               .fields["muted_kinds"].choices}
    assert "approval_decision" in offered and "appointment_reminder" in offered
    assert not offered & {"sla_reminder", "sla_escalation", "calendar_missing", "approval_assigned",
                          "approval_withdrawn"}


def test_a_staff_members_settings_offer_the_time_limit_alerts(client) -> None:
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    client.force_login(staff(Role.WINDOW_CLERK, None))
    offered = {value for value, _label in client.get(reverse("notifications:preferences")).context["form"]
               .fields["muted_kinds"].choices}
    assert {"sla_reminder", "sla_escalation", "approval_assigned"} <= offered


def test_an_enterprise_users_settings_name_the_time_limit_notices_as_changes_to_any_of_its_limits(client,
                                                                                               person) -> None:
    client.force_login(person)
    choices = dict(client.get(reverse("notifications:preferences")).context["form"].fields["muted_kinds"].choices)
    assert str(choices["approval_time_limit"]) == "申请期限变动"
