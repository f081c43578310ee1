"""A calendar change that moves a case's clock reaches the case row, the worklist and the applicant (issue 20 §3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from approvals.models import Application
from approvals.selectors.intake import worklist
from approvals.services.intake import application_accept
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.workcalendar.services import calendar_day_set
from tests.approvals.conftest import make_submitted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_fresh_calendar():  # type: ignore[no-untyped-def]
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
    notification = Notification.objects.get(recipient=approvals_world["applicant"], title__startswith="New due date")
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
