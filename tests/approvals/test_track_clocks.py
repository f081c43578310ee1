"""Pauses, resumption, extensions (A8) and the promised limit of key projects (A10)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from approvals.enums import ClockNoticeKind
from approvals.models import Application, ClockNotice, Matter
from approvals.services.clocks import track_extend, track_pause, track_resume
from approvals.services.intake import application_accept
from approvals.services.technical_review import review_assign
from firesvc import workdays
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Messages are matched in English, whatever the project's default language and translations."""
    with translation.override("en"):
        yield


def _accept(world: dict[str, Any], matter_code: str = "acceptance", **flags: bool) -> Application:
    application = make_submitted(world, matter_code)
    if flags:
        Application.objects.filter(pk=application.pk).update(**flags)
    application_accept(actor=world["clerk"], application=application)
    application.refresh_from_db()
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    return application


def _clock(application: Application) -> Clock:
    return Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED).get()


def test_track_pause_stops_clock_and_issues_notice_to_applicant(approvals_world):
    application = _accept(approvals_world)
    expected = timezone.localdate() + timedelta(days=15)
    notice = track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review",
                         note="特殊消防设计需专家评审", expected_until=expected)
    assert _clock(application).status == ClockStatus.PAUSED
    assert notice.kind == ClockNoticeKind.PAUSE
    assert notice.expected_until == expected
    assert notice.number
    assert Notification.objects.filter(recipient=approvals_world["applicant"], kind="approval_time_limit").exists()


def test_track_pause_without_explanation_is_refused(approvals_world):
    application = _accept(approvals_world)
    with pytest.raises(ValidationError, match="Say why"):
        track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note=" ")


def test_track_pause_for_reason_the_rule_does_not_allow_is_refused(approvals_world):
    application = _accept(approvals_world, "pre_opening")
    with pytest.raises(ValidationError, match="does not stop the clock"):
        track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="x")


def test_track_pause_by_unassigned_reviewer_is_refused(approvals_world):
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    application = _accept(approvals_world)
    with pytest.raises(PermissionDenied):
        track_pause(actor=staff(Role.REVIEWER, approvals_world["brigade"]), application=application,
                    reason="testing", note="x")


def test_track_resume_adds_paused_workdays_and_syncs_due_date(approvals_world, time_machine):
    start = timezone.now()
    time_machine.move_to(start)
    application = _accept(approvals_world)
    before = application.due_date
    track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="专家评审")
    time_machine.move_to(start + timedelta(days=14))
    paused_days = _clock(application).pauses.get().started_at
    notice = track_resume(actor=approvals_world["approver"], application=application)
    application.refresh_from_db()
    clock = _clock(application)
    assert clock.status == ClockStatus.RUNNING
    assert clock.excluded > 0
    assert application.due_date == clock.due_date == notice.due_date
    assert application.due_date == workdays.add_workdays(before, clock.excluded)
    assert paused_days is not None


def test_track_resume_of_running_clock_is_refused(approvals_world):
    application = _accept(approvals_world)
    with pytest.raises(ValidationError, match="not paused"):
        track_resume(actor=approvals_world["approver"], application=application)


def test_track_extend_by_approver_moves_due_date_by_workdays(approvals_world):
    application = _accept(approvals_world)
    before = application.due_date
    notice = track_extend(actor=approvals_world["approver"], application=application, amount=10,
                          reason="现场检测项目多，需延长")
    application.refresh_from_db()
    assert application.due_date == workdays.add_workdays(before, 10) == notice.due_date
    assert notice.kind == ClockNoticeKind.EXTENSION
    assert notice.amount == 10
    assert AuditEvent.objects.filter(object_id=str(application.pk), action="clock.extend").exists()


def test_track_extend_by_reviewer_is_refused(approvals_world):
    application = _accept(approvals_world)
    with pytest.raises(PermissionDenied):
        track_extend(actor=approvals_world["reviewer"], application=application, amount=5, reason="x")


def test_track_extend_twice_past_the_maximum_is_refused(approvals_world):
    application = _accept(approvals_world)
    track_extend(actor=approvals_world["approver"], application=application, amount=6, reason="第一次")
    with pytest.raises(ValidationError, match="At most 4"):
        track_extend(actor=approvals_world["approver"], application=application, amount=6, reason="第二次")
    track_extend(actor=approvals_world["approver"], application=application, amount=4, reason="第二次")
    with pytest.raises(ValidationError, match="cannot be extended any further"):
        track_extend(actor=approvals_world["approver"], application=application, amount=1, reason="第三次")
    assert ClockNotice.objects.filter(application=application, kind=ClockNoticeKind.EXTENSION).count() == 2


def test_track_extend_of_a_clock_without_extensions_names_the_approval_time_limit(approvals_world):
    application = _accept(approvals_world, "pre_opening")
    with pytest.raises(ValidationError) as refused:
        track_extend(actor=approvals_world["approver"], application=application, amount=1, reason="延期")
    assert refused.value.messages == ["Approval time limit cannot be extended any further."]


def test_track_pause_for_a_reason_the_rule_does_not_allow_names_the_approval_time_limit(approvals_world):
    application = _accept(approvals_world, "pre_opening")
    with pytest.raises(ValidationError) as refused:
        track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="x")
    assert refused.value.messages == ["“Expert review (专家评审)” does not stop the clock of Approval time limit."]


def test_track_extend_without_reason_is_refused(approvals_world):
    application = _accept(approvals_world)
    with pytest.raises(ValidationError):
        track_extend(actor=approvals_world["approver"], application=application, amount=2, reason="")


def test_key_project_clock_uses_promised_limit(approvals_world):
    matter = Matter.objects.get(code="acceptance")
    application = _accept(approvals_world, is_key_project=True)
    clock = _clock(application)
    assert clock.limit == matter.promised_days < clock.rule.limit
    assert application.due_date == clock.due_date
    assert AuditEvent.objects.filter(object_id=str(application.pk), action="clock.promised_limit").exists()


def test_ordinary_project_clock_keeps_statutory_limit(approvals_world):
    application = _accept(approvals_world)
    clock = _clock(application)
    assert clock.limit == clock.rule.limit


def test_a_resumption_without_a_note_states_the_new_end_once(approvals_world):
    application = _accept(approvals_world)
    track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="专家评审")
    notice = track_resume(actor=approvals_world["approver"], application=application)
    assert notice.reason == ""


def test_a_suspended_limit_is_not_extended(approvals_world):
    application = _accept(approvals_world)
    track_pause(actor=approvals_world["reviewer"], application=application, reason="expert_review", note="专家评审")
    with pytest.raises(ValidationError, match="cannot be extended until it runs again"):
        track_extend(actor=approvals_world["approver"], application=application, amount=5, reason="情况复杂")
