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
