"""The 长辈版 display (issue 22 §3): large text and high contrast, switched by a POST form in the header and
remembered in a cookie (firesvc.core.views.elder_mode)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.ELDER_MODE_COOKIE_NAME


def _html_tag(response) -> str:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    return page[page.index("<html"):page.index(">", page.index("<html")) + 1]


def test_elder_mode_is_off_by_default(client) -> None:  # type: ignore[no-untyped-def]
    assert "elder-mode" not in _html_tag(client.get(reverse("login")))


def test_elder_mode_on_sets_a_lasting_cookie_and_goes_back(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("elder_mode"), {"elder": "on", "next": "/reports/"})
    assert response.status_code == 302
    assert response["Location"] == "/reports/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "1"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600


def test_elder_mode_cookie_marks_every_page(client) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    assert 'class="elder-mode"' in _html_tag(client.get(reverse("login")))


def test_elder_mode_button_says_whether_it_is_on(client) -> None:  # type: ignore[no-untyped-def]
    assert 'aria-pressed="false"' in client.get(reverse("login")).content.decode()
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert 'aria-pressed="true"' in page
    assert 'name="elder" type="hidden" value="off"' in page


def test_elder_mode_off_removes_the_cookie(client) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    client.post(reverse("elder_mode"), {"elder": "off", "next": "/"})
    assert "elder-mode" not in _html_tag(client.get(reverse("login")))


def test_elder_mode_stays_on_after_signing_in(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert 'class="elder-mode"' in _html_tag(client.get(reverse("notifications:inbox")))


def test_elder_mode_does_not_redirect_to_another_site(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("elder_mode"), {"elder": "on", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_elder_mode_with_an_unknown_choice_says_so_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("elder_mode"), {"elder": "maybe", "next": "/accounts/login/"}, follow=True)
    assert COOKIE not in client.cookies
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert [str(m) for m in response.context["messages"]] == [
        "Choose the large-text display or the standard display."]


def test_elder_mode_refuses_get(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("elder_mode")).status_code == 405


def test_elder_mode_needs_the_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("elder_mode"), {"elder": "on", "next": "/"}).status_code == 403


# Signed in, the choice is the account's: it follows the person to every device they sign in on.

def _sign_in(client, user) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "signed in"


def _elder_page(client) -> bool:  # type: ignore[no-untyped-def]
    return 'class="elder-mode"' in _html_tag(client.get(reverse("notifications:inbox")))


def test_elder_mode_switched_on_signed_in_is_kept_on_the_account(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    _sign_in(client, user)
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    user.refresh_from_db()
    assert user.elder_mode is True


def test_elder_mode_follows_the_account_to_another_browser(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    _sign_in(client, user)
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    phone = Client()
    _sign_in(phone, user)
    assert COOKIE not in phone.cookies
    assert _elder_page(phone)


def test_elder_mode_switched_off_on_another_browser_is_off_for_the_account(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    _sign_in(client, user)
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    phone = Client()
    _sign_in(phone, user)
    phone.post(reverse("elder_mode"), {"elder": "off", "next": "/"})
    user.refresh_from_db()
    assert user.elder_mode is False
    assert not _elder_page(client)  # the first browser's cookie still says on: the account decides


def test_elder_mode_chosen_before_signing_in_goes_to_the_account(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    _sign_in(client, user)
    user.refresh_from_db()
    assert user.elder_mode is True


def test_an_old_cookie_does_not_switch_the_account_back_on(client) -> None:  # type: ignore[no-untyped-def]
    # given a browser that kept the cookie from an earlier visit, and an account switched off since
    user = UserFactory(elder_mode=False)
    client.cookies[COOKIE] = "1"
    # when the person signs in there
    _sign_in(client, user)
    # then the account's choice holds
    user.refresh_from_db()
    assert user.elder_mode is False
    assert not _elder_page(client)


def test_elder_mode_of_a_visitor_stays_in_that_browser(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    client.post(reverse("elder_mode"), {"elder": "on", "next": "/"})
    assert 'class="elder-mode"' in _html_tag(client.get(reverse("login")))
    assert "elder-mode" not in _html_tag(Client().get(reverse("login")))
    user.refresh_from_db()
    assert user.elder_mode is False
