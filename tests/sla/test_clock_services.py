from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from firesvc.audit.models import AuditEvent
from firesvc.sla.enums import Card, ClockStatus
from firesvc.sla.models import Clock, RuleSet
from firesvc.sla.selectors import clock_view
from firesvc.sla.services import (
    clock_extend,
    clock_pause,
    clock_resume,
    clock_shorten,
    clock_start,
    clock_stop,
    clocks_assign,
    ruleset_activate,
)
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def _start(case, rule: str = "acceptance.decide", started=None) -> Clock:  # type: ignore[no-untyped-def]
    return clock_start(owner=case["owner"], rule_code=rule, unit=case["unit"], actor=case["assignee"],
                       assignee=case["assignee"], started_at=started or at(2026, 3, 2, 9, 0))


def test_clock_start_stores_the_due_date_and_audits_on_the_owner(case) -> None:
    clock = _start(case)
    assert clock.limit == 20
    assert clock.limit_unit == "workdays"
    assert clock.due_date == date(2026, 3, 30)  # 20 working days after Mon 2 March 2026
    event = AuditEvent.objects.get(action="clock.start", object_id=str(case["owner"].pk))
    assert event.data["clock"] == clock.pk
    assert event.data["due_date"] == "2026-03-30"


def test_pause_and_resume_move_the_due_date_by_the_excluded_working_days(case) -> None:
    clock = _start(case)
    clock_pause(clock=clock, reason="expert_review", actor=case["assignee"], note="专家评审",
                at=at(2026, 3, 10, 9, 0))
    clock = clock_resume(clock=clock, actor=case["assignee"], at=at(2026, 3, 17, 9, 0))
    assert clock.excluded == 5
    assert clock.due_date == date(2026, 4, 7)  # 30 March + 5 working days (Qingming 4–6 April off)
    assert clock.pauses.get().excluded == 5


def test_a_reason_the_rule_does_not_allow_is_refused(case) -> None:
    clock = _start(case, rule="pre_opening.decide")
    with pytest.raises(ValidationError, match=r"不|does not"):
        clock_pause(clock=clock, reason="expert_review", actor=case["assignee"])
    assert Clock.objects.get(pk=clock.pk).status == ClockStatus.RUNNING


def test_resuming_a_clock_that_is_not_paused_is_refused(case) -> None:
    clock = _start(case)
    with pytest.raises(ValidationError):
        clock_resume(clock=clock, actor=case["assignee"])


def test_pausing_a_paused_clock_is_refused(case) -> None:
    clock = _start(case)
    clock_pause(clock=clock, reason="testing", actor=case["assignee"])
    with pytest.raises(ValidationError):
        clock_pause(clock=clock, reason="testing", actor=case["assignee"])


def test_the_approver_extends_within_the_maximum(case) -> None:
    clock = _start(case)
    clock = clock_extend(clock=clock, amount=10, reason="情况复杂", approved_by=case["approver"])
    assert clock.extension == 10
    assert clock.due_date == date(2026, 4, 14)  # Qingming 4–6 April off


def test_extending_twice_past_the_maximum_is_refused(case) -> None:
    clock = _start(case)
    clock_extend(clock=clock, amount=6, reason="第一次", approved_by=case["approver"])
    with pytest.raises(ValidationError):
        clock_extend(clock=clock, amount=5, reason="第二次", approved_by=case["approver"])
    assert Clock.objects.get(pk=clock.pk).extension == 6


def test_a_rule_without_extension_cannot_be_extended(case) -> None:
    clock = _start(case, rule="pre_opening.inspect")
    with pytest.raises(ValidationError):
        clock_extend(clock=clock, amount=1, reason="x", approved_by=case["approver"])


def test_only_an_approver_of_the_unit_can_extend(case) -> None:
    clock = _start(case)
    with pytest.raises(PermissionDenied):
        clock_extend(clock=clock, amount=1, reason="x", approved_by=case["assignee"])
    with pytest.raises(PermissionDenied):
        clock_extend(clock=clock, amount=1, reason="x", approved_by=case["outsider"])


def test_an_extension_needs_a_reason(case) -> None:
    with pytest.raises(ValidationError):
        clock_extend(clock=_start(case), amount=1, reason="  ", approved_by=case["approver"])


def test_stop_records_whether_the_clock_finished_on_time(case) -> None:
    clock = _start(case)
    clock = clock_stop(clock=clock, actor=case["approver"], outcome="准予许可", at=at(2026, 4, 1, 9, 0))
    assert clock.status == ClockStatus.STOPPED
    assert clock.card(at(2026, 5, 1)) == Card.RED  # finished after its due date
    event = AuditEvent.objects.filter(action="clock.stop").latest("seq")
    assert event.data["on_time"] is False


def test_a_stopped_clock_cannot_be_stopped_or_extended_again(case) -> None:
    clock = clock_stop(clock=_start(case), actor=case["approver"])
    with pytest.raises(ValidationError):
        clock_stop(clock=clock, actor=case["approver"])
    with pytest.raises(ValidationError):
        clock_extend(clock=clock, amount=1, reason="x", approved_by=case["approver"])


def test_clock_view_shows_remaining_working_days_and_the_pause_reason(case) -> None:
    clock = _start(case)
    assert clock_view(clock, now=at(2026, 3, 27, 10, 0)).remaining == 1  # Fri 27 → Mon 30 March
    clock = clock_pause(clock=clock, reason="supplement", actor=case["assignee"], at=at(2026, 3, 27, 11, 0))
    view = clock_view(clock, now=at(2026, 4, 20))
    assert view.remaining == 1
    assert view.status == ClockStatus.PAUSED
    assert "补正" in view.paused_reason


def test_switching_the_rule_set_gives_new_clocks_the_current_limits(case) -> None:
    ruleset_activate(ruleset=RuleSet.objects.get(code="current"), actor=case["approver"])
    clock = _start(case)
    assert clock.limit == 15


def test_an_edited_rule_affects_new_clocks_only(case) -> None:
    old = _start(case)
    old.rule.limit = 25
    old.rule.save()
    new = _start(case)
    old.refresh_from_db()
    assert (old.limit, new.limit) == (20, 25)


def test_clock_shorten_recomputes_the_stored_deadline(case) -> None:
    clock = _start(case)
    shortened = clock_shorten(clock=clock, limit=10)
    stored = Clock.objects.get(pk=clock.pk)
    assert (shortened.limit, stored.limit) == (10, 10)
    assert stored.due_date == date(2026, 3, 16)  # 10 working days after Mon 2 March 2026


def test_clock_shorten_refuses_a_limit_that_is_not_shorter(case) -> None:
    clock = _start(case)
    with pytest.raises(ValueError, match="not a shorter limit"):
        clock_shorten(clock=clock, limit=20)
    assert Clock.objects.get(pk=clock.pk).limit == 20


def test_clocks_assign_hands_only_the_open_clocks_over(case, django_user_model) -> None:
    running, stopped = _start(case), _start(case)
    clock_stop(clock=stopped, actor=case["assignee"])
    other = django_user_model.objects.create_user(username="接手人")
    assert clocks_assign(owner=case["owner"], assignee=other) == 1
    assert Clock.objects.get(pk=running.pk).assignee == other
    assert Clock.objects.get(pk=stopped.pk).assignee == case["assignee"]
