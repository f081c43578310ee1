"""Review → decision (A6): every allowed and refused transition of a track."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from approvals.enums import ApplicationStatus, DecisionOutcome, ReviewStatus
from approvals.models import Application, ChecklistItem, Decision, Review
from approvals.services.intake import application_accept
from approvals.services.technical_review import (
    ChecklistResult,
    Photo,
    decision_draft,
    decision_send_back,
    decision_sign,
    inspection_record,
    inspection_schedule,
    next_reviewer,
    review_assign,
    review_note,
)
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.audit.selectors import verify_chain
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.approvals.conftest import PNG, make_submitted, record_inspection, schedule_inspection
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Messages are matched in English, whatever the project's default language and translations."""
    with translation.override("en"):
        yield


@pytest.fixture
def accepted(approvals_world: dict[str, Any]) -> Application:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    application.refresh_from_db()
    return application


def _drafted(world: dict[str, Any], application: Application, outcome: str = DecisionOutcome.APPROVE, *,
             failed: tuple[str, ...] = (), inspect: bool = True) -> Decision:
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    if inspect:
        record_inspection(world["reviewer"], application, failed=failed)
    return decision_draft(actor=world["reviewer"], application=application, outcome=outcome,
                          reasons="" if outcome == DecisionOutcome.APPROVE else "疏散宽度不足",
                          rectification_items=["增设安全出口"] if outcome == DecisionOutcome.REFUSE else [])


def _actions(application: Application) -> list[str]:
    return list(AuditEvent.objects.filter(object_id=str(application.pk)).order_by("seq")
                .values_list("action", flat=True))


# --- assignment ----------------------------------------------------------------------------

def test_review_assign_by_approver_sets_reviewer_and_clock_assignee(approvals_world, accepted):
    review = review_assign(actor=approvals_world["approver"], application=accepted,
                           reviewer=approvals_world["reviewer"])
    assert review.status == ReviewStatus.ASSIGNED
    assert review.reviewer == approvals_world["reviewer"]
    assert Clock.objects.for_owner(accepted).get(status=ClockStatus.RUNNING).assignee == approvals_world["reviewer"]


def test_review_assign_round_robin_alternates_between_reviewers(approvals_world, accepted):
    second = staff(Role.REVIEWER, approvals_world["brigade"])
    other = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=other)
    first = review_assign(actor=approvals_world["approver"], application=accepted)
    then = review_assign(actor=approvals_world["approver"], application=other)
    assert {first.reviewer, then.reviewer} == {approvals_world["reviewer"], second}


def test_next_reviewer_without_reviewers_is_refused(tree):
    with pytest.raises(ValidationError, match="no reviewer"):
        next_reviewer(tree["b"]["brigade"].pk)


def test_review_assign_by_reviewer_is_refused(approvals_world, accepted):
    with pytest.raises(PermissionDenied):
        review_assign(actor=approvals_world["reviewer"], application=accepted, reviewer=approvals_world["reviewer"])


def test_review_assign_to_reviewer_of_another_unit_is_refused(approvals_world, accepted, tree):
    outsider = staff(Role.REVIEWER, tree["b"]["brigade"])
    with pytest.raises(ValidationError, match="another unit"):
        review_assign(actor=approvals_world["approver"], application=accepted, reviewer=outsider)


def test_review_assign_before_acceptance_is_refused(approvals_world):
    submitted = make_submitted(approvals_world)
    with pytest.raises(ValidationError, match="not under review"):
        review_assign(actor=approvals_world["approver"], application=submitted, reviewer=approvals_world["reviewer"])


def test_review_reassign_after_draft_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    with pytest.raises(ValidationError, match="send it back"):
        review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])


# --- notes and inspection ------------------------------------------------------------------

