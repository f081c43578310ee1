"""Browser tests: Playwright driving the system Chromium (/usr/bin/chromium) against live_server.

Skipped when Chromium is not installed (CI installs it: .ci/run). Screenshots go to
artifacts/screenshots/ for the CI run to keep.
"""

from __future__ import annotations

import io
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


PHONE_HEIGHTS = {360: 740, 390: 844}  # a common Android phone; an iPhone 12–15


def new_phone_context(browser, width: int = 360, **options):  # type: ignore[no-untyped-def]
    """A browser context the size of a phone ``width`` CSS pixels wide, with touch."""
    return browser.new_context(viewport={"width": width, "height": PHONE_HEIGHTS.get(width, 800)}, is_mobile=True,
                               has_touch=True, **{"locale": "zh-CN", **options})


@pytest.fixture
def phone_page(request, browser, live_server):  # type: ignore[no-untyped-def]
    """A phone-sized page, 360 px wide unless the test asks for another width:
    ``@pytest.mark.parametrize("phone_page", [390], indirect=True)``."""
    context = new_phone_context(browser, getattr(request, "param", 360))
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    new_page.base = live_server.url  # type: ignore[attr-defined]
    yield new_page
    context.close()


def scrolls_sideways(page) -> bool:  # type: ignore[no-untyped-def]
    """Whether the page is wider than the window (the reader would have to scroll sideways)."""
    return page.evaluate("() => document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth")


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


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo (``manage.py seed_demo``) seeded once for a module, served by a live server of its own, with a
    session for each demo user; flushed after the module. For read-only visits to many pages: the module marks
    its tests ``django_db`` (so that the test database is set up; each test's own writes roll back) and uses
    neither ``live_server`` nor ``page`` nor ``transaction=True`` (each flushes the database after its test).

    Yields ``(address, sessions)``: the server's address and each demo user's session cookie value."""
    from django.apps import apps
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from django.test import Client
    from pytest_django.live_server_helper import LiveServer

    from enterprises.demo import DEMO_ENTERPRISE_USERS
    from firesvc.accounts.demo import DEMO_STAFF
    from firesvc.accounts.models import User

    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"  # it is flushed afterwards
        # What the migrations put in (the catalogue of matters, the rule sets...): put back after the flush, since
        # the tests that run after this module on the same process expect it, as after any rolled-back test.
        migrated = connection.creation.serialize_db_to_string()
        cache.clear()
        call_command("seed_demo", stdout=io.StringIO())
        sessions = {}
        for username in [*DEMO_STAFF, *DEMO_ENTERPRISE_USERS]:
            client = Client()
            client.force_login(User.objects.get(username=username))
            sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        server = LiveServer("localhost")
        try:
            yield server.url, sessions
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(migrated)
            # The flush restarted the id sequences (PostgreSQL) below the ids just put back: move them past.
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    cursor.execute(statement)
            cache.clear()
