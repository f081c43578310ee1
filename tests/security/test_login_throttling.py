"""django-axes: a username is locked from one address after N failures; other addresses still work."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from firesvc.accounts.roles import Role
from firesvc.security.models import SecurityEvent, SecurityEventKind
from tests.factories import PASSWORD, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_axes_on")]

LIMIT = 3


@pytest.fixture
def _axes_on():  # type: ignore[no-untyped-def]
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=LIMIT):
        yield


def _sign_in(client, username: str, password: str, address: str = "10.0.0.5"):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username: str, times: int, address: str = "10.0.0.5"):  # type: ignore[no-untyped-def]
    response = None
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", address)
    return response


def test_below_the_limit_the_form_says_the_password_is_wrong(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    response = _fail(client, clerk.username, LIMIT - 1)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_limit_locks_the_username_from_that_address_with_a_clear_page(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    response = _fail(client, clerk.username, LIMIT)
    assert response.status_code == 429
    page = response.content.decode()
    assert "security/lockout.html" in [t.name for t in response.templates]
    assert str(LIMIT) in page  # failures
    assert "30" in page  # minutes of the cool-off


def test_a_locked_username_cannot_sign_in_even_with_the_right_password(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    _fail(client, clerk.username, LIMIT)
    response = _sign_in(client, clerk.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_address_can_still_sign_in(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    _fail(client, clerk.username, LIMIT, address="10.0.0.5")
    response = _sign_in(client, clerk.username, PASSWORD, address="10.0.0.6")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_another_username_from_the_locked_address_can_still_sign_in(client, tree) -> None:
    victim = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    colleague = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    _fail(client, victim.username, LIMIT)
    assert _sign_in(client, colleague.username, PASSWORD).status_code == 302


def test_a_lockout_is_recorded_as_a_security_event(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    _fail(client, clerk.username, LIMIT)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT)
    assert event.username == clerk.username
    assert event.ip_address == "10.0.0.5"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).count() == LIMIT


def test_a_success_resets_the_count(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    _fail(client, clerk.username, LIMIT - 1)
    assert _sign_in(client, clerk.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    response = _fail(client, clerk.username, LIMIT - 1)
    assert response.status_code == 200


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_lock_follows_the_client_address_not_the_proxys(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    for _ in range(LIMIT):
        client.post(reverse("login"), {"username": clerk.username, "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other_client = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD},
                               REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other_client.status_code == 302


def test_settings_lock_on_the_username_and_address_pair() -> None:
    from django.conf import settings

    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
