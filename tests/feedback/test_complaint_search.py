"""Complaints in the staff search box (issue 22 §1): by number, and an integrity report only for those
``Complaint.objects.visible_to`` lets see it."""

from __future__ import annotations

import pytest

from feedback.enums import ComplaintKind, ComplaintSource
from feedback.services.complaints import complaint_open
from firesvc.accounts.roles import Role
from firesvc.core.search import clean_query, search
from firesvc.sla.services import load_rule_sets
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _complaint_titles(user, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    groups = {group.key: group for group in search(user=user, query=clean_query(text))}
    return [hit.title for hit in groups["complaints"].hits] if "complaints" in groups else []


@pytest.fixture
def complaints(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    brigade = tree["a"]["brigade"]
    officer = staff(Role.REVIEWER, brigade)
    integrity = complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.HOTLINE, unit=brigade,
                               text="执法人员索要购物卡", subject_officers=[officer], actor=None)
    ordinary = complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE, unit=brigade,
                              text="检查时迟到", actor=None)
    return {"officer": officer, "integrity": integrity, "ordinary": ordinary,
            "supervisor": staff(Role.SUPERVISOR, tree["a"]["detachment"])}


def test_search_finds_a_complaint_by_part_of_its_number(complaints) -> None:
    number = complaints["ordinary"].number
    assert _complaint_titles(complaints["officer"], number[-6:].lower()) == [number]


def test_search_never_shows_an_integrity_report_to_the_officer_named(complaints) -> None:
    number = complaints["integrity"].number
    assert _complaint_titles(complaints["officer"], number) == []
    assert _complaint_titles(complaints["supervisor"], number) == [number]
