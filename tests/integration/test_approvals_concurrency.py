"""Two approvers act on the same track at the same moment (issue 5, "Done when").

Sign and send back race on one drafted decision: the application row lock serialises them,
so exactly one wins and the other is refused with a message; the audit chain stays intact.
PostgreSQL only: SQLite serialises every writer, so there would be no race to test.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from approvals.catalogue import load_catalogue
from approvals.checklists import load_checklists
from approvals.enums import ApplicationStatus, DecisionOutcome, ReviewStatus
from approvals.models import Application, ChecklistItem, Decision, MaterialRequirement, Matter, Review
from approvals.services.intake import application_accept
from approvals.services.technical_review import decision_draft, decision_send_back, decision_sign, review_assign
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.audit.selectors import verify_chain
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import make_submitted, record_inspection
from tests.factories import EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drafted() -> dict[str, Any]:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers; the race needs PostgreSQL row locks")
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    load_checklists(Matter, ChecklistItem)
    brigade = unit_chain("race5")["brigade"]
    enterprise = EnterpriseFactory(brigade=brigade)
    world = {
        "enterprise": enterprise, "brigade": brigade, "applicant": enterprise_user(enterprise),
        "clerk": staff(Role.WINDOW_CLERK, brigade), "reviewer": staff(Role.REVIEWER, brigade),
        "approver": staff(Role.APPROVER, brigade), "deputy": staff(Role.APPROVER, brigade),
    }
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application)
    decision_draft(actor=world["reviewer"], application=application, outcome=DecisionOutcome.APPROVE)
    world["application"] = Application.objects.get(pk=application.pk)
    return world


def test_sign_and_send_back_race_exactly_one_wins(drafted) -> None:
    application = drafted["application"]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def attempt(name: str, call: Any) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                call()
            outcomes[name] = "won"
        except ValidationError as exc:
            outcomes[name] = " ".join(exc.messages)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=("sign", lambda: decision_sign(
            actor=drafted["approver"], application=application))),
        threading.Thread(target=attempt, args=("send_back", lambda: decision_send_back(
            actor=drafted["deputy"], application=application, reason="再核对检测报告"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then exactly one won and the other got a message it can show
    assert sorted(outcomes) == ["send_back", "sign"]
    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    loser_message = next(outcome for outcome in outcomes.values() if outcome != "won")
    assert "not under review" in loser_message or "no draft decision to sign" in loser_message
    # and the state is the winner's, complete
    application.refresh_from_db()
    review = Review.objects.get(application=application)
    decision = Decision.objects.get(application=application)
    if winners == ["sign"]:
        assert application.status == ApplicationStatus.APPROVED
        assert review.status == ReviewStatus.SIGNED
        assert decision.number
    else:
        assert application.status == ApplicationStatus.ACCEPTED
        assert review.status == ReviewStatus.ASSIGNED
        assert decision.number is None
    assert AuditEvent.objects.filter(action__in=["decision.sign", "decision.send_back"]).count() == 1
    assert verify_chain()[1] is None