def test_review_note_by_assigned_reviewer_is_saved(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    review_note(actor=approvals_world["reviewer"], application=accepted, notes="  图纸与现场一致  ")
    assert Review.objects.get(application=accepted).notes == "图纸与现场一致"


def test_review_note_by_another_reviewer_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    with pytest.raises(PermissionDenied):
        review_note(actor=staff(Role.REVIEWER, approvals_world["brigade"]), application=accepted, notes="x")


def test_review_note_unassigned_is_refused(approvals_world, accepted):
    with pytest.raises(ValidationError, match="No reviewer is assigned"):
        review_note(actor=approvals_world["reviewer"], application=accepted, notes="x")


def test_inspection_schedule_and_record_freezes_checklist_with_photos(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    inspection = schedule_inspection(world["reviewer"], accepted)
    items = list(ChecklistItem.objects.filter(matter=accepted.matter))
    results = [ChecklistResult(item.pk, passed=i > 0, note="" if i else "消火栓无水") for i, item in enumerate(items)]
    inspection_record(actor=world["reviewer"], inspection=inspection, results=results,
                      photos=[Photo(PNG, "hydrant.png", items[0].code)])
    inspection.refresh_from_db()
    assert len(inspection.results) == len(items) >= 5
    assert [row["code"] for row in inspection.failed_items] == [items[0].code]
    assert inspection.photos.get().content_type == "image/png"


def test_inspection_record_missing_item_is_refused(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    inspection = schedule_inspection(world["reviewer"], accepted)
    first = ChecklistItem.objects.filter(matter=accepted.matter).first()
    with pytest.raises(ValidationError, match="every item"):
        inspection_record(actor=world["reviewer"], inspection=inspection, results=[ChecklistResult(first.pk, True)])


def test_inspection_record_failed_item_without_note_is_refused(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    inspection = schedule_inspection(world["reviewer"], accepted)
    results = [ChecklistResult(item.pk, passed=False) for item in ChecklistItem.objects.filter(matter=accepted.matter)]
    with pytest.raises(ValidationError, match="what failed"):
        inspection_record(actor=world["reviewer"], inspection=inspection, results=results)


def test_inspection_photo_that_is_not_an_image_is_refused(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    inspection = schedule_inspection(world["reviewer"], accepted)
    results = [ChecklistResult(item.pk, True) for item in ChecklistItem.objects.filter(matter=accepted.matter)]
    with pytest.raises(ValidationError, match="not a photo"):
        inspection_record(actor=world["reviewer"], inspection=inspection, results=results,
                          photos=[Photo(b"%PDF-1.4 x", "a.pdf")])


def test_inspection_schedule_in_the_past_is_refused(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    with pytest.raises(ValidationError, match="in the past"):
        inspection_schedule(actor=world["reviewer"], application=accepted, on=timezone.localdate() - timedelta(days=1),
                            inspectors=[world["approver"]], rest_day_confirmed=True)


# --- draft, send back, sign ----------------------------------------------------------------

def test_decision_draft_moves_review_to_drafted(approvals_world, accepted):
    decision = _drafted(approvals_world, accepted)
    assert Review.objects.get(application=accepted).status == ReviewStatus.DRAFTED
    assert decision.number is None
    assert decision.outcome == DecisionOutcome.APPROVE


def test_decision_draft_refusal_without_reasons_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    with pytest.raises(ValidationError, match="states its reasons"):
        decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.REFUSE)


def test_decision_draft_twice_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    with pytest.raises(ValidationError, match="already waiting"):
        decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)


def test_decision_sign_unassigned_case_is_refused(approvals_world, accepted):
    with pytest.raises(ValidationError, match="No reviewer is assigned"):
        decision_sign(actor=approvals_world["approver"], application=accepted)


def test_decision_sign_undrafted_case_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    with pytest.raises(ValidationError, match="no draft decision to sign"):
        decision_sign(actor=approvals_world["approver"], application=accepted)


def test_decision_sign_by_reviewer_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    with pytest.raises(PermissionDenied):
        decision_sign(actor=approvals_world["reviewer"], application=accepted)


def test_decision_sign_by_approver_of_another_unit_is_refused(approvals_world, accepted, tree):
    _drafted(approvals_world, accepted)
    with pytest.raises(PermissionDenied):
        decision_sign(actor=staff(Role.APPROVER, tree["b"]["brigade"]), application=accepted)


def test_decision_sign_approves_numbers_stops_clock_and_notifies(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    decision = decision_sign(actor=approvals_world["approver"], application=accepted)
    accepted.refresh_from_db()
    assert accepted.status == ApplicationStatus.APPROVED
    assert accepted.due_at is None
    assert accepted.closed_at
    assert "消验字" in decision.number
    assert decision.signed_by == approvals_world["approver"]
    assert not Clock.objects.for_owner(accepted).exclude(status=ClockStatus.STOPPED).exists()
    assert Notification.objects.filter(recipient=approvals_world["applicant"], kind="approval_decision").exists()
    assert {"review.assign", "decision.draft", "decision.sign", "application.decide"} <= set(_actions(accepted))
    assert verify_chain()[1] is None


def test_decision_sign_refusal_rejects_with_reasons_and_appeal_route(approvals_world, accepted):
    _drafted(approvals_world, accepted, DecisionOutcome.REFUSE)
    decision = decision_sign(actor=approvals_world["approver"], application=accepted)
    accepted.refresh_from_db()
    assert accepted.status == ApplicationStatus.REJECTED
    assert "六十日内" in decision.appeal_route
    assert "六个月内" in decision.appeal_route
    assert decision.reasons == "疏散宽度不足"
    assert decision.rectification_items == ["增设安全出口"]


def test_decision_sign_twice_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    decision_sign(actor=approvals_world["approver"], application=accepted)
    with pytest.raises(ValidationError, match="not under review"):
        decision_sign(actor=approvals_world["approver"], application=accepted)


def test_decision_send_back_returns_to_reviewer_with_reason(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    review = decision_send_back(actor=approvals_world["approver"], application=accepted, reason="补充检测报告")
    assert review.status == ReviewStatus.ASSIGNED
    assert review.sent_back_reason == "补充检测报告"
    decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)
    assert Decision.objects.filter(application=accepted).count() == 1


def test_decision_send_back_without_reason_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    with pytest.raises(ValidationError, match="Say why"):
        decision_send_back(actor=approvals_world["approver"], application=accepted, reason=" ")


def test_decision_send_back_without_draft_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    with pytest.raises(ValidationError, match="no draft decision to send back"):
        decision_send_back(actor=approvals_world["approver"], application=accepted, reason="x")


def test_decision_sign_records_the_licence_enforcement_act_once(approvals_world, accepted):
    from feedback.models import EnforcementAct

    _drafted(approvals_world, accepted)
    decision = decision_sign(actor=approvals_world["approver"], application=accepted)
    act = EnforcementAct.objects.get(reference=decision.number)
    assert act.enterprise == accepted.enterprise
    assert act.unit == accepted.brigade
    assert set(act.officers.all()) == {approvals_world["reviewer"], approvals_world["approver"]}


def test_decision_draft_with_unrecorded_inspection_is_refused(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    schedule_inspection(world["reviewer"], accepted)
    with pytest.raises(ValidationError, match="no result yet"):
        decision_draft(actor=world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)


# --- what must hold before signing (issue 20 §2) --------------------------------------------

def test_decision_sign_of_acceptance_without_a_recorded_inspection_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    accepted.inspections.all().delete()  # a draft written before drafting asked for the inspection
    with pytest.raises(ValidationError, match="decided on a site inspection; record"):
        decision_sign(actor=approvals_world["approver"], application=accepted)
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED


def test_decision_sign_of_design_review_needs_no_inspection(approvals_world):
    application = make_submitted(approvals_world, "design_review")
    application_accept(actor=approvals_world["clerk"], application=application)
    _drafted(approvals_world, application, inspect=False)
    decision = decision_sign(actor=approvals_world["approver"], application=application)
    assert decision.number


def test_inspection_record_before_its_date_is_refused(approvals_world, accepted):
    world = approvals_world
    review_assign(actor=world["approver"], application=accepted, reviewer=world["reviewer"])
    inspection = schedule_inspection(world["reviewer"], accepted, days=1)
    results = [ChecklistResult(item.pk, True) for item in ChecklistItem.objects.filter(matter=accepted.matter)]
    with pytest.raises(ValidationError, match="result can be recorded from that day on"):
        inspection_record(actor=world["reviewer"], inspection=inspection, results=results)


def test_decision_sign_on_an_inspection_dated_in_the_future_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    accepted.inspections.update(scheduled_for=timezone.localdate() + timedelta(days=3))
    with pytest.raises(ValidationError, match="in the future"):
        decision_sign(actor=approvals_world["approver"], application=accepted)


def test_decision_sign_approval_with_a_failed_check_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted, failed=("hydrants",))
    with pytest.raises(ValidationError, match="failed at"):
        decision_sign(actor=approvals_world["approver"], application=accepted)
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED


def test_decision_sign_approval_with_a_failed_check_and_the_approvers_reason_records_the_override(
        approvals_world, accepted):
    _drafted(approvals_world, accepted, failed=("hydrants",))
    decision = decision_sign(actor=approvals_world["approver"], application=accepted,
                             override_reason="压力不足已当场整改并复测合格")
    assert decision.override_reason == "压力不足已当场整改并复测合格"
    assert decision.override_items == ["室内外消火栓系统功能正常"]
    event = AuditEvent.objects.filter(object_id=str(accepted.pk), action="decision.sign").get()
    assert event.reason == "压力不足已当场整改并复测合格"


def test_decision_sign_refusal_with_failed_checks_needs_no_override(approvals_world, accepted):
    _drafted(approvals_world, accepted, DecisionOutcome.REFUSE, failed=("hydrants",))
    decision = decision_sign(actor=approvals_world["approver"], application=accepted)
    assert decision.override_reason == "" and decision.override_items == []


def test_decision_draft_approval_with_items_to_rectify_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    with pytest.raises(ValidationError, match="no items to rectify"):
        decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE,
                       rectification_items=["增设安全出口"])

