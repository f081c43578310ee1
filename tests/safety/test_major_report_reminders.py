"""消防法 §55: a confirmed major fire hazard not reported to the people's government in time reminds the approvers."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from enterprises.safety.enums import HazardSeverity, HazardSource
from enterprises.safety.models import Hazard
from enterprises.safety.services.hazards import (
    hazard_major_decide,
    hazard_major_report,
    hazard_record,
    hazard_sweep_unreported_major,
)
from firesvc.accounts.models import User
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "safety.major_report_due"


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def _confirmed_major(world, confirmed_at: datetime) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口堵塞",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"],
                           severity=HazardSeverity.MAJOR)
    hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])
    Hazard.objects.filter(pk=hazard.pk).update(major_confirmed_at=confirmed_at)
    return Hazard.objects.get(pk=hazard.pk)


def _reminders(world) -> int:  # type: ignore[no-untyped-def]
    return Notification.objects.filter(recipient=world["approver"], kind=KIND).count()


def test_sweep_reminds_the_units_approver_after_three_working_days(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))  # Monday; the report is due by Thursday 5 November
    hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    assert _reminders(world) == 1


def test_sweep_does_not_remind_on_the_last_day_of_the_report(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))
    hazard_sweep_unreported_major(now=at(2026, 11, 5, 23))
    assert _reminders(world) == 0


def test_sweep_does_not_count_the_weekend(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 5))  # Thursday; Friday, Monday, Tuesday: due Tuesday 10 November
    hazard_sweep_unreported_major(now=at(2026, 11, 10, 18))
    assert _reminders(world) == 0


def test_sweep_does_not_count_the_national_day_holiday(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 9, 30))  # 1-7 October off; 8, 9, 10 (a Saturday worked): due 10 October
    hazard_sweep_unreported_major(now=at(2026, 10, 9, 18))
    assert _reminders(world) == 0


def test_sweep_reminds_after_the_holiday_and_its_working_saturday(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 9, 30))
    hazard_sweep_unreported_major(now=at(2026, 10, 11, 9))
    assert _reminders(world) == 1


def test_sweep_reminds_once(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))
    first = hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    second = hazard_sweep_unreported_major(now=at(2026, 11, 9, 9))
    assert (first, second, _reminders(world)) == (1, 0, 1)


def test_sweep_records_when_it_reminded(world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world, at(2026, 11, 2))
    hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    assert Hazard.objects.get(pk=hazard.pk).government_report_reminded_at == at(2026, 11, 6, 9)


def test_sweep_does_not_remind_about_a_reported_hazard(world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world, at(2026, 11, 2))
    hazard_major_report(hazard=hazard, reported_on=date(2026, 11, 3), reported_to="铁西区人民政府",
                        actor=world["approver"], today=date(2026, 11, 3))
    hazard_sweep_unreported_major(now=at(2026, 11, 20))
    assert _reminders(world) == 0


def test_sweep_does_not_remind_the_approvers_of_another_unit(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))
    hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    assert not Notification.objects.filter(recipient=world["detachment_approver"], kind=KIND).exists()


def _without_approvers(*people) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk__in=[person.pk for person in people]).update(is_active=False)


def test_sweep_reminds_the_approver_above_a_unit_without_one(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))
    _without_approvers(world["approver"])
    hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    assert Notification.objects.filter(recipient=world["detachment_approver"], kind=KIND).count() == 1


def test_sweep_tells_the_administrators_when_no_unit_of_the_chain_has_an_approver(world):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True)
    _confirmed_major(world, at(2026, 11, 2))
    _without_approvers(world["approver"], world["detachment_approver"])
    hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    assert list(Notification.objects.filter(kind=KIND).values_list("recipient_id", flat=True)) == [admin.pk]


def test_the_reminders_audit_event_names_the_unit_reached(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))
    _without_approvers(world["approver"])
    hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    event = AuditEvent.objects.get(action="hazard.major_report_reminder")
    assert (event.data["to"], event.data["administrators"], event.data["notified"]) == (
        world["tree"]["a"]["detachment"].pk, False, 1)


def test_sweep_with_no_one_to_tell_tries_again_at_the_next_run(world):  # type: ignore[no-untyped-def]
    _confirmed_major(world, at(2026, 11, 2))
    _without_approvers(world["approver"], world["detachment_approver"])
    first = hazard_sweep_unreported_major(now=at(2026, 11, 6, 9))
    User.objects.filter(pk=world["approver"].pk).update(is_active=True)
    second = hazard_sweep_unreported_major(now=at(2026, 11, 6, 10))
    assert (first, second, _reminders(world)) == (0, 1, 1)


def test_the_reminder_is_on_the_beat_schedule(settings):  # type: ignore[no-untyped-def]
    assert settings.CELERY_BEAT_SCHEDULE["major-hazard-report-reminders"]["task"] == (
        "safety.remind_unreported_major_hazards")


def test_the_reminder_task_runs_the_sweep(world):  # type: ignore[no-untyped-def]
    from enterprises.safety.tasks import remind_unreported_major_hazards

    _confirmed_major(world, at(2020, 11, 2))
    assert remind_unreported_major_hazards() == 1
