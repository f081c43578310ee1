"""The demo's decided cases: every matter approved and refused, single and parallel, downloadable by their owner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from approvals.decision_texts import APPEAL_ROUTE, text_for
from approvals.demo_decisions import MARK, seed_decisions
from approvals.models import Decision
from firesvc.accounts.models import User
from tests.approvals.test_public_pages import pdf_text
from tests.seeding import seeded_for_the_module

pytestmark = pytest.mark.django_db


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
    assert seed_decisions() == 8
    assert seed_decisions() == 0


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The demo's steps up to the decisions, seeded once for the module (its tests only read them)."""
    yield from seeded_for_the_module(django_db_blocker, _seed)


def test_demo_has_a_signed_approval_and_refusal_of_every_matter_single_and_parallel(demo) -> None:
    decisions = Decision.objects.filter(application__project_name__endswith=MARK, signed_at__isnull=False)
    single = [d for d in decisions.filter(application__parallel_as_acceptance__isnull=True,
                                          application__parallel_as_pre_opening__isnull=True)]
    parallel = [d for d in decisions if d not in single]
    matters = ("design_review", "acceptance", "pre_opening")
    assert sorted((d.application.matter.code, d.outcome) for d in single) == sorted(
        (m, o) for m in matters for o in ("approve", "refuse"))
    assert sorted((d.application.matter.code, d.outcome) for d in parallel) == sorted(
        (m, o) for m in ("acceptance", "pre_opening") for o in ("approve", "refuse"))


def test_each_demo_decision_pdf_downloads_for_its_owner_with_the_right_text(demo, client) -> None:
    owner = User.objects.get(username="ent_a")
    client.force_login(owner)
    decisions = (Decision.objects.filter(application__project_name__endswith=MARK, signed_at__isnull=False)
                 .select_related("application__matter"))
    for decision in decisions:
        assert decision.application.enterprise == owner.enterprise_account.enterprise
        response = client.get(reverse("approvals:decision_pdf", args=[decision.pk]))
        assert response.status_code == 200, decision
        text = pdf_text(response.content)
        entry = text_for(kind=decision.kind, matter_code=decision.application.matter.code, outcome=decision.outcome)
        assert entry.title in text
        assert decision.number in text
        assert entry.operative in text
        if decision.outcome == "refuse":
            assert decision.reasons.splitlines()[0] in text
            assert (APPEAL_ROUTE in text) == entry.appeal
        else:
            assert "整改" not in text
