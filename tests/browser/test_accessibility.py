"""Everyone can use it (issue 22 §3): the main pages of every role, on the seeded demo, in Chinese and in English.

- axe-core (installed from npm by ``make browser-assets`` into ``$FIRESVC_NPM_CACHE``) finds no serious or
  critical violation on each page, in the normal and in the 长辈版 (large text, high contrast) display;
- every page a resident, grid manager, duty officer or enterprise user works with fits a 390 px wide phone
  without sideways scrolling.

The demo is seeded once for the module, with a session for each demo user (``demo_site``); every test opens
its page with exactly that user's session, language and display cookies, in a browser context kept open for the
user's next pages (``open_page``). axe is added to the page with
``add_init_script`` (the DevTools protocol, not a <script> tag), so the portal's strict CSP stays in force.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import new_phone_context, scrolls_sideways

# django_db: the test database is set up (see demo_site); one worker seeds the demo once for all of them.
# constraints_checked: the foreign keys of what a visit wrote, not of the whole demo, after each test.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_pages"),
              pytest.mark.usefixtures("constraints_checked")]

NPM_CACHE = Path(os.environ.get("FIRESVC_NPM_CACHE") or Path.home() / ".cache" / "firesvc-npm")
AXE = NPM_CACHE / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ["zh-hans", "en"]

# The WCAG 2.1 A and AA rules and axe's best practices; only serious and critical findings fail a test.
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
    `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.slice(0, 5).map(n =>
      `    ${n.target.join(' ')}: ${n.failureSummary.split('\\n').slice(1).join(' ').trim()}`).join('\\n'));
}"""


# The form's error messages under its fields, those no field (or its fieldset) names in aria-describedby, and the
# fields marked invalid that point at no message.
ERRORS_TIED = r"""(form) => {
  const target = (id) => document.getElementById(id);
  const ids = (e) => (e && e.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  const described = [...form.querySelectorAll('[aria-describedby]')].flatMap(ids).map(target).filter(Boolean);
  const messages = [...form.querySelectorAll('.invalid-feedback, .errorlist:not(.nonfield)')]
    .filter(e => e.innerText.trim());
  const untied = messages.filter(m => !described.some(t => t === m || t.contains(m) || m.contains(t)));
  const invalid = [...form.querySelectorAll('[aria-invalid=true]')].filter(e =>
    ![...ids(e), ...ids(e.closest('fieldset, [role=group], [role=radiogroup]'))]
      .some(id => target(id) && target(id).innerText.trim()));
  return {messages: messages.length, untied: untied.map(m => m.innerText.trim().slice(0, 60)),
          invalid: invalid.map(e => e.name || e.id)}; }"""

# The elements that stick out past the right edge of the window, for the failure message.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 1).slice(0, 8)
  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
    + ` ${Math.round(e.getBoundingClientRect().right)}px`)"""


@dataclass(frozen=True)
class Page:
    """A page a user works with: ``path``, or the first link in ``path``'s main content matching ``follow``."""

    user: str | None  # a demo user (seed_demo, firesvc/accounts/demo.py); None: a resident, not signed in
    path: str
    follow: str = ""

    def __str__(self) -> str:
        return f"{self.user or 'resident'}:{self.path}{'→' + self.follow if self.follow else ''}"


