"""Users can get back in (issue 23 §6): a code by SMS or e-mail, an administrator's reset, spraying throttled."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.notifications.models import OutboxMessage
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lantern-river-7731"
SENT = "6-digit code"


@pytest.fixture
def applicant(db) -> User:  # type: ignore[no-untyped-def]
    units = unit_chain("p")
    return enterprise_user(EnterpriseFactory(brigade=units["brigade"]), username="hualian", phone="13800001111",
                           email="it@hualian.example")


def _ask(client, identifier: str, channel: str = "sms", **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("password_reset"), {"identifier": identifier, "channel": channel}, **extra)


def _code_sent_to(address: str) -> str:
    message = OutboxMessage.objects.select_related("notification").get(address=address)
    return re.search(r"(?<!\d)(\d{6})(?!\d)", message.notification.body).group(1)


def _reset(client, identifier: str, code: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("password_reset_code"), {
        "identifier": identifier, "code": code, "new_password1": password, "new_password2": password})


def test_the_sign_in_page_links_to_the_password_reset(client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    assert "忘记密码" in page


def test_an_enterprise_user_resets_the_password_with_a_code_sent_by_text_message(client, applicant) -> None:
    response = _ask(client, "13800001111")
    assert response["Location"] == reverse("password_reset_code")
    response = _reset(client, "13800001111", _code_sent_to("13800001111"))
    assert response["Location"] == reverse("login")
    assert client.login(username="hualian", password=NEW_PASSWORD)


def test_the_code_can_go_by_e_mail(client, applicant) -> None:
    _ask(client, "hualian", channel="email")
    _reset(client, "hualian", _code_sent_to("it@hualian.example"))
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)


def test_an_unknown_account_gets_the_same_answer_and_nothing_is_sent(client, applicant) -> None:
    known, unknown = _ask(client, "hualian", follow=True), _ask(client, "nobody-here", follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert [str(m) for m in known.context["messages"]] == [str(m) for m in unknown.context["messages"]]
    assert OutboxMessage.objects.count() == 1


def test_a_staff_account_gets_no_code(client, applicant) -> None:
    staff(Role.APPROVER, applicant.enterprise_account.enterprise.brigade, username="wang", phone="13900002222")
    response = _ask(client, "wang")
    assert response["Location"] == reverse("password_reset_code")
    assert not OutboxMessage.objects.filter(address="13900002222").exists()


def test_a_wrong_code_is_refused_and_five_wrong_codes_end_it(client, applicant) -> None:
    _ask(client, "hualian")
    code = _code_sent_to("13800001111")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert _reset(client, "hualian", wrong).status_code == 400
    assert _reset(client, "hualian", code).status_code == 400
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)


def test_an_expired_code_is_refused(client, applicant, time_machine) -> None:
    _ask(client, "hualian")
    code = _code_sent_to("13800001111")
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    assert _reset(client, "hualian", code).status_code == 400


def test_a_code_works_once(client, applicant) -> None:
    _ask(client, "hualian")
    code = _code_sent_to("13800001111")
    _reset(client, "hualian", code)
    assert _reset(client, "hualian", code, password="Another-lantern-8842").status_code == 400


def test_an_account_gets_at_most_three_codes_an_hour(client, applicant) -> None:
    for _ in range(4):
        _ask(client, "hualian")
    assert OutboxMessage.objects.filter(address="13800001111").count() == 3


def test_one_address_may_ask_ten_times_an_hour(client, applicant) -> None:
    for _ in range(10):
        assert _ask(client, "someone").status_code == 302
    assert _ask(client, "someone").status_code == 429


def test_an_administrators_reset_forces_a_new_password_at_the_next_sign_in(client, applicant) -> None:
    from django.test import Client

    brigade = applicant.enterprise_account.enterprise.brigade
    clerk = staff(Role.WINDOW_CLERK, brigade, username="li")
    admin_client = Client()
    admin_client.force_login(staff(Role.ADMINISTRATOR, brigade, is_staff=True, is_superuser=True))
    response = admin_client.post("/admin/accounts/user/", {"action": "reset_password", "_selected_action": [clerk.pk]},
                                 follow=True)
    temporary = re.search(r"is now (\S+?)\.|密码已重置为 (\S+) 。", response.content.decode())
    clerk.refresh_from_db()
    assert clerk.must_change_password
    assert temporary is not None
    assert client.login(username="li", password=temporary.group(1) or temporary.group(2))
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    client.post(reverse("password_change"), {"old_password": temporary.group(1) or temporary.group(2),
                                             "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    clerk.refresh_from_db()
    assert not clerk.must_change_password
    assert client.get(reverse("ping")).status_code == 200


def test_password_spraying_from_one_address_is_throttled(client, applicant, settings) -> None:
    settings.AXES_ENABLED = True
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 5
    for n in range(5):  # one password against five usernames: axes never locks any of them
        client.post(reverse("login"), {"username": f"user{n}", "password": "Spring2026!"}, REMOTE_ADDR="203.0.113.9")
    response = client.post(reverse("login"), {"username": "hualian", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    # the real user elsewhere is not affected
    elsewhere = client.post(reverse("login"), {"username": "hualian", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_password_spraying_is_throttled_at_the_api_token_too(client, applicant, settings) -> None:
    settings.AXES_ENABLED = True
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        client.post("/api/v1/auth/token/", {"username": f"user{n}", "password": "Spring2026!"},
                    content_type="application/json", REMOTE_ADDR="203.0.113.9")
    response = client.post("/api/v1/auth/token/", {"username": "hualian", "password": PASSWORD},
                           content_type="application/json", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 400
    assert "token" not in response.json()
