"""A notice whose due date is counted through a provisional calendar year says so (暂定) (issue 20 §3)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from approvals.services.intake import application_accept
from firesvc import workdays
from tests.approvals.conftest import make_submitted
from tests.approvals.test_documents import _get_pdf, rendered  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_calendar():  # type: ignore[no-untyped-def]
    workdays.reset_cache()
    yield
    workdays.reset_cache()


def _accept_on(world, day: datetime):  # type: ignore[no-untyped-def]
    with time_machine.travel(day, tick=False):
        return application_accept(actor=world["clerk"], application=make_submitted(world))


def test_an_acceptance_due_in_a_provisional_year_is_marked_provisional(approvals_world) -> None:
    notice = _accept_on(approvals_world, datetime(2027, 3, 1, 10, tzinfo=SHANGHAI))
    assert notice.due_date.year == 2027
    assert notice.due_date_provisional


def test_an_acceptance_due_in_a_year_of_the_official_calendar_is_not(approvals_world) -> None:
    notice = _accept_on(approvals_world, datetime(2026, 3, 2, 10, tzinfo=SHANGHAI))
    assert not notice.due_date_provisional


def test_the_acceptance_notice_prints_the_provisional_due_date_as_such(
        client, approvals_world, rendered) -> None:  # noqa: F811
    notice = _accept_on(approvals_world, datetime(2027, 3, 1, 10, tzinfo=SHANGHAI))
    assert _get_pdf(client, approvals_world["applicant"], notice).status_code == 200
    html = rendered[0].html
    day = notice.due_date
    assert f"{day.year}年{day.month}月{day.day}日</strong>（暂定）前（含当日）依法作出决定" in html
    assert "尚未由国务院公布" in html
    assert "暂按《全国年节及纪念日放假办法》规定的法定节假日计算，未计入调休" in html  # what the date counts


def test_the_acceptance_message_marks_a_provisional_due_date_as_such(approvals_world) -> None:
    from firesvc.notifications.models import Notification

    notice = _accept_on(approvals_world, datetime(2027, 3, 1, 10, tzinfo=SHANGHAI))
    body = Notification.objects.filter(recipient=approvals_world["applicant"],
                                       kind__isnull=False).order_by("-pk").values_list("body", flat=True).first()
    day = notice.due_date
    assert f"审批期限截至{day.year}年{day.month}月{day.day}日（暂定，" in body
