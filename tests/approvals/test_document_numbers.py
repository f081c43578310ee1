"""The numbers of the documents a brigade issues open with its 机关代字 (沈铁消受理〔2026〕3号, GB/T 9704-2012):
intake notices, time-limit notices, decisions and pre-check notices; numbers already issued stay as printed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from approvals.enums import DecisionOutcome
from approvals.models import Application
from approvals.precheck import PrecheckAnswers
from approvals.services.clocks import track_pause
from approvals.services.intake import application_accept
from approvals.services.precheck import precheck_record
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from firesvc.accounts.models import OrgUnit
from tests.approvals.conftest import make_submitted, record_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(approvals_world: dict[str, Any]) -> dict[str, Any]:
    OrgUnit.objects.filter(pk=approvals_world["brigade"].pk).update(doc_code="沈铁消")
    approvals_world["brigade"].refresh_from_db()
    approvals_world["year"] = timezone.localdate().year
    return approvals_world


def _accepted(world: dict[str, Any], matter: str = "acceptance") -> Application:
    notice = application_accept(actor=world["clerk"], application=make_submitted(world, matter))
    return Application.objects.get(pk=notice.application_id)


def test_an_acceptance_notice_is_numbered_with_the_brigades_code(world) -> None:
    first = application_accept(actor=world["clerk"], application=make_submitted(world))
    second = application_accept(actor=world["clerk"], application=make_submitted(world))
    assert (first.number, second.number) == (f"沈铁消受理〔{world['year']}〕1号", f"沈铁消受理〔{world['year']}〕2号")


def test_a_time_limit_notice_is_numbered_with_the_brigades_code(world) -> None:
    notice = track_pause(actor=world["approver"], application=_accepted(world), reason="expert_review",
                         note="特殊消防设计需专家评审")
    assert notice.number == f"沈铁消中止〔{world['year']}〕1号"


def test_a_pre_opening_decision_is_numbered_as_an_inspection_of_the_brigade(world) -> None:
    application = _accepted(world, "pre_opening")
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application)
    decision_draft(actor=world["reviewer"], application=application, outcome=DecisionOutcome.APPROVE)
    decision = decision_sign(actor=world["approver"], application=application)
    assert decision.number == f"沈铁消安检字〔{world['year']}〕1号"


def test_a_pre_check_naming_a_brigade_is_numbered_with_its_code(world) -> None:
    answers = PrecheckAnswers(work_type="new", place="industrial", area=Decimal("100"), height=Decimal("10"))
    notice, _outcome = precheck_record(answers=answers, brigade=world["brigade"])
    assert notice.number == f"沈铁消预告〔{world['year']}〕1号"


def test_an_issued_notice_keeps_the_number_it_was_printed_with(world) -> None:
    notice = application_accept(actor=world["clerk"], application=make_submitted(world))
    OrgUnit.objects.filter(pk=world["brigade"].pk).update(doc_code="沈铁西消")
    notice.refresh_from_db()
    assert notice.number == f"沈铁消受理〔{world['year']}〕1号"
