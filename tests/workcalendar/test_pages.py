"""The calendar page and the Django admin of calendar entries."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from firesvc import workdays
from firesvc.audit.models import AuditEvent
from firesvc.workcalendar.models import CalendarDay, CalendarYear
from firesvc.workcalendar.notice import NoticeEntry
from firesvc.workcalendar.services import calendar_day_set, calendar_year_load
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

URL = reverse("workcalendar:overview")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_overview_url_is_under_calendar() -> None:
    assert URL == "/calendar/"


def test_overview_shows_2026_holidays_and_make_up_days_to_an_administrator(client, administrator) -> None:
    client.force_login(administrator)
    page = client.get(URL, {"year": 2026}).content.decode()
    assert 'data-date="2026-02-14" data-kind="makeup"' in page
    assert 'data-date="2026-10-01" data-kind="holiday"' in page
    assert 'data-date="2026-03-07" data-kind="rest"' in page
    assert 'data-date="2026-03-09" data-kind="work"' in page


def test_overview_counts_the_working_days_of_the_year(client, administrator) -> None:
    client.force_login(administrator)
    view = client.get(URL, {"year": 2026}).context["view"]
    assert (view.workday_count, view.makeup_count, view.holiday_count) == (248, 6, 19)
    assert view.source == "package"


def test_overview_flags_a_provisional_year(client, administrator) -> None:
    client.force_login(administrator)
    response = client.get(URL, {"year": 2027})
    assert response.context["view"].provisional
    assert (2027, True) in response.context["nearby_years"]
    assert 'data-date="2027-01-01" data-kind="holiday"' in response.content.decode()  # the statutory 元旦
    assert 'data-date="2027-01-04" data-kind="work"' in response.content.decode()  # Mon–Fri otherwise


def test_overview_shows_an_administrator_override(client, administrator) -> None:
    calendar_day_set(actor=administrator, day=date(2027, 2, 8), kind="holiday", name="春节")
    client.force_login(administrator)
    response = client.get(URL, {"year": 2027})
    assert 'data-date="2027-02-08" data-kind="holiday"' in response.content.decode()
    assert [e.name for e in response.context["view"].entries] == ["春节"]


def test_overview_falls_back_to_this_year_for_a_bad_year(client, administrator) -> None:
    client.force_login(administrator)
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert client.get(URL, {"year": "abc"}).context["view"].year == 2026


def test_overview_is_refused_to_a_window_clerk(client, clerk) -> None:
    client.force_login(clerk)
    response = client.get(URL)
    assert response.status_code == 403
    assert "view" not in (response.context or {})


def test_overview_sends_an_anonymous_visitor_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overview_warns_from_1_november_when_next_year_is_missing(client, administrator) -> None:
    client.force_login(administrator)
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        response = client.get(URL)
    assert "data-calendar-warning" in response.content.decode()
    assert "2027" in response.context["warning"]


def test_overview_has_no_warning_in_october(client, administrator) -> None:
    client.force_login(administrator)
    with time_machine.travel(datetime(2026, 10, 31, 9, 0, tzinfo=SHANGHAI), tick=False):
        response = client.get(URL)
    assert "data-calendar-warning" not in response.content.decode()


def test_django_admin_saves_a_calendar_day_through_the_service(client) -> None:
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(reverse("admin:workcalendar_calendarday_add"),
                           {"date": "2026-03-10", "kind": "holiday", "name": "临时放假"})
    entry = CalendarDay.objects.get(date=date(2026, 3, 10))
    assert response.status_code == 302
    assert (entry.source, entry.created_by) == ("admin", root)
    assert AuditEvent.objects.filter(action="calendar_day.set", object_id=str(entry.pk)).exists()
    assert not workdays.is_workday(date(2026, 3, 10))


def test_django_admin_deletes_a_calendar_day_through_the_service(client) -> None:
    root = UserFactory(is_superuser=True, is_staff=True)
    entry = calendar_day_set(actor=root, day=date(2026, 3, 10), kind="holiday", name="临时放假")
    client.force_login(root)
    client.post(reverse("admin:workcalendar_calendarday_delete", args=[entry.pk]), {"post": "yes"})
    assert not CalendarDay.objects.exists()
    assert AuditEvent.objects.filter(action="calendar_day.remove").exists()
    assert workdays.is_workday(date(2026, 3, 10))


def test_django_admin_refuses_a_year_out_of_range(client) -> None:
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(reverse("admin:workcalendar_calendaryear_add"), {"year": "1990", "source": "x"})
    assert response.status_code == 200
    assert not CalendarYear.objects.exists()


def test_django_admin_marks_a_year_complete_through_the_service(client) -> None:
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    client.post(reverse("admin:workcalendar_calendaryear_add"), {"year": "2027", "complete": "on", "source": "通知"})
    assert CalendarYear.objects.get(year=2027).loaded_by == root
    assert AuditEvent.objects.filter(action="calendar_year.set").exists()
    assert not workdays.is_provisional(date(2027, 1, 1))


def test_overview_names_the_notice_an_administrator_loaded(client, administrator) -> None:
    title = "国务院办公厅关于2027年部分节假日安排的通知"
    entries = [NoticeEntry(day=date(2027, 1, 1), kind="holiday", name="元旦", line=1)]
    calendar_year_load(year=2027, entries=entries, actor=administrator, source=title)
    client.force_login(administrator)
    response = client.get(URL, {"year": 2027})
    assert response.context["view"].source == "administrator"
    assert not response.context["view"].provisional
    assert title in response.content.decode()
