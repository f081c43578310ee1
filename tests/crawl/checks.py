"""What every page of the crawl must satisfy: one function per check, registered in ``PAGE_CHECKS``.

A check takes one crawled page and returns its problems (empty when the page passes). To add a
check over every page of every role, write the function and add it to ``PAGE_CHECKS``: the crawl
test runs it for every user without further change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

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


@dataclass
class _FormParser(HTMLParser):
    """Reads forms as a browser builds them: a ``<form>`` start tag inside an open form is ignored (so the
    first ``</form>`` closes the outer one), and a submit button belongs to the open form, else to the form
    its ``form=`` attribute names."""

    nested: list[str] = field(default_factory=list)
    stray: list[tuple[str, str]] = field(default_factory=list)  # (the button's tag, its form= value)
    form_ids: set[str] = field(default_factory=set)
    depth: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            if values.get("id"):
                self.form_ids.add(values["id"])
            if self.depth:
                self.nested.append(self.get_starttag_text() or "<form>")
            else:
                self.depth = 1
        elif self.depth == 0 and _is_submit(tag, values):
            self.stray.append((self.get_starttag_text() or tag, values.get("form", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "form":  # <input type="submit" />
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.depth = 0


def _is_submit(tag: str, values: dict[str, str]) -> bool:
    kind = values.get("type", "").strip().lower()
    if tag == "button":
        return kind in ("", "submit")
    return tag == "input" and kind in ("submit", "image")


def form_problems(html: str) -> list[str]:
    """A form inside a form, or a submit button outside any form (a ``form=`` naming an existing form is fine)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    problems = [f"form inside a form: {tag[:80]!r}" for tag in parser.nested]
    problems += [f"submit button outside any form: {tag[:80]!r}" for tag, owner in parser.stray
                 if not owner or owner not in parser.form_ids]
    return problems


# Django's own admin templates have script-driven buttons without a type (theme and sidebar toggles): not ours.
THIRD_PARTY_BUTTONS = ("/admin/",)


def forms_can_be_sent(page: Page) -> list[str]:
    """Every submit button sends a form: no form inside a form, no submit button outside its form."""
    if page.html is None:
        return []
    problems = form_problems(page.html)
    if page.url.startswith(THIRD_PARTY_BUTTONS):
        problems = [p for p in problems if not p.startswith("submit button outside")]
    return problems


PageCheck = Callable[[Page], list[str]]

PAGE_CHECKS: dict[str, PageCheck] = {
    "no server error": no_server_error,
    "strict CSP header": strict_content_security_policy,
    "no inline script": no_inline_script,
    "forms can be sent": forms_can_be_sent,
}