RESIDENT = [
    Page(None, "/"),
    Page(None, "/accounts/login/"),
    Page(None, "/reports/"),
    Page(None, "/reports/t/"),
    Page(None, "/feedback/complain/"),
    Page(None, "/approvals/matters/"),
    Page(None, "/approvals/matters/", follow="a[href$='/acceptance/']"),
    Page(None, "/enterprises/signup/"),
    Page(None, "/accounts/password/reset/"),
]
ENTERPRISE = [
    Page("ent_a", "/enterprises/mine/"),
    Page("ent_a", "/approvals/"),
    Page("ent_a", "/approvals/", follow="a[href^='/approvals/new/']"),
    Page("ent_a", "/approvals/", follow="table a[href^='/approvals/']"),
    Page("ent_a", "/approvals/parallel/new/"),
    Page("ent_a", "/approvals/appointments/"),
    Page("ent_a", "/approvals/appointments/book/"),
    Page("ent_a", "/enterprises/measures/training/"),
    Page("ent_a", "/enterprises/suggestions/mine/"),
    Page("ent_a", "/safety/my/orders/"),
    Page("ent_a", "/safety/my/orders/", follow="a[href^='/safety/my/orders/']"),
    Page("ent_a", "/safety/my/key-unit/"),
    Page("ent_a", "/inbox/"),
]
GRID_MANAGER = [
    Page("grid", "/desk/grid_manager/"),
    Page("grid", "/reports/"),
    Page("grid", "/reports/mine/"),
    Page("grid", "/safety/hazards/"),
    Page("grid", "/safety/hazards/new/"),
    Page("grid", "/enterprises/"),
    Page("grid", "/enterprises/", follow="table a[href^='/enterprises/']"),
    Page("grid", "/enterprises/suggestions/"),
    Page("grid", "/enterprises/visits/overdue/"),
    Page("grid", "/feedback/questions/"),
    Page("grid", "/feedback/patrol-teams/"),
    Page("grid", "/feedback/patrol-teams/", follow="a[href^='/feedback/patrol-teams/']"),
]
DUTY_OFFICER = [
    Page("duty", "/reports/duty/"),
    Page("duty", "/reports/duty/", follow="a[href^='/reports/']"),
    Page("duty", "/feedback/questions/"),
    Page("duty", "/inbox/"),
]
STAFF = [
    Page("clerk", "/desk/window_clerk/"),
    Page("clerk", "/approvals/worklist/"),
    Page("clerk", "/approvals/worklist/", follow="table a[href^='/approvals/']"),
    Page("clerk", "/approvals/appointments/day/"),
    Page("clerk", "/approvals/window-filing/"),
    Page("clerk", "/approvals/consultations/"),
    Page("clerk", "/approvals/three-ones/"),
    Page("clerk", "/enterprises/accounts/"),
    Page("clerk", "/feedback/complaints/"),
    Page("reviewer", "/desk/reviewer/"),
    Page("reviewer", "/approvals/reviews/"),
    Page("reviewer", "/approvals/early-interventions/"),
    Page("reviewer", "/feedback/acts/"),
    Page("reviewer", "/safety/key-units/"),
    Page("approver", "/desk/approver/"),
    Page("approver", "/sla/board/"),
    Page("approver", "/enterprises/measures/training/queue/"),
    Page("supervisor", "/desk/supervisor/"),
    Page("supervisor", "/feedback/review/"),
    Page("supervisor", "/feedback/visits/"),
    Page("supervisor", "/enterprises/forums/"),
    Page("supervisor", "/stats/"),
    Page("admin", "/desk/administrator/"),
    Page("admin", "/calendar/"),
    Page("admin", "/audit/"),
    Page("admin", "/security/events/"),
    Page("admin", "/accounts/password/"),
    Page("reviewer", "/enterprises/forums/new/"),
    Page("clerk", "/enterprises/suggestions/new/"),
]
# Forms sent empty (the browser's own checks switched off): each error is tied to its field.
FORMS = [
    Page(None, "/reports/"),
    Page(None, "/feedback/complain/"),
    Page(None, "/accounts/login/"),
    Page(None, "/reports/t/"),
    Page(None, "/enterprises/signup/"),
    Page(None, "/accounts/password/reset/"),
    Page("ent_a", "/approvals/new/acceptance/"),
    Page("ent_a", "/approvals/parallel/new/"),
    Page("ent_a", "/accounts/password/"),
    Page("grid", "/safety/hazards/new/"),
    Page("clerk", "/approvals/window-filing/"),
    Page("reviewer", "/enterprises/forums/new/"),  # the attendee rows: the first row's picker says one is needed
    Page("clerk", "/enterprises/suggestions/new/"),
]
MAIN_PAGES = [*RESIDENT, *ENTERPRISE, *GRID_MANAGER, *DUTY_OFFICER, *STAFF]
PHONE_PAGES = [*RESIDENT, *ENTERPRISE, *GRID_MANAGER, *DUTY_OFFICER]


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.exists():
        message = f"axe-core not found at {AXE}: run `make browser-assets`"
        if os.environ.get("FIRESVC_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


# Pages kept open for the module's next visits (a few users' at a time).
OPEN_PAGES = 6


@pytest.fixture(scope="module")
def open_pages(browser) -> Iterator[dict[tuple, object]]:  # type: ignore[no-untyped-def]
    """The pages ``open_page`` keeps open, by user and display, closed after the module."""
    pages: dict[tuple, object] = {}
    yield pages
    for page in pages.values():
        page.context.close()  # type: ignore[attr-defined]


@pytest.fixture
def open_page(browser, demo_site, open_pages):  # type: ignore[no-untyped-def]
    """``open_page(page, language, phone_width=None, elder=False)``: the page, in the user's browser context with
    the cookies of a fresh one (the user's session, the language, the 长辈版 cookie), each visit; returns the
    Playwright page. A context is kept open for the user's next pages in the same display: a new context per visit
    (a renderer process to start, every static file to fetch again) cost most of the module's time."""
    from django.conf import settings

    address, sessions = demo_site
    elder_accounts: list[str] = []

    def switch_elder_mode(page, on: bool) -> None:  # type: ignore[no-untyped-def]
        """A signed-in person's pages follow their account's choice: switched as they would, with the button
        (the server writes the account, which the test's own transaction could not show it)."""
        if page.evaluate("() => document.documentElement.classList.contains('elder-mode')") != on:
            with page.expect_navigation():
                page.evaluate("() => document.querySelector('form[data-elder-switch]').requestSubmit()")

    def context_for(user: str | None, phone_width: int | None, elder: bool, axe: Path | None):  # type: ignore[no-untyped-def]
        key = (user, phone_width, elder, axe)
        page = open_pages.pop(key, None)
        if page is None or page.is_closed():  # type: ignore[attr-defined]
            if phone_width:
                context = new_phone_context(browser, phone_width)
            else:
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            if axe:
                context.add_init_script(path=str(axe))
            page = context.new_page()
            page.set_default_timeout(15_000)
        open_pages[key] = page  # the most recently used last
        while len(open_pages) > OPEN_PAGES:
            open_pages.pop(next(iter(open_pages))).context.close()  # type: ignore[attr-defined]
        return page

    def visit(target: Page, language: str, *, phone_width: int | None = None, elder: bool = False,
              axe: Path | None = None):  # type: ignore[no-untyped-def]
        page = context_for(target.user, phone_width, elder, axe)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": address}]
        if target.user:
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": sessions[target.user], "url": address})
        if elder:  # a visitor's choice is the browser's cookie
            cookies.append({"name": settings.ELDER_MODE_COOKIE_NAME, "value": "1", "url": address})
        page.context.clear_cookies()  # only these, as in a new context: nothing an earlier visit was given
        page.context.add_cookies(cookies)
        response = page.goto(f"{address}{target.path}")
        assert response is not None and response.ok, f"{target}: {response and response.status}"
        if elder and target.user:
            switch_elder_mode(page, True)
            elder_accounts.append(target.user)
        if target.follow:
            link = page.locator(f"main {target.follow}").first
            href = link.get_attribute("href")
            response = page.goto(f"{address}{href}")
            assert response is not None and response.ok, f"{target} ({href}): {response and response.status}"
        page.wait_for_load_state("load")
        return page

    yield visit
    for user in elder_accounts:  # switched back, so that the module's other pages show the standard display
        context = browser.new_context()
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": sessions[user], "url": address}])
        page = context.new_page()
        page.goto(f"{address}/")
        switch_elder_mode(page, False)
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("target", MAIN_PAGES, ids=str)
def test_main_page_has_no_serious_accessibility_violation(open_page, axe_script, target, language) -> None:  # type: ignore[no-untyped-def]
    page = open_page(target, language, axe=axe_script)
    assert page.evaluate("() => document.documentElement.lang") == language
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"{target} ({language}):\n" + "\n".join(violations)


@pytest.mark.parametrize("target", FORMS, ids=str)
def test_form_errors_are_tied_to_their_fields(open_page, target) -> None:  # type: ignore[no-untyped-def]
    page = open_page(target, "zh-hans")
    form = page.locator("main form[method=post]").first
    form.evaluate("f => { f.noValidate = true; }")
    with page.expect_navigation():
        form.locator("[type=submit], button:not([type])").last.click()
    found = page.locator("main form[method=post]").first.evaluate(ERRORS_TIED)
    assert found["messages"] > 0, f"{target}: an empty form shows no error under a field"
    assert found["untied"] == [], f"{target}: messages no field points at: {found['untied']}"
    assert found["invalid"] == [], f"{target}: invalid fields without their message: {found['invalid']}"


@pytest.mark.parametrize("target", [*RESIDENT[:3], ENTERPRISE[0], ENTERPRISE[6], GRID_MANAGER[0], DUTY_OFFICER[0],
                                    STAFF[1], STAFF[17]], ids=str)
def test_elder_mode_page_has_no_serious_accessibility_violation(open_page, axe_script, target) -> None:  # type: ignore[no-untyped-def]
    page = open_page(target, "zh-hans", elder=True, axe=axe_script)
    assert page.evaluate("() => document.documentElement.classList.contains('elder-mode')")
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"{target} (长辈版):\n" + "\n".join(violations)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("target", PHONE_PAGES, ids=str)
def test_page_fits_a_390_px_phone_without_sideways_scrolling(open_page, target, language) -> None:  # type: ignore[no-untyped-def]
    page = open_page(target, language, phone_width=390)
    assert page.evaluate("() => document.scrollingElement.clientWidth") <= 390
    assert not scrolls_sideways(page), page.evaluate(WIDEST)

