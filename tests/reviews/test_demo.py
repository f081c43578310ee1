"""The demo's 好差评: ratings of decided cases with bad reviews at each step of their follow-up."""

from __future__ import annotations

import pytest

from approvals.demo_reviews import seed_reviews
from firesvc.reviews.enums import FollowUpStatus
from firesvc.reviews.models import FollowUp, Review

pytestmark = pytest.mark.django_db


def test_seed_reviews_rates_decided_cases_with_a_bad_review_in_follow_up() -> None:
    from approvals.demo import seed_applications
    from approvals.demo_decisions import seed_decisions
    from approvals.demo_review import seed_review_and_parallel
    from enterprises.demo import seed_enterprise_users, seed_enterprises
    from firesvc.accounts.demo import seed_org_tree, seed_staff
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    for step in (seed_org_tree, seed_staff, seed_enterprises, seed_enterprise_users, seed_applications,
                 seed_review_and_parallel, seed_decisions):
        step()
    assert seed_reviews() == 7
    assert seed_reviews() == 0
    statuses = set(FollowUp.objects.values_list("status", flat=True))
    assert statuses == {FollowUpStatus.VISIT_DUE, FollowUpStatus.RECTIFYING, FollowUpStatus.CLOSED}
    assert Review.objects.filter(parent__isnull=False).count() == 1
