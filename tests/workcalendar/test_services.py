"""Calendar services: validation, audit events, the version token."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from firesvc.audit.models import AuditEvent
from firesvc.workcalendar.models import CalendarDay, CalendarVersion, CalendarYear
from firesvc.workcalendar.notice import NoticeEntry
from firesvc.workcalendar.services import (
    calendar_day_remove,
    calendar_day_set,
    calendar_year_load,
    calendar_year_remove,
    calendar_year_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar", "english")]


def test_calendar_day_set_records_who_and_the_change(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    entry = calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="workday", name="更正")
    event = AuditEvent.objects.filter(action="calendar_day.set").order_by("-seq").first()
    assert (entry.kind, entry.name, entry.updated_by) == ("workday", "更正", administrator)
    assert (event.from_state, event.to_state, event.actor) == ("holiday", "workday", administrator)
    assert event.data["before"]["name"] == "临时放假"
    assert CalendarDay.objects.count() == 1


def test_calendar_day_set_refuses_an_unknown_kind(administrator) -> None:
    with pytest.raises(ValidationError) as caught:
        calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="half", name="x")
    assert "kind" in caught.value.message_dict
    assert not CalendarDay.objects.exists()


def test_calendar_day_set_refuses_an_empty_name(administrator) -> None:
    with pytest.raises(ValidationError) as caught:
        calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="  ")
    assert "name" in caught.value.message_dict


def test_every_calendar_change_gives_a_new_version_token(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    first = CalendarVersion.objects.get(pk=1).token
    calendar_day_remove(actor=administrator, day=date(2026, 3, 10))
    assert CalendarVersion.objects.get(pk=1).token != first


def test_calendar_day_remove_of_a_day_without_entry_changes_nothing(administrator) -> None:
    assert calendar_day_remove(actor=administrator, day=date(2026, 3, 10)) is False
    assert not AuditEvent.objects.filter(action="calendar_day.remove").exists()


def test_calendar_day_remove_is_audited(administrator) -> None:
    entry = calendar_day_set(actor=administrator, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    assert calendar_day_remove(actor=administrator, day=date(2026, 3, 10)) is True
    event = AuditEvent.objects.get(action="calendar_day.remove")
    assert (event.object_id, event.from_state) == (str(entry.pk), "holiday")


def test_calendar_year_load_with_an_entry_of_another_year_changes_nothing(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2027, 3, 1), kind="holiday", name="旧条目")
    entries = [NoticeEntry(day=date(2027, 1, 1), kind="holiday", name="元旦", line=1),
               NoticeEntry(day=date(2028, 1, 1), kind="holiday", name="元旦", line=2)]
    with pytest.raises(ValidationError, match="2028-01-01 is not in 2027"):
        calendar_year_load(year=2027, entries=entries, actor=administrator, source="x")
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["旧条目"]
    assert not CalendarYear.objects.exists()


def test_calendar_year_load_refuses_a_date_listed_twice(administrator) -> None:
    entries = [NoticeEntry(day=date(2027, 1, 1), kind="holiday", name="元旦", line=n) for n in (1, 2)]
    with pytest.raises(ValidationError, match="listed twice"):
        calendar_year_load(year=2027, entries=entries, actor=administrator, source="x")


def test_calendar_year_load_records_what_it_replaced(administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2027, 3, 1), kind="holiday", name="旧条目")
    entries = [NoticeEntry(day=date(2027, 1, 1), kind="holiday", name="元旦", line=1)]
    calendar_year_load(year=2027, entries=entries, actor=administrator, source="通知")
    event = AuditEvent.objects.get(action="calendar_year.load")
    assert event.data["replaced"] == {"2027-03-01": "holiday 旧条目"}
    assert event.reason == "通知"


def test_calendar_year_set_and_remove_switch_the_provisional_status(administrator) -> None:
    from firesvc import workdays

    calendar_year_set(actor=administrator, year=2027, complete=True, source="通知")
    assert not workdays.is_provisional(date(2027, 6, 1))
    calendar_year_remove(actor=administrator, year=2027)
    assert workdays.is_provisional(date(2027, 6, 1))
    assert [e.action for e in AuditEvent.objects.order_by("seq")] == ["calendar_year.set", "calendar_year.remove"]
