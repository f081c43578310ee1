"""长辈版 (issue 22 §3): a visitor switches the large-text, high-contrast display on with the header's button — a
form, so it works without JavaScript — and the portal remembers it on the next visit (for a signed-in user, on
every browser they sign in on)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

ROOT_FONT_SIZE = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"


@pytest.fixture
def no_script_page(browser, live_server):  # type: ignore[no-untyped-def]
    """A desktop page with JavaScript switched off, at the hazard report form (a resident's first page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/reports/")
    yield page
    context.close()


def _press_large_text(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.locator("[data-elder-switch] button:visible").click()


def test_large_text_button_enlarges_the_text_without_javascript(no_script_page) -> None:  # type: ignore[no-untyped-def]
    page = no_script_page
    before = page.evaluate(ROOT_FONT_SIZE)
    _press_large_text(page)
    assert page.url.endswith("/reports/")
    assert page.evaluate("() => document.documentElement.classList.contains('elder-mode')")
    assert page.evaluate(ROOT_FONT_SIZE) >= 1.25 * before
    assert page.locator("[data-elder-switch] button:visible").get_attribute("aria-pressed") == "true"


def test_elder_display_shows_black_text_on_white(no_script_page) -> None:  # type: ignore[no-untyped-def]
    page = no_script_page
    _press_large_text(page)
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("() => getComputedStyle(document.querySelector('main p.text-muted')).color") == \
        "rgb(0, 0, 0)"


def test_elder_display_is_remembered_on_the_next_visit(no_script_page, live_server) -> None:  # type: ignore[no-untyped-def]
    _press_large_text(no_script_page)
    later = no_script_page.context.new_page()
    later.goto(f"{live_server.url}/accounts/login/")
    assert later.evaluate("() => document.documentElement.classList.contains('elder-mode')")


def test_elder_display_is_switched_back_by_the_same_button(no_script_page) -> None:  # type: ignore[no-untyped-def]
    page = no_script_page
    before = page.evaluate(ROOT_FONT_SIZE)
    _press_large_text(page)
    _press_large_text(page)
    assert not page.evaluate("() => document.documentElement.classList.contains('elder-mode')")
    assert page.evaluate(ROOT_FONT_SIZE) == before
    assert page.locator("[data-elder-switch] button:visible").get_attribute("aria-pressed") == "false"


def test_elder_display_follows_a_signed_in_user_to_another_browser(new_page) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    user = UserFactory()
    computer = new_page(user.username)
    _press_large_text(computer)
    phone = new_page(user.username)  # another browser, without the first one's cookie
    assert phone.evaluate("() => document.documentElement.classList.contains('elder-mode')")
