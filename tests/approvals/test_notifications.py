"""The applicant is always told (issue 20 §4): every step of an application reaches the enterprise's inbox
and the outbox, from the one notification matrix, in words (no codes, no login names)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import formats

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.models import Application, Matter
from approvals.notifications import GREEN_CHANNEL_SET
from approvals.services.applications import APPLICATION_FLOW, NoticeItem, application_submit, application_withdraw
from approvals.services.clocks import track_extend, track_pause, track_resume
from approvals.services.intake import (
    application_accept,
    application_issue_deficiency_notice,
    application_refuse,
)
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from firesvc.audit.models import AuditEvent
from firesvc.audit.services import audit_record
from firesvc.core.transitions import transition
from firesvc.notifications.matrix import rules
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.services import preference_update
from tests.approvals.conftest import make_draft, make_submitted
from tests.approvals.factories import PDF, ApplicationFactory

pytestmark = pytest.mark.django_db


def _told(user: Any, application: Application, action: str) -> list[Notification]:
    """The notifications ``user`` got from ``application``'s audit events named ``action``."""
    seqs = AuditEvent.objects.filter(object_id=str(application.pk), action=action,
                                     content_type__model="application").values_list("seq", flat=True)
    return [n for n in Notification.objects.filter(recipient=user)
            if any(n.dedupe_key.startswith(f"audit:{seq}:") for seq in seqs)]


def _accepted(world: dict[str, Any], matter_code: str = "acceptance") -> Application:
    application = make_submitted(world, matter_code)
    application_accept(actor=world["clerk"], application=application)
    application.refresh_from_db()
    return application


def _assert_in_words(notification: Notification) -> None:
    codes = {rule.event for rule in rules()} | {rule.kind for rule in rules()}
    text = f"{notification.title} {notification.body}"
    assert not [code for code in codes if code != "*" and code in text], text
    assert "%(" not in text, text


def test_every_status_change_of_a_track_reaches_the_applicant(approvals_world):
    """Submit, one-time notice, supplement, accept, assign, pause, resume, extend, decide: each status or
    clock change of the application's timeline produced one inbox entry for the applicant."""
    world = approvals_world
    application = make_submitted(world, "design_review")
    required = application.required_items.select_related("requirement").first().requirement
    application_issue_deficiency_notice(actor=world["clerk"], application=application,
                                        items=[NoticeItem(required.pk, "图纸未盖章", "加盖公章后重新上传")])
    from approvals.services.applications import material_upload

    material_upload(actor=world["applicant"], application=application, requirement=required, data=PDF,
                    filename="图纸.pdf")
    application_submit(actor=world["applicant"], application=application)
    application_accept(actor=world["clerk"], application=application)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    track_pause(actor=world["reviewer"], application=application, reason="expert_review", note="特殊消防设计需专家评审")
    track_resume(actor=world["reviewer"], application=application)
    track_extend(actor=world["approver"], application=application, amount=5, reason="案情复杂")
    decision_draft(actor=world["reviewer"], application=application, outcome="approve")
    decision_sign(actor=world["approver"], application=application)

    events = AuditEvent.objects.filter(content_type__model="application", object_id=str(application.pk))
    changes = [e for e in events if (e.from_state in ApplicationStatus.values and e.to_state in ApplicationStatus.values
                                     and e.from_state != e.to_state)
               or e.action in ("clock.pause", "clock.resume", "clock.extend")]
    assert len(changes) == 8  # submit, notice, resubmit, accept, pause, resume, extend, decide
    for event in changes:
        told = [n for n in Notification.objects.filter(recipient=world["applicant"])
                if n.dedupe_key.startswith(f"audit:{event.seq}:applicant:")]
        assert len(told) == 1, event.action
        _assert_in_words(told[0])


def test_acceptance_tells_the_due_date_by_text_message_too(approvals_world):
    approvals_world["applicant"].phone = "13800138000"
    approvals_world["applicant"].save()
    preference_update(user=approvals_world["applicant"], email=True, sms=True)
    application = _accepted(approvals_world)
    [notification] = _told(approvals_world["applicant"], application, "application.accept")
    assert formats.date_format(application.due_date, "DATE_FORMAT") in notification.body
    assert set(OutboxMessage.objects.filter(notification=notification).values_list("channel", flat=True)) == {
        "email", "sms"}


def test_preferences_take_the_text_message_away(approvals_world):
    approvals_world["applicant"].phone = "13800138000"
    approvals_world["applicant"].save()
    preference_update(user=approvals_world["applicant"], email=True, sms=False)
    application = _accepted(approvals_world)
    [notification] = _told(approvals_world["applicant"], application, "application.accept")
    assert list(OutboxMessage.objects.filter(notification=notification).values_list("channel", flat=True)) == [
        "email"]


def test_one_time_notice_names_the_materials(approvals_world):
    application = make_submitted(approvals_world)
    requirement = application.required_items.select_related("requirement").first().requirement
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                        items=[NoticeItem(requirement.pk, "缺少签章")])
    [notification] = _told(approvals_world["applicant"], application, "application.deficiency_notice")
    assert requirement.name in notification.body
    _assert_in_words(notification)


