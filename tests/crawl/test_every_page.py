"""Every page of every demo user, crawled once per test run: no server error, a strict CSP header and no
inline script on any page (the checks of ``tests/crawl/checks.py``; a new check is one function there).

The demo is seeded once; every demo user and an anonymous visitor follow the links breadth first from the
home page, the sign-in page, the API docs and the supervision loop's pages (including the public pages a
QR code opens), as far as ``walks`` allows; the whole is rolled back. Each (check, user) pair is one test
whose failure lists the pages, so a red test names the user and the check, and its message the pages.
Three crawls did this before (tests/test_crawl.py, tests/security/test_csp.py and
tests/feedback/test_supervision_crawl.py), each seeding the demo again: ``walks`` are theirs.
"""

from __future__ import annotations

import dataclasses
import fcntl
import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from enterprises.demo import DEMO_ENTERPRISE_USERS
from feedback.models import Complaint, Receipt
from firesvc.accounts.demo import DEMO_STAFF
from tests.crawl.checks import PAGE_CHECKS
from tests.crawl.crawler import UserCrawl, Walk, crawl

ANONYMOUS = "anonymous"
USERS = [*DEMO_STAFF, *DEMO_ENTERPRISE_USERS, ANONYMOUS]
# The checks read the crawl's findings; the mark makes pytest-django set up the test database for it.
# One xdist group: the checks stay on one worker, which crawls once while the others run other tests.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("crawl")]
SUPERVISION_PAGES = ("/feedback/acts/", "/feedback/review/", "/feedback/board/", "/feedback/complaints/",
                     "/feedback/visits/", "/feedback/complain/")
FEEDBACK_PREFIXES = ("/feedback/acts/", "/feedback/visits/", "/feedback/review/", "/feedback/board/",
                     "/feedback/complaints/", "/feedback/complain/", "/feedback/r/", "/feedback/api/")


def walks(public: tuple[str, ...]) -> list[Walk]:
    """Each user's walks. The administrator and the clerk reach over 600 pages (the admin site's filters, one
    page per record): the walks keep to the first pages breadth first, each from where a kind of user starts."""
    return [
        Walk(start=("/",), max_visits=250),  # from the home page, every kind of link
        Walk(start=("/", "/accounts/login/", "/api/docs/"), max_visits=50),  # the sign-in page and the API docs
        # The supervision loop, from its lists and the pages a QR code or an SMS opens (no link reaches them).
        Walk(start=(*SUPERVISION_PAGES, *public), max_visits=200, prefixes=FEEDBACK_PREFIXES),
    ]


def _crawl_the_demo(password: str) -> dict[str, dict]:
    """Seed the demo, crawl as every user, roll back; the findings as plain data (shared between workers)."""
    with transaction.atomic():
        cache.clear()
        call_command("seed_demo", stdout=io.StringIO())
        public = (Receipt.objects.filter(rated_at__isnull=False).order_by("pk").first().public_path(),
                  Complaint.objects.order_by("pk").first().public_path())
        found: dict[str, dict] = {}
        files: set[str] = set()
        for username in USERS:
            client = Client(raise_request_exception=False)
            signed_in = username == ANONYMOUS or client.login(username=username, password=password)
            result = crawl(client, walks(public), files) if signed_in else UserCrawl()
            found[username] = {"signed_in": signed_in, **dataclasses.asdict(result)}
        transaction.set_rollback(True)
    cache.clear()
    return found


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """The crawl's findings per user. Under pytest-xdist the first worker that needs them crawls and the
    others read its file (the recipe of pytest-xdist's documentation), so the demo is crawled once per run."""
    def compute() -> dict[str, dict]:
        with django_db_blocker.unblock():
            return _crawl_the_demo(settings.DEMO_PASSWORD)

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return compute()
    shared = Path(tmp_path_factory.getbasetemp().parent)  # the run's directory, common to its workers
    with open(shared / "crawl.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this worker dies
        results = shared / "crawl.json"
        if results.exists():
            return json.loads(results.read_text())
        found = compute()
        results.write_text(json.dumps(found))
        return found


@pytest.mark.parametrize("username", USERS)
def test_crawl_every_demo_user_signs_in_and_reaches_pages(crawled: dict[str, dict], username: str) -> None:
    found = crawled[username]
    assert found["signed_in"], f"{username} cannot sign in with the demo password"
    assert found["visits"][0] > 1, f"{username} reached no page from the home page"


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("check", PAGE_CHECKS)
def test_crawl_every_page_passes_the_check(crawled: dict[str, dict], check: str, username: str) -> None:
    problems = crawled[username]["problems"][check]
    assert problems == [], f"{check} fails for {username} on:\n" + "\n".join(problems)
