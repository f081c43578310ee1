"""The demo step of the review stage runs on the demo data and is idempotent."""

from __future__ import annotations

import pytest

from approvals.demo_review import seed_review_and_parallel
from approvals.models import Decision, EarlyIntervention, ParallelCase, Review

pytestmark = pytest.mark.django_db


def test_seed_review_and_parallel_is_idempotent() -> None:
    from approvals.demo import seed_applications
    from enterprises.demo import seed_enterprise_users, seed_enterprises
    from firesvc.accounts.demo import seed_org_tree, seed_staff
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    for step in (seed_org_tree, seed_staff, seed_enterprises, seed_enterprise_users, seed_applications):
        step()
    made = seed_review_and_parallel()
    assert made >= 3
    assert seed_review_and_parallel() == 0
    assert ParallelCase.objects.count() == 1
    assert EarlyIntervention.objects.count() == 1
    assert Review.objects.count() >= 3
    assert Decision.objects.filter(signed_at__isnull=False).count() == 1
