"""Loading a year's holidays in the admin: paste the notice, preview the days, confirm (issue 20 §3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from firesvc import workdays
from firesvc.audit.models import AuditEvent
from firesvc.workcalendar.models import CalendarDay, CalendarYear

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar", "english")]

URL = reverse("admin:workcalendar_calendaryear_load")
NOTICE = """国务院办公厅关于2027年部分节假日安排的通知
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至2月12日（农历正月初八、周五）放假调休，共8天。2月14日（周日）上班。
"""


@pytest.fixture
def admin_user_client(client, django_user_model):  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_superuser(username="root", password="pw-long-enough-1", email="r@e.cn")
    client.force_login(user)
    return client


def test_the_year_list_links_to_the_load_page(admin_user_client) -> None:
    response = admin_user_client.get(reverse("admin:workcalendar_calendaryear_changelist"))
    assert f'href="{URL}"' in response.content.decode()


def test_preview_shows_the_days_of_the_pasted_notice_and_saves_nothing(admin_user_client) -> None:
    response = admin_user_client.post(URL, {"year": 2027, "text": NOTICE, "preview": "1"})
    page = response.content.decode()
    assert 'data-day="2027-02-12" data-kind="holiday"' in page
    assert 'data-day="2027-02-14" data-kind="workday"' in page
    assert "data-confirm-load" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_confirm_loads_the_year_with_the_notice_as_source(admin_user_client) -> None:
    response = admin_user_client.post(URL, {"year": 2027, "text": NOTICE, "confirm": "1"})
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert (year.complete, year.source) == (True, "国务院办公厅关于2027年部分节假日安排的通知")
    assert CalendarDay.objects.filter(date__year=2027, kind="holiday").count() == 11
    assert workdays.is_workday(date(2027, 2, 14))
    assert AuditEvent.objects.filter(action="calendar_year.load").exists()


def test_an_uploaded_file_in_the_command_format_is_read_too(admin_user_client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("2027.txt", "2027-01-01 holiday 元旦\n".encode())
    response = admin_user_client.post(URL, {"year": 2027, "file": upload, "preview": "1"})
    assert 'data-day="2027-01-01" data-kind="holiday"' in response.content.decode()


def test_a_wrong_line_is_shown_and_nothing_is_saved(admin_user_client) -> None:
    response = admin_user_client.post(URL, {"year": 2027, "text": "2027-02-30 holiday 春节\n", "confirm": "1"})
    assert response.status_code == 200
    assert "2027-02-30" in response.context["form"].non_field_errors()[0]
    assert not CalendarYear.objects.filter(year=2027).exists()
