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


# -- Chinese screens: no English UI text, no codes, no login names in what a user reads --------------------------

# Elements whose text is not read as UI text: code and keyboard samples, preformatted text, scripts and styles,
# and the value typed into a text area (an <input>'s value is an attribute, never read).
NOT_READ = frozenset({"script", "style", "code", "kbd", "pre", "samp", "textarea", "template"})
URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# A Latin word: letters, maybe an apostrophe (don't, you’ll) or inner hyphens (sign-in); not part of a code or a number.
WORD = r"[A-Za-z]+(?:['’][a-z]+)?(?:-[A-Za-z]+)*"
LATIN_WORD = re.compile(rf"(?<![\w.@/-]){WORD}(?![\w.@/-])")
# Two words or more, separated by blanks or the punctuation of an English phrase (not by CJK text or marks).
ENGLISH_RUN = re.compile(rf"(?<![\w.@/-]){WORD}(?:[ ,:;&/()]+{WORD})+(?![\w.@/-])")
SNAKE_CASE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-]|\.\w)")  # not a dotted code's head
DOTTED_CODE = re.compile(r"(?<![\w.-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?![\w-])")
# The last part of a dotted word that is a file or a host name, not a code.
FILE_OR_HOST_END = frozenset({"pdf", "zip", "csv", "xlsx", "xls", "doc", "docx", "png", "jpg", "jpeg", "json", "txt",
                              "com", "cn", "org", "net", "gov", "html", "js", "css"})
# Identifiers that are not words of any language: the product's code name reads "消防服务" on screens.
IDENTIFIERS = frozenset({"firesvc"})
# Latin words meant to be read as they are on a Chinese screen, each with why. A run of English words is
# a problem unless every word of it is here; a text that is one word alone (not hyphenated: that is a unit's
# code, cy-st), unless it is here.
ALLOWED_WORDS: dict[str, str] = {
    "English": "the language switch offers English in English, on purpose",
    "PDF": "a file format, written so in Chinese", "CSV": "a file format", "JPEG": "a file format",
    "PNG": "a file format", "zip": "a file format", "MB": "megabytes",
    "QR": "二维码 is written QR码 as often", "API": "the interface's name, written so in Chinese",
    "Excel": "a program's name", "Word": "a program's name", "Celery": "a program's name (the task process)",
    "Open311": "the name of a standard", "ID": "written so in Chinese", "SMS": "written so in Chinese",
    "IP": "written so in Chinese", "GET": "an HTTP method, in the security log's page column",
    "POST": "an HTTP method, in the security log's page column", "KTV": "written so in Chinese",
    "OK": "卡拉OK is written so in Chinese", "m": "metres (m, m²)", "km": "kilometres",
}
# Pages where a finding is right or is a debt written down, each with why: (a regular expression matched
# at the start of the page's path, the kind of finding). Every TODO is one of the Django admin's pages, which
# the administrator alone uses; the crawl's walks reach few of them, a deeper crawl (max_visits=1200) all.
ALLOWED_ON_PAGES: dict[tuple[str, str], str] = {
    (r"/admin/accounts/user/$", "login name"): "the administrator's list of accounts, where login names are given "
                                               "and reset: the one screen that must show them",
    (r"/admin/audit/auditevent/", "code"): "TODO: audit event codes (visit.planned): show the audit words' labels",
    (r"/admin/audit/auditevent/", "English text"): "TODO: the system actor reads 'system'",
    (r"/admin/sla/timelimitrule/", "code"): "TODO: rule keys (acceptance.decide) listed as they are: show the "
                                            "rule's name; the key in the help text belongs in <code>",
    (r"/admin/stats/dailycount/", "code"): "TODO: the counters' keys (applications_submitted) as their names",
    (r"/admin/stats/dailycount/", "English text"): "TODO: as above (consultations)",
    (r"/admin/notifications/notification/", "code"): "TODO: notification kinds (approval_status) as codes",
    (r"/admin/notifications/notification/", "English text"): "TODO: as above (complaint)",
    (r"/admin/safety/keyunitmeasure/", "code"): "TODO: the measures' codes (daily_patrol) as their names",
    (r"/admin/safety/keyunitmeasure/", "English text"): "TODO: as above (training, drill)",
    (r"/admin/approvals/matter/", "code"): "TODO: the matters' codes (design_review) as their names",
    (r"/admin/approvals/matter/", "English text"): "TODO: as above (acceptance)",
    (r"/admin/hazard_reports/apikey/", "code"): "TODO: the help text's address_id (an Open311 field) in <code>",
}


