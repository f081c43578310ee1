"""What every page of the crawl must satisfy: one function per check, registered in ``PAGE_CHECKS``.

A check takes one crawled page and returns its problems (empty when the page passes). To add a
check over every page of every role, write the function and add it to ``PAGE_CHECKS``: the crawl
test runs it for every user without further change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# A <script> element without src whose body is not blank (JSON data blocks are not executed).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>\s*[^<\s]", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][a-z0-9-]*\b[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


@dataclass(frozen=True)
class Page:
    """One answer of the crawl. ``html`` is the body of an HTML answer that is not a redirect, else None."""

    url: str
    status: int
    content_security_policy: str
    html: str | None


def inline_script_problems(html: str) -> list[str]:
    problems = []
    for name, pattern in (("inline script", INLINE_SCRIPT), ("event attribute", EVENT_ATTRIBUTE),
                          ("javascript: URL", JS_URL)):
        match = pattern.search(html)
        if match:
            problems.append(f"{name}: {html[match.start():match.start() + 80]!r}")
    return problems


def no_server_error(page: Page) -> list[str]:
    return [f"answered {page.status}"] if page.status >= 500 else []


def strict_content_security_policy(page: Page) -> list[str]:
    """An HTML page carries a CSP header that allows only the portal's own scripts and no plug-ins."""
    if page.html is None:
        return []
    policy = page.content_security_policy
    if "script-src 'self'" in policy and "object-src 'none'" in policy:
        return []
    return [f"CSP header {policy!r}"]


def no_inline_script(page: Page) -> list[str]:
    """No ``<script>`` with a body, ``on*=`` event attribute or ``javascript:`` URL (the CSP would block them)."""
    return inline_script_problems(page.html) if page.html is not None else []


PageCheck = Callable[[Page], list[str]]

PAGE_CHECKS: dict[str, PageCheck] = {
    "no server error": no_server_error,
    "strict CSP header": strict_content_security_policy,
    "no inline script": no_inline_script,
}
