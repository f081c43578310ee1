"""Follow every link as each demo user: no page may answer with a server error."""

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
MAX_PAGES_PER_USER = 250
SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/accounts/logout/", "/admin/logout/")


def _links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or not url.startswith("/"):
            continue
        if url.startswith(SKIP_PREFIXES):
            continue
        found.append(url)
    return found


def _crawl(client: Client) -> tuple[int, list[str]]:
    seen: set[str] = {"/"}
    queue = deque(["/"])
    errors: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES_PER_USER:
        url = queue.popleft()
        response = client.get(url, follow=True)
        visited += 1
        if response.status_code >= 500:
            errors.append(f"{url} -> {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited, errors


@pytest.mark.django_db
def test_following_every_link_as_each_demo_user_raises_no_server_error(settings) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = [*DEMO_STAFF, *DEMO_ENTERPRISE_USERS, None]
    problems: dict[str, list[str]] = {}
    for username in users:
        client = Client(raise_request_exception=False)
        if username:
            assert client.login(username=username, password=settings.DEMO_PASSWORD), username
        visited, errors = _crawl(client)
        assert visited > 1, f"{username} reached no page"
        if errors:
            problems[username or "anonymous"] = errors
    assert problems == {}