def test_one_time_notice_separates_the_materials_with_semicolons(approvals_world):
    # The names hold "、" of their own ("施工、工程监理、检测单位的……"): a "、" list hides where one ends.
    application = make_submitted(approvals_world)
    requirements = [item.requirement for item in application.required_items.select_related("requirement")
                    .filter(requirement__name__contains="、")[:2]]
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                        items=[NoticeItem(r.pk, "缺少签章") for r in requirements])
    [notification] = _told(approvals_world["applicant"], application, "application.deficiency_notice")
    assert "；".join(r.name for r in requirements) in notification.body


def test_refusal_of_intake_tells_the_reasons(approvals_world):
    application = make_submitted(approvals_world)
    application_refuse(actor=approvals_world["clerk"], application=application, reasons="不属于本机构管辖")
    [notification] = _told(approvals_world["applicant"], application, "application.refuse")
    assert "不属于本机构管辖" in notification.body
    assert application.notices.filter(kind=NoticeKind.REFUSAL).exists()


def test_deemed_acceptance_tells_the_applicant(approvals_world):
    application = make_submitted(approvals_world)
    application_accept(actor=None, application=application, deemed=True)
    assert len(_told(approvals_world["applicant"], application, "application.deemed_accept")) == 1


def test_assignment_tells_the_reviewer_by_the_approvers_name(approvals_world):
    application = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    [notification] = _told(approvals_world["reviewer"], application, "review.assign")
    assert approvals_world["approver"].full_name in notification.body
    assert approvals_world["approver"].username not in notification.body



def test_a_draft_tells_the_brigades_approvers_it_waits_for_their_signature(approvals_world):
    from tests.approvals.conftest import record_inspection

    application = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], application)
    decision_draft(actor=approvals_world["reviewer"], application=application, outcome="approve")
    [notification] = _told(approvals_world["approver"], application, "decision.draft")
    assert approvals_world["reviewer"].full_name in notification.body and application.project_name in notification.body
    _assert_in_words(notification)
    assert _told(approvals_world["reviewer"], application, "decision.draft") == []  # not the drafter

def test_withdrawal_tells_the_applicant_and_the_reviewer(approvals_world):
    application = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    application_withdraw(actor=approvals_world["applicant"], application=application, reason="项目暂停")
    assert len(_told(approvals_world["applicant"], application, "application.withdraw")) == 1
    [staff_notice] = _told(approvals_world["reviewer"], application, "application.withdraw")
    assert "项目暂停" in staff_notice.body


def test_withdrawal_before_intake_tells_the_window_clerks(approvals_world):
    application = make_submitted(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=application)
    assert len(_told(approvals_world["clerk"], application, "application.withdraw")) == 1
    assert not _told(approvals_world["clerk_other"], application, "application.withdraw")


def test_withdrawing_a_draft_never_submitted_tells_no_clerk(approvals_world):
    application = make_draft(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=application)
    assert _told(approvals_world["clerk"], application, "application.withdraw") == []


def test_withdrawing_a_draft_never_submitted_still_tells_the_applicant(approvals_world):
    application = make_draft(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=application)
    assert len(_told(approvals_world["applicant"], application, "application.withdraw")) == 1


def test_withdrawing_a_window_draft_tells_the_window_clerks(approvals_world):
    # 窗口代办: the clerks filed it, so they hear that the applicant withdrew it.
    application = make_draft({"applicant": approvals_world["clerk"], "enterprise": approvals_world["enterprise"]})
    application_withdraw(actor=approvals_world["applicant"], application=application)
    assert len(_told(approvals_world["clerk"], application, "application.withdraw")) == 1


def test_green_channel_tells_the_applicant(approvals_world, django_capture_on_commit_callbacks):
    from django.db import transaction

    application = _accepted(approvals_world)
    with transaction.atomic():
        audit_record(actor=approvals_world["approver"], obj=application, action=GREEN_CHANNEL_SET,
                     reason="重点民生工程", unit=application.brigade)
    [notification] = _told(approvals_world["applicant"], application, GREEN_CHANNEL_SET)
    assert "重点民生工程" in notification.body


def test_a_status_change_no_rule_names_still_reaches_the_applicant(approvals_world):
    application = _accepted(approvals_world)
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.REJECTED,
               actor=approvals_world["approver"], action="application.step_without_rule", reason="验收未通过")
    [notification] = _told(approvals_world["applicant"], application, "application.step_without_rule")
    assert str(ApplicationStatus.REJECTED.label) in notification.title
    assert "验收未通过" in notification.body


def test_notifications_roll_back_with_the_change(approvals_world):
    application = make_submitted(approvals_world)
    before = Notification.objects.count()
    with pytest.raises(Exception, match="reasons"):
        application_refuse(actor=approvals_world["clerk"], application=application, reasons=" ")
    assert Notification.objects.count() == before


def test_window_filing_by_a_clerk_tells_the_enterprise(approvals_world):
    application = ApplicationFactory(applicant=approvals_world["applicant"], enterprise=approvals_world["enterprise"],
                                     matter=Matter.objects.get(code="acceptance"))
    application_submit(actor=approvals_world["applicant"], application=application)
    assert len(_told(approvals_world["applicant"], application, "application.submit")) == 1


