"""The daily check for a missing calendar year, and the administrators' warning."""

from __future__ import annotations

import logging
import sys
import types
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firesvc.accounts.roles import Role
from firesvc.workcalendar.selectors import calendar_warning_for
from firesvc.workcalendar.services import calendar_year_set
from firesvc.workcalendar.tasks import check_next_year_calendar
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTIFICATIONS = "firesvc.notifications.services"


@pytest.fixture
def sent(monkeypatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A stand-in for the notifications app's ``notify``, recording its calls."""
    calls: list[dict[str, Any]] = []
    module = types.ModuleType(NOTIFICATIONS)
    module.notify = lambda **kwargs: calls.append(kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, NOTIFICATIONS, module)
    return calls


def test_check_does_nothing_before_1_november(sent, administrator, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        assert check_next_year_calendar(today="2026-10-31") == []
    assert sent == []
    assert "calendar missing" not in caplog.text


def test_check_from_1_november_logs_a_warning(sent, administrator, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        assert check_next_year_calendar(today="2026-11-01") == [2027]
    assert "working-day calendar missing for 2027" in caplog.text


def test_check_notifies_each_active_administrator_once_per_year(sent, administrator, clerk) -> None:
    root = UserFactory(is_superuser=True)
    UserFactory(roles=[Role.ADMINISTRATOR], is_active=False)
    check_next_year_calendar(today="2026-11-01")
    assert [(c["recipient"], c["kind"]) for c in sent] == [(administrator, "calendar_missing"),
                                                          (root, "calendar_missing")]
    assert sent[0]["dedupe_key"] == f"calendar-missing-2027-{administrator.pk}"
    assert sent[0]["url"] == "/calendar/?year=2027"
    assert "2027" in sent[0]["title"]


def test_check_run_twice_asks_for_the_same_deduplicated_notices(sent, administrator) -> None:
    check_next_year_calendar(today="2026-11-01")
    check_next_year_calendar(today="2026-11-02")
    assert [c["dedupe_key"] for c in sent] == [f"calendar-missing-2027-{administrator.pk}"] * 2


def test_check_is_quiet_once_next_year_is_entered(sent, administrator) -> None:
    calendar_year_set(actor=administrator, year=2027, complete=True, source="通知")
    assert check_next_year_calendar(today="2026-11-01") == []
    assert sent == []


def test_check_uses_todays_date_in_china(sent, administrator) -> None:
    # 31 October 17:00 UTC is already 1 November in Shanghai
    with time_machine.travel(datetime(2026, 10, 31, 17, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert check_next_year_calendar() == [2027]
    with time_machine.travel(datetime(2026, 10, 31, 15, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert check_next_year_calendar() == []


def test_check_also_warns_when_the_current_year_is_still_missing(sent, administrator) -> None:
    assert check_next_year_calendar(today="2027-03-01") == [2027]


def test_check_works_without_the_notifications_app(monkeypatch, administrator, caplog) -> None:
    monkeypatch.setitem(sys.modules, NOTIFICATIONS, None)  # makes the import fail
    with caplog.at_level(logging.WARNING):
        assert check_next_year_calendar(today="2026-11-01") == [2027]
    assert "2027" in caplog.text


def test_calendar_warning_for_an_administrator_from_1_november(administrator) -> None:
    assert calendar_warning_for(administrator, date(2026, 10, 31)) is None
    assert "2027" in calendar_warning_for(administrator, date(2026, 11, 1))


def test_calendar_warning_for_anyone_else_is_none(clerk) -> None:
    assert calendar_warning_for(clerk, date(2026, 11, 1)) is None


def test_calendar_warning_for_a_superuser_uses_today_in_china() -> None:
    root = UserFactory(is_superuser=True)
    with time_machine.travel(datetime(2026, 11, 5, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert "2027" in calendar_warning_for(root)
