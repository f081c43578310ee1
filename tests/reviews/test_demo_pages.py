"""The 好差评 pages of the demo, crawled as the people who use them: no server error, a strict CSP, no inline
script, forms that can be sent (the checks of the whole-portal crawl, tests/crawl/checks.py)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from approvals.models import Application
from firesvc.reviews.models import Review
from tests.crawl.checks import PAGE_CHECKS
from tests.crawl.crawler import Walk, crawl

pytestmark = pytest.mark.django_db


def test_demo_review_pages_pass_the_crawl_checks() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    case = Application.objects.filter(pk__in=Review.objects.values("owner_id"), applicant__username="ent_a").first()
    starts = {
        "supervisor": ("/reviews/follow-ups/", "/reviews/follow-ups/?done=1", "/reviews/figures/", "/"),
        "approver": ("/reviews/follow-ups/", "/reviews/figures/", "/stats/"),
        "clerk": (f"/approvals/{case.pk}/", "/approvals/consultations/"),
        "ent_a": (f"/approvals/{case.pk}/",),
    }
    visited = 0
    for username, start in starts.items():
        client = Client(raise_request_exception=False)
        assert client.login(username=username, password=settings.DEMO_PASSWORD)
        result = crawl(client, [Walk(start=start, max_visits=40, prefixes=("/reviews/", "/approvals/"))], set())
        visited += sum(result.visits)
        assert {name: problems for name, problems in result.problems.items() if problems} == {}, username
    assert visited > 20
    assert set(PAGE_CHECKS)
