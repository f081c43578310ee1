"""Browser tests: Playwright driving the system Chromium (/usr/bin/chromium) against live_server.

Skipped when Chromium is not installed (CI installs it: .ci/run). Screenshots go to
artifacts/screenshots/ for the CI run to keep.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FIRESVC_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("FIRESVC_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh desktop-sized page; ``page.base`` is the live server's address."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    new_page.base = live_server.url  # type: ignore[attr-defined]
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):  # type: ignore[no-untyped-def]
    """A 360 px wide phone-sized page."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    new_page.base = live_server.url  # type: ignore[attr-defined]
    yield new_page
    context.close()


def login(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():  # wait for the page after sign-in, not the sign-in page itself
        page.click("button[type=submit]")
    page.wait_for_load_state()


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def stats_counters(page, keys) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The statistics dashboard's figures (``/stats/``, the signed-in user's unit, this year) for ``keys``."""
    page.goto(f"{page.base}/stats/")
    page.wait_for_selector("table [data-counter]")
    return {key: int(page.locator(f'table [data-counter="{key}"]').inner_text().strip()) for key in keys}



@pytest.fixture
def new_page(browser, live_server):  # type: ignore[no-untyped-def]
    """Opens desktop pages each in its own browser context (its own session), signed in when a username is
    given: ``new_page("clerk")``. The contexts are closed after the test."""
    contexts = []

    def open_page(username: str | None = None, password: str | None = None):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base = live_server.url  # type: ignore[attr-defined]
        if username:
            from tests.factories import PASSWORD

            login(page, username, password or PASSWORD)
        return page

    yield open_page
    for context in contexts:
        context.close()


def nav_to(page, href: str) -> None:  # type: ignore[no-untyped-def]
    """Follow the navigation bar's link to ``href``, opening its drop-down menu first, as a user would."""
    group = page.locator("nav li.dropdown", has=page.locator(f"a.dropdown-item[href='{href}']")).first
    if group.count():
        group.locator("[data-bs-toggle=dropdown]").click()
        link = group.locator(f"a.dropdown-item[href='{href}']")
    else:
        link = page.locator(f"nav a[href='{href}']").first
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


def check_every_material(page) -> None:  # type: ignore[no-untyped-def]
    """At an intake page every material starts unchecked: the clerk marks each row still unchecked, an uploaded
    material in order, one never uploaded missing (or not applicable, when it is optional)."""
    for select in page.locator("select[name^=state_]").all():
        if select.input_value():
            continue
        if select.locator("option[value=ok]").get_attribute("disabled") is None:
            select.select_option("ok")
        else:
            select.select_option("na" if select.locator("option[value=na]").count() else "missing")