def demo_usernames() -> frozenset[str]:
    """Every login name the demo seeds (the crawl's users, the chains' staff, the second reviewer)."""
    from approvals.demo_review import SECOND_REVIEWER
    from enterprises.demo import DEMO_ENTERPRISE_USERS
    from firesvc.accounts.demo import DEMO_CHAIN_STAFF, DEMO_STAFF, _subdistrict_duty_staff

    return frozenset({*DEMO_STAFF, *DEMO_CHAIN_STAFF, *_subdistrict_duty_staff(), *DEMO_ENTERPRISE_USERS,
                      SECOND_REVIEWER})


class _VisibleText(HTMLParser):
    """The text nodes a reader sees: not attributes, not the elements of ``NOT_READ``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_READ:
            self.hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            while self.hidden.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    """The page's text nodes, blanks collapsed, in page order."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts


def _english(text: str, usernames: frozenset[str]) -> list[str]:
    """Runs of two English words or more that are not all allowed; a text that is one English word alone."""
    found = []
    for match in ENGLISH_RUN.finditer(text):
        words = LATIN_WORD.findall(match.group())
        if not all(word in ALLOWED_WORDS for word in words):
            found.append(match.group().strip(" ,:;&/()"))
    alone = text.strip(" .:：,，()（）")
    if (LATIN_WORD.fullmatch(alone) and "-" not in alone and len(alone) > 2 and not alone.isupper()
            and alone not in ALLOWED_WORDS and alone not in usernames and alone not in IDENTIFIERS):
        found.append(alone)
    return found


def _codes(text: str, usernames: frozenset[str]) -> list[str]:
    found = [match.group() for match in SNAKE_CASE.finditer(text) if match.group() not in usernames]
    found += [match.group() for match in DOTTED_CODE.finditer(text)
              if match.group().rsplit(".", 1)[-1] not in FILE_OR_HOST_END]
    found += [word for word in re.findall(r"\w+", text) if word in IDENTIFIERS]
    return found


def chinese_screen_problems(html: str, usernames: frozenset[str] = frozenset()) -> list[str]:
    """English UI text, codes and login names in the visible text of ``html``, each once, in page order.

    E-mail addresses and URLs are data, not words, and are left out before looking."""
    problems: list[str] = []
    for text in visible_texts(html):
        plain = URL_OR_EMAIL.sub(" ", text)
        names = [word for word in re.findall(r"[\w.-]+", plain) if word in usernames]
        for kind, words in (("login name", names), ("code", _codes(plain, usernames)),
                            ("English text", _english(plain, usernames))):
            problems += [f"{kind} {word!r} in {text[:80]!r}" for word in words]
    return list(dict.fromkeys(problems))


def chinese_screens(page: Page) -> list[str]:
    """What a page shows is Chinese: no English UI text, no ``snake_case`` or ``dotted.codes``, no login names."""
    if page.html is None:
        return []
    return [problem for problem in chinese_screen_problems(page.html, demo_usernames())
            if not any(problem.startswith(kind) and re.match(pattern, page.url)
                       for pattern, kind in ALLOWED_ON_PAGES)]


PageCheck = Callable[[Page], list[str]]

PAGE_CHECKS: dict[str, PageCheck] = {
    "no server error": no_server_error,
    "strict CSP header": strict_content_security_policy,
    "no inline script": no_inline_script,
    "forms can be sent": forms_can_be_sent,
    "chinese screens": chinese_screens,
}
