"""The pre-opening track of a parallel case may be approved only after its fire acceptance (消防法 §13, §15), so
its decision clock waits (paused, 等待消防验收结果) while the acceptance track is open, and runs with its whole limit
from the acceptance's approval: the acceptance notice promises no date the brigade could not keep."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from approvals.enums import ApplicationStatus, ClockNoticeKind, DecisionOutcome, NoticeKind
from approvals.models import Application, ClockNotice, IntakeNotice, ParallelCase
from approvals.services.clocks import pause_reasons_for, track_resume
from approvals.services.intake import application_accept
from approvals.services.parallel import parallel_case_accept
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from approvals.views.technical_review import review_context
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.sla.enums import ClockStatus, PauseReason
from firesvc.sla.models import Clock
from tests.approvals.conftest import record_inspection
from tests.approvals.factories import parallel_case_filed
from tests.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TZ = timezone.get_fixed_timezone(480)
ACCEPTED_ON = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday
APPROVED_ON = datetime(2026, 3, 16, 10, 0, tzinfo=TZ)  # two weeks later


def _accepted_case(world: dict[str, Any]) -> ParallelCase:
    """Both tracks accepted together, the acceptance track still undecided."""
    case = parallel_case_filed(world)
    parallel_case_accept(actor=world["clerk"], case=case)
    return ParallelCase.objects.get(pk=case.pk)


def _sign(world: dict[str, Any], application: Application, outcome: str) -> None:
    reviewer = staff(Role.REVIEWER, world["brigade"])
    review_assign(actor=world["approver"], application=application, reviewer=reviewer)
    record_inspection(reviewer, application)
    decision_draft(actor=reviewer, application=application, outcome=outcome,
                   reasons="消防设施检测不合格" if outcome == DecisionOutcome.REFUSE else "")
    decision_sign(actor=world["approver"], application=application)


def _clock(application: Application) -> Clock:
    return Clock.objects.for_owner(application).get(rule__code=application.matter.rule_code)


def _acceptance_notice(application: Application) -> IntakeNotice:
    return IntakeNotice.objects.get(application=application, kind=NoticeKind.ACCEPTANCE)


def _render(notice: IntakeNotice) -> str:
    return render_to_string("documents/notice_acceptance.html", {
        "application": notice.application, "notice": notice, "matter": notice.application.matter})


# --- accepted while the acceptance track is open -------------------------------------------------

def test_pre_opening_clock_is_paused_awaiting_the_acceptance(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    clock = _clock(case.pre_opening)
    assert (clock.status, clock.pause_reason) == (ClockStatus.PAUSED, PauseReason.AWAITING_ACCEPTANCE)


def test_pre_opening_pause_is_recorded_as_the_systems_clock_pause(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    event = AuditEvent.objects.get(action="clock.pause", object_id=str(case.pre_opening_id))
    assert event.actor_id is None
    assert event.data["pause_reason"] == PauseReason.AWAITING_ACCEPTANCE


def test_pre_opening_acceptance_notice_prints_no_date(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    notice = _acceptance_notice(case.pre_opening)
    assert notice.due_date is None
    html = _render(notice)
    assert "我大队将自消防验收合格之日起10个工作日内（法定节假日除外）依法作出决定" in html
    assert "前（含当日）依法作出决定" not in html


def test_pre_opening_acceptance_tells_the_applicant_no_due_date(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    event = AuditEvent.objects.get(action="application.accept", object_id=str(case.pre_opening_id))
    assert event.data["due_date"] is None


def test_approver_is_offered_no_restart_of_the_waiting_clock(rf, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    request = rf.get("/")
    request.user = approvals_world["approver"]
    context = review_context(request, case.pre_opening, review=None, decision=None)
    assert context["decision_clock"].status == ClockStatus.PAUSED
    assert not context["can_resume"]
    assert PauseReason.AWAITING_ACCEPTANCE not in pause_reasons_for(context["decision_clock"])


def test_staff_cannot_restart_the_waiting_clock(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    with pytest.raises(ValidationError, match="restarts by itself"):
        track_resume(actor=approvals_world["approver"], application=case.pre_opening)


def test_pre_opening_may_be_refused_while_it_waits(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    assert _clock(case.pre_opening).status == ClockStatus.PAUSED
    _sign(approvals_world, case.pre_opening, DecisionOutcome.REFUSE)
    assert Application.objects.get(pk=case.pre_opening_id).status == ApplicationStatus.REJECTED


# --- the acceptance track decided ----------------------------------------------------------------

def test_approved_acceptance_starts_the_pre_opening_limit_from_then(approvals_world) -> None:
    with time_machine.travel(ACCEPTED_ON, tick=False):
        case = _accepted_case(approvals_world)
    with time_machine.travel(APPROVED_ON, tick=False):
        _sign(approvals_world, case.acceptance, DecisionOutcome.APPROVE)
    clock = _clock(case.pre_opening)
    pre_opening = Application.objects.get(pk=case.pre_opening_id)
    expected = workdays.add_workdays(date(2026, 3, 16), 10)
    assert (clock.status, clock.due_date, pre_opening.due_date) == (ClockStatus.RUNNING, expected, expected)


def test_resumption_is_recorded_as_the_systems_with_a_written_notice(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    _sign(approvals_world, case.acceptance, DecisionOutcome.APPROVE)
    event = AuditEvent.objects.get(action="clock.resume", object_id=str(case.pre_opening_id))
    notice = ClockNotice.objects.get(application=case.pre_opening, kind=ClockNoticeKind.RESUME)
    assert event.actor_id is None
    assert notice.due_date == _clock(case.pre_opening).due_date


def test_acceptance_approved_first_leaves_the_pre_opening_clock_running(approvals_world) -> None:
    # given the acceptance track accepted and approved before the pre-opening track is accepted
    with time_machine.travel(ACCEPTED_ON, tick=False):
        case = parallel_case_filed(approvals_world)
        application_accept(actor=approvals_world["clerk"], application=case.acceptance)
        _sign(approvals_world, case.acceptance, DecisionOutcome.APPROVE)
        application_accept(actor=approvals_world["clerk"], application=case.pre_opening)
    clock = _clock(case.pre_opening)
    notice = _acceptance_notice(case.pre_opening)
    expected = workdays.add_workdays(date(2026, 3, 2), 10)
    assert (clock.status, notice.due_date, notice.limit_after_acceptance) == (ClockStatus.RUNNING, expected, None)


def test_refused_acceptance_still_terminates_the_waiting_pre_opening_track(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    _sign(approvals_world, case.acceptance, DecisionOutcome.REFUSE)
    clock = _clock(case.pre_opening)
    assert Application.objects.get(pk=case.pre_opening_id).status == ApplicationStatus.TERMINATED
    assert (clock.status, clock.outcome) == (ClockStatus.STOPPED, "terminated")
    assert [(p.reason, p.ended_at is not None) for p in clock.pauses.all()] == [
        (PauseReason.AWAITING_ACCEPTANCE, True)]
    assert not AuditEvent.objects.filter(action="clock.resume", object_id=str(case.pre_opening_id)).exists()


def _pre_opening_card(client: Any, world: dict[str, Any], case: ParallelCase) -> str:
    client.force_login(world["applicant"])
    page = client.get(case.get_absolute_url()).content.decode()
    card = page[page.index('data-track="pre_opening"'):]
    return card[:card.index('<div class="col-md-6">') if '<div class="col-md-6">' in card else len(card)]


def test_case_page_shows_the_waiting_clock_paused_with_its_reason(client, approvals_world) -> None:
    card = _pre_opening_card(client, approvals_world, _accepted_case(approvals_world))
    assert "Paused: Waiting for the fire acceptance result" in card


def test_case_page_prints_no_due_date_for_the_waiting_track(client, approvals_world) -> None:
    card = _pre_opening_card(client, approvals_world, _accepted_case(approvals_world))
    assert "data-due-date" not in card


def test_the_waiting_clock_card_tells_what_is_left_not_a_date(client, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    card = _pre_opening_card(client, approvals_world, case)
    due = _clock(case.pre_opening).due_date
    assert ["working days left once resumed" in card, due.isoformat() in card] == [True, False]