def test_extension_tells_how_long_in_the_applicants_language(approvals_world):
    application = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    track_extend(actor=approvals_world["approver"], application=application, amount=5, reason="案情复杂")
    [notification] = _told(approvals_world["applicant"], application, "clock.extend")
    assert "5个工作日" in notification.body
    assert "案情复杂" in notification.body


def test_the_receipt_of_a_supplement_promises_no_second_one_time_notice(approvals_world):
    application = make_submitted(approvals_world)
    required = application.required_items.select_related("requirement").first().requirement
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                        items=[NoticeItem(required.pk, "图纸未盖章")])
    from approvals.services.applications import material_upload

    material_upload(actor=approvals_world["applicant"], application=application, requirement=required, data=PDF,
                    filename="图纸.pdf")
    application_submit(actor=approvals_world["applicant"], application=application)
    [first, supplement] = sorted(_told(approvals_world["applicant"], application, "application.submit"),
                                 key=lambda n: n.pk)
    assert supplement.body != first.body
    assert not [words for words in ("一次性告知", "at once everything to supplement") if words in supplement.body]
    assert [words for words in ("不予受理", "refuses it with written reasons") if words in supplement.body]


# --- the time limit each notice is about, named as the case's page names it (审批期限, not 办理期限) -----------

def _assigned(world: dict[str, Any]) -> Application:
    application = _accepted(world)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    return application


def test_acceptance_gives_the_due_date_of_the_approval_time_limit(approvals_world, english):
    application = _accepted(approvals_world)
    [notification] = _told(approvals_world["applicant"], application, "application.accept")
    due = formats.date_format(application.due_date, "DATE_FORMAT")
    assert f"Approval time limit ends on {due}" in notification.body


def test_a_suspension_names_the_approval_time_limit(approvals_world, english):
    application = _assigned(approvals_world)
    track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="专家评审")
    [notification] = _told(approvals_world["applicant"], application, "clock.pause")
    assert notification.body.startswith(f"Approval time limit of {application.project_name} is suspended")


def test_a_resumption_names_the_approval_time_limit(approvals_world, english):
    application = _assigned(approvals_world)
    track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="专家评审")
    track_resume(actor=approvals_world["reviewer"], application=application)
    [notification] = _told(approvals_world["applicant"], application, "clock.resume")
    assert notification.body.startswith(f"Approval time limit of {application.project_name} runs again.")


def test_an_extension_is_titled_by_the_approval_time_limit(approvals_world, english):
    application = _assigned(approvals_world)
    track_extend(actor=approvals_world["approver"], application=application, amount=5, reason="案情复杂")
    [notification] = _told(approvals_world["applicant"], application, "clock.extend")
    assert notification.title == f"Approval time limit extended: {application.number}"


def test_an_extension_says_which_time_limit_is_extended(approvals_world, english):
    application = _assigned(approvals_world)
    track_extend(actor=approvals_world["approver"], application=application, amount=5, reason="案情复杂")
    [notification] = _told(approvals_world["applicant"], application, "clock.extend")
    assert notification.body.startswith(f"Approval time limit of {application.project_name} is extended by 5 ")


def test_a_withdrawal_says_the_time_limits_are_no_longer_counted(approvals_world, english):
    application = make_submitted(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=application)
    [notification] = _told(approvals_world["applicant"], application, "application.withdraw")
    assert "is withdrawn and its time limits are no longer counted." in notification.body


def test_a_filing_drawn_for_spot_check_tells_the_applicant_by_when(approvals_world, settings):
    # given a completion filing that the draw selects
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    # when the window accepts it
    application = _accepted(approvals_world, "completion_filing")
    # then the applicant learns it is drawn, and the spot check's due date (the clock's)
    [notification] = _told(approvals_world["applicant"], application, "filing.spot_check_select")
    assert application.due_date.isoformat() in notification.body
    assert application.number in notification.title
    _assert_in_words(notification)



# --- a parallel track's time-limit notices open the track's own page (which shows them) ----------------------

def _accepted_track(world: dict[str, Any]) -> Application:
    from approvals.services.parallel import parallel_case_accept
    from tests.approvals.factories import parallel_case_filed

    case = parallel_case_filed(world)
    parallel_case_accept(actor=world["clerk"], case=case)
    return Application.objects.get(pk=case.acceptance_id)


@pytest.mark.parametrize("action", ["clock.pause", "clock.resume", "clock.extend"])
def test_a_parallel_tracks_time_limit_notice_opens_the_tracks_own_page(approvals_world, action):
    track = _accepted_track(approvals_world)
    track_pause(actor=approvals_world["approver"], application=track, reason="expert_review", note="专家评审")
    track_resume(actor=approvals_world["approver"], application=track)
    track_extend(actor=approvals_world["approver"], application=track, amount=5, reason="案情复杂")
    [notification] = _told(approvals_world["applicant"], track, action)
    assert notification.url == track.get_absolute_url()
