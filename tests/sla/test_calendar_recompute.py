"""A calendar change recomputes the open clocks whose deadline it moves (issue 20 §3)."""

from __future__ import annotations

from datetime import date

import pytest

from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.sla import hooks
from firesvc.sla.hooks import DeadlineMove, on_deadline_moved
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop, clocks_recompute_for_calendar
from firesvc.workcalendar.notice import NoticeEntry
from firesvc.workcalendar.services import calendar_day_remove, calendar_day_set, calendar_year_load
from tests.factories import UserFactory
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():  # type: ignore[no-untyped-def]
    workdays.reset_cache()
    yield
    workdays.reset_cache()


@pytest.fixture
def administrator(db):  # type: ignore[no-untyped-def]
    return UserFactory(roles=[Role.ADMINISTRATOR])


HEARD: list[DeadlineMove] = []


def _hear(move: DeadlineMove) -> None:
    HEARD.append(move)


def _start(case, started=None) -> Clock:  # type: ignore[no-untyped-def]
    # 20 working days from Thursday 10 December 2026: 15 in December, then 元旦 off, 4–8 January 2027.
    return clock_start(owner=case["owner"], rule_code="acceptance.decide", unit=case["unit"], actor=case["assignee"],
                       started_at=started or at(2026, 12, 10, 9, 0))


def test_a_holiday_added_on_the_due_date_moves_the_clock(case, administrator) -> None:
    clock = _start(case)
    assert clock.due_date == date(2027, 1, 8)
    calendar_day_set(actor=administrator, day=date(2027, 1, 8), kind="holiday", name="测试")
    clock.refresh_from_db()
    assert clock.due_date == date(2027, 1, 11)
    assert clock.due_at == at(2027, 1, 12, 0, 0)  # due at the end of its due date


def test_a_holiday_added_before_the_due_date_moves_the_clock_too(case, administrator) -> None:
    clock = _start(case)
    calendar_day_set(actor=administrator, day=date(2026, 12, 31), kind="holiday", name="测试")
    clock.refresh_from_db()
    assert clock.due_date == date(2027, 1, 11)


def test_a_removed_holiday_brings_the_due_date_back(case, administrator) -> None:
    clock = _start(case)
    calendar_day_set(actor=administrator, day=date(2027, 1, 1), kind="workday", name="测试")
    clock.refresh_from_db()
    assert clock.due_date == date(2027, 1, 7)
    calendar_day_remove(actor=administrator, day=date(2027, 1, 1))
    clock.refresh_from_db()
    assert clock.due_date == date(2027, 1, 8)


def test_a_calendar_change_writes_one_recompute_event_on_the_owner(case, administrator) -> None:
    clock = _start(case)
    calendar_day_set(actor=administrator, day=date(2027, 1, 8), kind="holiday", name="测试")
    event = AuditEvent.objects.get(action="clock.recompute", object_id=str(case["owner"].pk))
    assert event.data["clock"] == clock.pk
    assert (event.data["previous_due_date"], event.data["due_date"]) == ("2027-01-08", "2027-01-11")
    assert "2027-01-08" in event.reason


def test_a_change_moves_only_the_clocks_due_on_or_after_it(case, administrator) -> None:
    early = _start(case)  # due 8 January 2027
    late = _start(case, started=at(2026, 12, 17, 9, 0))  # due 15 January 2027
    calendar_day_set(actor=administrator, day=date(2027, 1, 12), kind="holiday", name="测试")
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.due_date, late.due_date) == (date(2027, 1, 8), date(2027, 1, 18))


def test_a_change_moves_only_the_open_clocks(case, administrator) -> None:
    stopped = _start(case)
    clock_stop(clock=stopped, actor=case["assignee"], outcome="decided")
    running = _start(case)
    calendar_day_set(actor=administrator, day=date(2027, 1, 8), kind="holiday", name="测试")
    stopped.refresh_from_db()
    running.refresh_from_db()
    assert (stopped.due_date, running.due_date) == (date(2027, 1, 8), date(2027, 1, 11))


def test_loading_a_year_recomputes_and_ends_the_provisional_flag(case, administrator) -> None:
    clock = _start(case)
    assert clock.provisional
    calendar_year_load(year=2027, actor=administrator, source="国务院办公厅通知", entries=[
        NoticeEntry(day=date(2027, 1, d), kind="holiday", name="元旦", line=1) for d in (1, 2, 3)])
    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional) == (date(2027, 1, 8), False)
    assert AuditEvent.objects.filter(action="clock.recompute", object_id=str(case["owner"].pk)).exists()


def test_the_owner_hook_hears_of_each_moved_clock(case, administrator) -> None:
    label = type(case["owner"])._meta.label_lower
    on_deadline_moved(type(case["owner"]), _hear)
    HEARD.clear()
    try:
        clock = _start(case)
        assert clocks_recompute_for_calendar(first=date(2027, 1, 8), last=date(2027, 1, 8), actor=None,
                                             reason="测试") == 0  # the calendar did not change: nothing moves
        calendar_day_set(actor=administrator, day=date(2027, 1, 8), kind="holiday", name="测试")
    finally:
        hooks._HOOKS[label].pop(f"{_hear.__module__}.{_hear.__qualname__}")
    assert [(m.clock.pk, m.previous_due_date, m.clock.due_date) for m in HEARD] == [
        (clock.pk, date(2027, 1, 8), date(2027, 1, 11))]
