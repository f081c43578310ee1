"""The applicant's case history (办理轨迹): the steps of their case on its page and on the timeline page, newest
first, through the allow-list of actions an applicant sees (approvals.selectors.case_history)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.enums import DecisionOutcome
from approvals.models import Application
from approvals.selectors.case_history import APPLICANT_ACTIONS, case_history_latest
from approvals.services.applications import NoticeItem, application_submit, material_upload
from approvals.services.clocks import track_extend, track_pause
from approvals.services.intake import application_accept, application_issue_deficiency_notice
from approvals.services.technical_review import decision_draft, decision_sign, review_assign, review_note
from approvals.views import filing
from approvals.views.filing import CASE_TIMELINE_SHOWN
from firesvc.audit.models import AuditEvent
from firesvc.audit.services import audit_record
from firesvc.sla.selectors import clocks_for_owner
from tests.approvals.conftest import PDF, make_submitted, record_inspection, schedule_inspection

pytestmark = pytest.mark.django_db

STEP = re.compile(r"<li data-step>")


def _accepted(world: dict[str, Any]) -> Application:
    case = make_submitted(world)
    application_accept(actor=world["clerk"], application=case)
    case.refresh_from_db()
    return case


def _reviewed(world: dict[str, Any]) -> Application:
    case = _accepted(world)
    review_assign(actor=world["approver"], application=case, reviewer=world["reviewer"])
    review_note(actor=world["reviewer"], application=case, notes="内部审查意见：疏散宽度待核")
    return case


def _page(client: Any, user: Any, case: Application, name: str = "approvals:application", **query: Any) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[case.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _history(case: Application, limit: int = CASE_TIMELINE_SHOWN) -> Any:
    return case_history_latest(case, limit=limit, clocks=list(clocks_for_owner(case)))


def test_case_page_shows_the_applicant_the_steps_of_their_case(client, approvals_world) -> None:
    case = _accepted(approvals_world)
    html = _page(client, approvals_world["applicant"], case)
    assert 'id="case-history"' in html
    assert len(STEP.findall(html)) == AuditEvent.objects.filter(
        object_id=str(case.pk), action__in=APPLICANT_ACTIONS).count()


def test_case_history_lists_the_newest_step_first(approvals_world) -> None:
    case = _accepted(approvals_world)
    seqs = [step.seq for step in _history(case).steps]
    assert seqs == sorted(seqs, reverse=True)


def test_case_history_leaves_out_review_assignment_and_notes(approvals_world) -> None:
    case = _reviewed(approvals_world)
    shown = {step.seq for step in _history(case).steps}
    internal = set(AuditEvent.objects.filter(object_id=str(case.pk), action__in=("review.assign", "review.note"))
                   .values_list("seq", flat=True))
    assert internal and not shown & internal


def test_case_page_shows_the_applicant_no_reviewer_name(client, approvals_world) -> None:
    case = _reviewed(approvals_world)
    reviewer = approvals_world["reviewer"]
    html = _page(client, approvals_world["applicant"], case)
    assert reviewer.get_full_name() not in html.split('id="case-history"')[1]
    assert reviewer.username not in html


def test_case_history_leaves_out_an_action_not_on_the_allow_list(approvals_world) -> None:
    # e.g. an integrity or complaint event another app might record on the case
    case = _accepted(approvals_world)
    with transaction.atomic():
        unlisted = audit_record(actor=approvals_world["approver"], obj=case, action="complaint.open",
                                unit=approvals_world["brigade"], reason="举报内容")
    assert unlisted.seq not in {step.seq for step in _history(case).steps}


def test_case_history_leaves_out_material_uploads(approvals_world) -> None:
    case = make_submitted(approvals_world)
    shown = {step.seq for step in _history(case).steps}
    uploads = set(AuditEvent.objects.filter(object_id=str(case.pk), action="material.upload")
                  .values_list("seq", flat=True))
    assert uploads and not shown & uploads


def test_case_history_names_the_clerk_unit_and_window(approvals_world) -> None:
    case = _accepted(approvals_world)
    accept = AuditEvent.objects.get(object_id=str(case.pk), action="application.accept")
    step = next(s for s in _history(case).steps if s.seq == accept.seq)
    assert step.by == f"{approvals_world['brigade'].name} 1号窗口"


def test_case_history_names_the_applicant_for_their_own_submission(approvals_world, english) -> None:
    case = make_submitted(approvals_world)
    submit = AuditEvent.objects.get(object_id=str(case.pk), action="application.submit")
    step = next(s for s in _history(case).steps if s.seq == submit.seq)
    assert step.by == "Applicant"


def test_case_history_tells_a_supplement_from_the_first_submission(approvals_world, english) -> None:
    case = make_submitted(approvals_world)
    requirement = case.required_items.get(requirement__code="completion_report").requirement
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=case, items=[
        NoticeItem(requirement_id=requirement.pk, problem="缺少签章", fix="加盖建设单位公章后重新上传")])
    case.refresh_from_db()
    material_upload(actor=approvals_world["applicant"], application=case, requirement=requirement, data=PDF,
                    filename="completion_report.pdf")
    application_submit(actor=approvals_world["applicant"], application=case)
    steps = [step.step for step in _history(case).steps]
    assert steps.index("Supplement submitted") < steps.index("Application submitted")


def test_case_history_names_the_decision_clock_the_approval_time_limit(approvals_world, english) -> None:
    # as the staff's timeline, the case page's card and the time-limit notices do (审批期限)
    case = _accepted(approvals_world)
    start = AuditEvent.objects.filter(object_id=str(case.pk), action="clock.start").order_by("-seq").first()
    step = next(s for s in _history(case).steps if s.seq == start.seq)
    assert step.details[0] == "Approval time limit"


def test_case_history_gives_the_due_date_of_a_started_time_limit(approvals_world) -> None:
    case = _accepted(approvals_world)
    start = AuditEvent.objects.filter(object_id=str(case.pk), action="clock.start").order_by("-seq").first()
    step = next(s for s in _history(case).steps if s.seq == start.seq)
    assert any(case.due_date.isoformat() in detail for detail in step.details)


def test_case_history_gives_the_reason_of_a_suspended_time_limit(approvals_world, english) -> None:
    case = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=case, reviewer=approvals_world["reviewer"])
    track_pause(actor=approvals_world["reviewer"], application=case, reason="expert_review", note="内部说明")
    step = _history(case).steps[0]
    assert step.step == "Time limit suspended"
    assert "Expert review (专家评审)" in step.details


def test_case_history_words_an_extension_as_the_staff_timeline_does(approvals_world, english) -> None:
    case = _accepted(approvals_world)
    track_extend(actor=approvals_world["approver"], application=case, amount=2, reason="现场检测项目多")
    step = _history(case).steps[0]
    assert (step.step, step.details[0]) == ("Time limit extended on approval", "Approval time limit")


def test_case_history_gives_the_day_of_a_scheduled_inspection_without_the_team(approvals_world) -> None:
    case = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=case, reviewer=approvals_world["reviewer"])
    inspection = schedule_inspection(approvals_world["reviewer"], case, days=3)
    step = _history(case).steps[0]
    assert any(inspection.scheduled_for.isoformat() in detail for detail in step.details)
    assert not any(approvals_world["reviewer"].get_full_name() in detail for detail in step.details)


def test_case_history_gives_the_outcome_of_the_decision(approvals_world, english) -> None:
    case = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=case, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], case)
    decision_draft(actor=approvals_world["reviewer"], application=case, outcome=DecisionOutcome.APPROVE)
    decision_sign(actor=approvals_world["approver"], application=case)
    decided = next(step for step in _history(case).steps if step.step == "Decision issued")
    assert decided.details == ("Qualified",)  # an acceptance concludes 合格, as its decision does


def test_case_history_leaves_out_the_draft_decision(approvals_world) -> None:
    case = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=case, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], case)
    decision_draft(actor=approvals_world["reviewer"], application=case, outcome=DecisionOutcome.APPROVE)
    draft = AuditEvent.objects.get(object_id=str(case.pk), action="decision.draft")
    assert draft.seq not in {step.seq for step in _history(case).steps}


def test_case_page_reads_the_case_history_in_one_query(client, approvals_world) -> None:
    case = _reviewed(approvals_world)
    client.force_login(approvals_world["applicant"])
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("approvals:application", args=[case.pk]))
    audit_reads = [q["sql"] for q in queries.captured_queries if 'FROM "audit_auditevent"' in q["sql"]]
    assert len(audit_reads) == 1, audit_reads


def test_timeline_page_opens_for_the_applicant_with_their_steps(client, approvals_world) -> None:
    case = _reviewed(approvals_world)
    html = _page(client, approvals_world["applicant"], case, "approvals:timeline")
    assert len(STEP.findall(html)) == len(_history(case).steps)


def test_timeline_page_of_another_enterprise_case_is_not_found(client, approvals_world) -> None:
    case = _accepted(approvals_world)
    client.force_login(approvals_world["other_applicant"])
    assert client.get(reverse("approvals:timeline", args=[case.pk])).status_code == 404


def test_timeline_page_pages_the_applicant_through_every_step(client, approvals_world, monkeypatch) -> None:
    case = _accepted(approvals_world)
    total = len(_history(case, limit=1000).steps)
    monkeypatch.setattr(filing, "TIMELINE_PAGE_SIZE", total - 1)
    first = _page(client, approvals_world["applicant"], case, "approvals:timeline")
    before = re.search(r'href="\?before=(\d+)" data-next-page', first)
    assert before is not None
    second = _page(client, approvals_world["applicant"], case, "approvals:timeline", before=before.group(1))
    assert len(STEP.findall(first)) == total - 1
    assert len(STEP.findall(second)) == 1
    assert "data-next-page" not in second
