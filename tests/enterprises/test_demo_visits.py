from __future__ import annotations

import pytest

from enterprises.demo_visits import seed_visits_forums_suggestions
from enterprises.models import Forum, Suggestion, Visit
from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.sla.services import load_rule_sets

pytestmark = pytest.mark.django_db


def test_the_demo_step_is_idempotent() -> None:
    from enterprises.demo import seed_enterprise_users, seed_enterprises

    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_enterprises()
    seed_enterprise_users()
    seed_visits_forums_suggestions()
    counts = (Visit.objects.count(), Forum.objects.count(), Suggestion.objects.count())
    seed_visits_forums_suggestions()
    assert counts == (Visit.objects.count(), Forum.objects.count(), Suggestion.objects.count())
    assert counts[0] >= 8
