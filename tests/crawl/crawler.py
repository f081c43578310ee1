"""Follow the portal's links as one user and run the page checks on every answer, each page fetched once.

A user's crawl is a few walks (``Walk``) that share the pages they fetch: each walk is a breadth-first
search from its start pages, following redirects at once (as a browser does) and links under its
prefixes, up to its number of visits. Every answer, redirects included, goes through every check.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlparse

from django.test import Client

from tests.crawl.checks import PAGE_CHECKS, Page

HREF = re.compile(r'href="([^"]+)"')
SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/accounts/logout/", "/admin/logout/")
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class Walk:
    """Breadth first from ``start``, following links under ``prefixes``, at most ``max_visits`` links."""

    start: tuple[str, ...]
    max_visits: int
    prefixes: tuple[str, ...] = ("/",)


@dataclass
class UserCrawl:
    """What the crawl of one user found: links visited per walk and, per check, ``"<url>: <problem>"``."""

    visits: list[int] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in PAGE_CHECKS})


def links(html: str) -> list[str]:
    """The portal's own links of a page, without fragments, static files and sign-out."""
    found = []
    for raw in HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or not url.startswith("/") or url.startswith(SKIP_PREFIXES):
            continue
        found.append(url)
    return found


class Crawler:
    """One user's crawl: fetches each URL once, checks it and remembers its redirect and links."""

    def __init__(self, client: Client, files: set[str]) -> None:
        self.client = client
        self.files = files
        self.result = UserCrawl()
        self._answers: dict[str, tuple[str, list[str]]] = {}  # url -> (redirect location, links)

    def _fetch(self, url: str) -> tuple[str, list[str]]:
        if url in self.files:
            return "", []
        if url not in self._answers:
            response = self.client.get(url)
            location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
            is_html = "text/html" in response.get("Content-Type", "") and not location
            page = Page(url=url, status=response.status_code,
                        content_security_policy=response.get("Content-Security-Policy", ""),
                        html=response.content.decode() if is_html else None)
            for name, check in PAGE_CHECKS.items():
                self.result.problems[name] += [f"{url}: {problem}" for problem in check(page)]
            self._answers[url] = (location, links(page.html) if page.html is not None else [])
            if response.status_code == 200 and not is_html:
                self.files.add(url)
        return self._answers[url]

    def visit(self, url: str) -> list[str]:
        """Open ``url`` following its redirects within the portal; the links of the page it lands on."""
        location, found = self._fetch(url)
        for _hop in range(MAX_REDIRECTS):
            if not location.startswith("/"):
                break
            location, found = self._fetch(location)
        return found

    def walk(self, walk: Walk) -> None:
        seen = set(walk.start)
        queue = deque(walk.start)
        visits = 0
        while queue and visits < walk.max_visits:
            visits += 1
            for link in self.visit(queue.popleft()):
                if link.startswith(walk.prefixes) and link not in seen:
                    seen.add(link)
                    queue.append(link)
        self.result.visits.append(visits)


def crawl(client: Client, walks: list[Walk], files: set[str]) -> UserCrawl:
    """``files``: URLs answered with a file (a PDF, a zip) in the crawl so far, not downloaded again.

    Generating the PDFs is most of a crawl's time, and a file is the same for whoever may have it; whether
    each kind of user may have it, and that asking never fails, is the access matrix's test
    (``tests/security/test_access_matrix.py``)."""
    crawler = Crawler(client, files)
    for walk in walks:
        crawler.walk(walk)
    return crawler.result
