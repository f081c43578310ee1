"""The Content Security Policy in a real browser: pages work and report no violation.

Chromium logs every blocked script, style or image as a console error "Refused to …"; these
tests fail on any such message while using the sign-in form, the print button and Swagger UI.
"""

from __future__ import annotations

import pytest

from firesvc.accounts.roles import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text
            or message.text.startswith("Refused to") else None)
    return found


def test_sign_in_and_a_desk_work_under_the_policy(page) -> None:
    violations = _violations(page)
    staff(Role.WINDOW_CLERK, unit_chain("csp")["brigade"], username="clerk_csp")
    login(page, "clerk_csp", PASSWORD)
    page.wait_for_selector("nav.portal-nav")
    assert "/desk/" in page.url
    # the language switch (static/js/portal.js) still submits on change
    with page.expect_navigation():  # the form submits on change: wait for that page, not the current one
        page.select_option("select[name=language]", "en")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


def test_a_print_button_prints_without_inline_script(page) -> None:
    violations = _violations(page)
    page.goto(f"{page.base}/accounts/login/")
    page.evaluate("""() => {
        window.__printed = 0; window.print = () => { window.__printed += 1; };
        const button = document.createElement('button');
        button.dataset.action = 'print'; button.id = 'p'; button.textContent = 'Print';
        document.body.appendChild(button);
    }""")
    page.click("#p")
    assert page.evaluate("window.__printed") == 1
    assert violations == []


def test_swagger_ui_renders_under_the_policy(page) -> None:
    violations = _violations(page)
    page.goto(f"{page.base}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "消防服务 API" in page.inner_text(".swagger-ui .info .title")
    assert violations == []
