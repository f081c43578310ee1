"""Screens speak the user's language (issue 20 §4): the case timeline, the parallel case, the inbox, the
desk and the audit trail of the demo show no event code and no login name of staff (李建国, not ``reviewer``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from approvals.models import Application, ParallelCase
from firesvc.accounts.demo import DEMO_STAFF
from firesvc.audit.models import AuditEvent
from firesvc.audit.vocabulary import has_words, registered_actions
from firesvc.notifications.matrix import rules

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-screens")]
# What a person reads: the text, and the attributes a browser shows or reads aloud.
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class _Shown(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(value for name, value in attrs if name in SHOWN_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def shown_text(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    return "\n".join(parser.parts)


def _seed() -> None:
    from approvals.demo import seed_applications
    from approvals.demo_review import seed_review_and_parallel
    from enterprises.demo import seed_enterprise_users, seed_enterprises
    from firesvc.accounts.demo import seed_org_tree, seed_staff
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    for step in (seed_org_tree, seed_staff, seed_enterprises, seed_enterprise_users, seed_applications,
                 seed_review_and_parallel):
        step()


def _codes() -> set[str]:
    """Every event code there is: the actions written, those with words, the matrix's events and kinds."""
    actions = set(AuditEvent.objects.values_list("action", flat=True).distinct()) | set(registered_actions())
    return actions | {r.event for r in rules() if r.event != "*"} | {r.kind for r in rules()}


def _leaks(text: str, codes: set[str]) -> list[str]:
    found = [code for code in codes if code in text]
    logins = [name for name in [*DEMO_STAFF, "reviewer2"] if re.search(rf"(?<![\w@.]){re.escape(name)}(?![\w@])", text)]
    statuses = [s for s in ("running → stopped", "accepted → approved") if s in text]
    return found + logins + statuses


def _shown_page(username: str, url: str) -> str:
    client = Client()
    assert client.login(username=username, password=settings.DEMO_PASSWORD)
    response = client.get(url)
    assert response.status_code == 200, url
    return shown_text(response.content.decode())


@pytest.fixture(scope="module")
def screens(django_db_setup, django_db_blocker) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Seed the demo once, read the pages as their users would, roll back: what each page shows, the
    codes there are, and the actions written without words."""
    from django.utils.translation import gettext

    from firesvc.audit.vocabulary import action_label

    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        _seed()
        pages = {}
        for application in Application.objects.filter(brigade__code="sy-tx").exclude(status="draft"):
            pages[f"case {application.number}"] = _shown_page("approver", application.get_absolute_url())
        pages["parallel case"] = _shown_page("approver", ParallelCase.objects.first().get_absolute_url())
        for username in ("ent_a", "reviewer", "reviewer2", "approver"):
            pages[f"inbox of {username}"] = _shown_page(username, "/inbox/")
        pages["audit trail"] = _shown_page("supervisor", "/audit/")
        pages["supervisor's desk"] = _shown_page("supervisor", "/desk/supervisor/")
        found = {"pages": pages, "codes": _codes(),
                 "unnamed": {event.action for event in AuditEvent.objects.select_related("content_type")
                             if not has_words(event.action) and action_label(event) == gettext("Change recorded")}}
        transaction.set_rollback(True)
    cache.clear()
    return found


def test_the_case_pages_show_staff_by_name(screens):
    timelines = [text for page, text in screens["pages"].items() if page.startswith("case ")]
    assert any("李建国" in text for text in timelines)
    assert any("张伟" in text for text in timelines)


@pytest.mark.parametrize("page", ["case", "parallel case", "inbox of ent_a", "inbox of reviewer", "inbox of reviewer2",
                                  "inbox of approver", "audit trail", "supervisor's desk"])
def test_no_event_code_or_login_name_on_screen(screens, page):
    shown = {name: text for name, text in screens["pages"].items() if name == page or name.startswith(f"{page} ")}
    assert shown
    assert {name: _leaks(text, screens["codes"]) for name, text in shown.items()} == {name: [] for name in shown}


def test_the_inbox_names_its_kinds_in_words(screens):
    assert "申请办理进度" in screens["pages"]["inbox of ent_a"]
    assert "分派给您的案件" in screens["pages"]["inbox of reviewer"]


def test_every_action_of_the_demo_has_words(screens):
    assert screens["unnamed"] == set()
