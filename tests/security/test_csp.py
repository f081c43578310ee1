"""Content Security Policy: the header is on every page, and no page relies on inline script.

Crawls the portal as every demo user and an anonymous visitor (like tests/test_crawl.py) and
checks each HTML answer: a CSP header with ``script-src 'self'`` and no ``<script>`` with a body,
no ``on*=`` event attribute, no ``javascript:`` link.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from enterprises.demo import DEMO_ENTERPRISE_USERS
from firesvc.accounts.demo import DEMO_STAFF

HREF = re.compile(r'href="([^"]+)"')
MAX_PAGES_PER_USER = 50
SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/accounts/logout/", "/admin/logout/")
# A <script> element without src whose body is not blank (JSON data blocks are not executed).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>\s*[^<\s]", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][a-z0-9-]*\b[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def inline_script_problems(html: str) -> list[str]:
    problems = []
    for name, pattern in (("inline script", INLINE_SCRIPT), ("event attribute", EVENT_ATTRIBUTE),
                          ("javascript: URL", JS_URL)):
        match = pattern.search(html)
        if match:
            problems.append(f"{name}: {html[match.start():match.start() + 80]!r}")
    return problems


def test_the_detector_finds_inline_script_and_event_attributes() -> None:
    assert inline_script_problems('<script>alert(1)</script>')
    assert inline_script_problems('<button class="x" onclick="go()">')
    assert inline_script_problems('<a href="javascript:void(0)">')
    assert not inline_script_problems('<script src="/static/js/portal.js"></script>')
    assert not inline_script_problems('<script id="d" type="application/json">{"a": 1}</script>')
    assert not inline_script_problems('<button data-action="print">Print</button><p>button online=</p>')


def _links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or not url.startswith("/") or url.startswith(SKIP_PREFIXES):
            continue
        found.append(url)
    return found


def _crawl(client: Client, start: list[str]) -> tuple[int, list[str]]:
    seen = set(start)
    queue = deque(start)
    problems: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES_PER_USER:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (301, 302) and response.get("Location", "").startswith("/"):
            location = response["Location"]
            if location not in seen:
                seen.add(location)
                queue.append(location)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        policy = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy or "object-src 'none'" not in policy:
            problems.append(f"{url}: CSP header {policy!r}")
        html = response.content.decode()
        problems += [f"{url}: {problem}" for problem in inline_script_problems(html)]
        for link in _links(html):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited, problems


@pytest.mark.django_db
def test_every_page_of_every_demo_user_has_csp_and_no_inline_script(settings) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    problems: dict[str, list[str]] = {}
    for username in [*DEMO_STAFF, *DEMO_ENTERPRISE_USERS, None]:
        client = Client(raise_request_exception=False)
        if username:
            assert client.login(username=username, password=settings.DEMO_PASSWORD), username
        visited, found = _crawl(client, ["/", "/accounts/login/", "/api/docs/"])
        assert visited > 2, f"{username} reached no page"
        if found:
            problems[username or "anonymous"] = found
    assert problems == {}


def test_the_policy_header_is_strict(client) -> None:
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_up_code_as_a_separate_script(client) -> None:
    html = client.get("/api/docs/").content.decode()
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html)
    assert script and not inline_script_problems(html)
    code = client.get(script.group(1).replace("&amp;", "&"))
    assert code.status_code == 200 and "SwaggerUIBundle" in code.content.decode()
    assert "javascript" in code["Content-Type"]
