"""A calendar change that moves a case's clock reaches the case row, the worklist and the applicant (issue 20 §3)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from approvals.models import Application
from approvals.notifications import RECOMPUTE, RULES, SUBJECT, _due_date_moved
from approvals.selectors.intake import worklist
from approvals.services.intake import application_accept
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.notifications import matrix
from firesvc.notifications.matrix import register, rules
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.workcalendar.services import calendar_day_set
from tests.approvals.conftest import make_submitted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_fresh_calendar(settings):  # type: ignore[no-untyped-def]
    # The notices are written in the portal's language (the matrix), not the administrator's: English here.
    settings.LANGUAGE_CODE = "en"
    workdays.reset_cache()
    with translation.override("en"):
        yield
    workdays.reset_cache()


def _accepted(world: dict[str, Any]) -> tuple[Application, Clock]:
    application = make_submitted(world, "acceptance")
    application_accept(actor=world["clerk"], application=application)
    application.refresh_from_db()
    return application, Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED).get()


def _holiday_on(day) -> None:  # type: ignore[no-untyped-def]
    calendar_day_set(actor=UserFactory(roles=[Role.ADMINISTRATOR]), day=day, kind="holiday", name="测试")


def test_a_holiday_on_the_due_date_moves_the_case_row(approvals_world) -> None:
    application, clock = _accepted(approvals_world)
    old = clock.due_date
    _holiday_on(old)
    clock.refresh_from_db()
    application.refresh_from_db()
    assert clock.due_date == workdays.add_workdays(old, 1) > old
    assert (application.due_date, application.due_at, application.yellow_at) == (
        clock.due_date, clock.due_at, clock.yellow_at)


def test_a_holiday_on_the_due_date_moves_the_worklist_row(approvals_world) -> None:
    application, clock = _accepted(approvals_world)
    _holiday_on(clock.due_date)
    clock.refresh_from_db()
    row = next(r for r in worklist(approvals_world["clerk"]).rows if r.pk == application.pk)
    assert row.due_date == clock.due_date


def test_the_applicant_is_told_the_new_due_date(approvals_world) -> None:
    application, clock = _accepted(approvals_world)
    old = clock.due_date
    _holiday_on(old)
    clock.refresh_from_db()
    notification = Notification.objects.get(recipient=approvals_world["applicant"],
                                            title__startswith="Approval time limit now ends on")
    assert f"{clock.due_date:%Y-%m-%d}" in notification.title
    assert f"instead of {old:%Y-%m-%d}" in notification.body
    assert notification.url == application.get_absolute_url()


def test_the_case_page_shows_the_new_due_date_beside_the_acceptance_notice(client, approvals_world) -> None:
    application, clock = _accepted(approvals_world)
    _holiday_on(clock.due_date)
    clock.refresh_from_db()
    client.force_login(approvals_world["applicant"])
    page = client.get(application.get_absolute_url()).content.decode()
    assert f'<strong data-due-now>{clock.due_date:%Y-%m-%d}</strong>' in page


def _due_moved_notices(applicant) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=applicant, dedupe_key__startswith="approvals:due-moved:"))


def test_a_moved_due_date_is_a_row_of_the_notification_matrix() -> None:
    [row] = [r for r in rules() if r.model == "approvals.application" and r.event == "clock.recompute"]
    assert (row.recipient, row.channels, row.kind) == ("applicant", ("email",), "approval_time_limit")


def test_a_moved_due_date_is_told_through_its_matrix_row(approvals_world, monkeypatch) -> None:
    # given the matrix without the row (the kernel's registry, restored after the test)
    monkeypatch.setattr(matrix, "_rules", list(matrix._rules))
    register(SUBJECT, [r for r in RULES if r.event != RECOMPUTE])
    application, clock = _accepted(approvals_world)
    # when a holiday moves the due date
    _holiday_on(clock.due_date)
    # then the clock and the case row move, but no one is told
    application.refresh_from_db()
    assert application.due_date == workdays.add_workdays(clock.due_date, 1)
    assert _due_moved_notices(approvals_world["applicant"]) == []


def test_the_matrix_row_decides_the_channels_of_a_moved_due_date(approvals_world, monkeypatch) -> None:
    monkeypatch.setattr(matrix, "_rules", list(matrix._rules))
    register(SUBJECT, [replace(r, channels=("email", "sms")) if r.event == RECOMPUTE else r for r in RULES])
    applicant = approvals_world["applicant"]
    applicant.phone = "13912345678"
    applicant.save(update_fields=["phone"])
    _application, clock = _accepted(approvals_world)
    _holiday_on(clock.due_date)
    [notice] = _due_moved_notices(approvals_world["applicant"])
    assert sorted(notice.deliveries.values_list("channel", flat=True)) == ["email", "sms"]


def test_a_moved_due_date_is_told_once_per_clock_and_calendar_change(approvals_world) -> None:
    _application, clock = _accepted(approvals_world)
    _holiday_on(clock.due_date)
    event = AuditEvent.objects.get(action="clock.recompute", data__clock=clock.pk)
    [notice] = _due_moved_notices(approvals_world["applicant"])
    assert notice.dedupe_key == f"approvals:due-moved:{clock.pk}:{event.data['change']}"


def test_the_notice_of_a_moved_due_date_is_in_the_portal_language(approvals_world, settings) -> None:
    settings.LANGUAGE_CODE = "zh-hans"
    _application, clock = _accepted(approvals_world)
    _holiday_on(clock.due_date)  # by an administrator whose pages are in English (the module's fixture)
    clock.refresh_from_db()
    [notice] = _due_moved_notices(approvals_world["applicant"])
    assert notice.title.startswith("审批期限") and f"{clock.due_date:%Y-%m-%d}" in notice.title


def _recompute_event(**data: Any) -> SimpleNamespace:
    return SimpleNamespace(action="clock.recompute", data=data)


def test_only_a_moved_due_date_is_told() -> None:
    assert _due_date_moved(_recompute_event(previous_due_date="2027-01-08", due_date="2027-01-11"))
    # the yellow instant or the provisional flag alone changed: the date the applicant knows did not
    assert not _due_date_moved(_recompute_event(previous_due_date="2027-01-08", due_date="2027-01-08"))
    assert not _due_date_moved(_recompute_event(previous_due_date="2027-01-08", due_date=None))


def test_a_moved_spot_check_is_told_as_the_spot_check_time_limit(approvals_world, settings) -> None:
    # given a completion filing drawn for spot check (a filing, not an approval)
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    application = make_submitted(approvals_world, "completion_filing")
    application_accept(actor=approvals_world["clerk"], application=application)
    clock = Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED).get()
    # when a holiday moves its due date
    _holiday_on(clock.due_date)
    # then
    [notice] = _due_moved_notices(approvals_world["applicant"])
    assert notice.title.startswith("Spot check time limit now ends on")


def test_a_moved_window_intake_limit_is_told_by_its_own_name(approvals_world) -> None:
    # given a submitted application: the window's intake review clock runs
    application = make_submitted(approvals_world, "acceptance")
    clock = Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED).get()
    # when a holiday moves its due date
    _holiday_on(clock.due_date)
    # then the notice names the window's limit, not the approval time limit
    [notice] = _due_moved_notices(approvals_world["applicant"])
    assert notice.title.startswith(f"{clock.rule.name} now ends on")
