"""Follow every supervision-loop link as the demo users: no server error, no inline script (CSP)."""

from __future__ import annotations

from collections import deque

import pytest
from django.test import Client

from enterprises.demo import seed_enterprises
from feedback.demo_supervision import seed_supervision_loop
from feedback.models import Complaint, Receipt
from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.accounts.models import User
from firesvc.sla.services import load_rule_sets
from tests.security.test_csp import inline_script_problems
from tests.test_crawl import _links

PREFIXES = ("/feedback/acts/", "/feedback/visits/", "/feedback/review/", "/feedback/board/",
            "/feedback/complaints/", "/feedback/complain/", "/feedback/r/", "/feedback/api/")


def _crawl(client: Client, start: list[str]) -> list[str]:
    seen, queue, problems = set(start), deque(start), []
    while queue and len(seen) < 200:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url} -> {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        problems += [f"{url}: {p}" for p in inline_script_problems(html)]
        for link in _links(html):
            if link.startswith(PREFIXES) and link not in seen:
                seen.add(link)
                queue.append(link)
    return problems


@pytest.mark.django_db
def test_supervision_pages_of_the_demo_raise_no_error_and_have_no_inline_script() -> None:
    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_enterprises()
    seed_supervision_loop()
    receipt = Receipt.objects.filter(rated_at__isnull=False).first()
    complaint = Complaint.objects.first()
    public = [receipt.public_path(), complaint.public_path(), "/feedback/complain/"]
    problems = []
    for username in ("supervisor", "reviewer", "approver", "admin", None):
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        problems += _crawl(client, ["/feedback/acts/", "/feedback/review/", "/feedback/board/",
                                    "/feedback/complaints/", "/feedback/visits/", *public])
    assert problems == []
