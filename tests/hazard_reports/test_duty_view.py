"""The duty officer's live view and the fragment it polls: what each row shows, and what it costs."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.hazard_reports.enums import ReportStatus
from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.services.reports import hazard_report_acknowledge
from tests.factories import PASSWORD
from tests.hazard_reports.conftest import submit_report

LIVE = reverse("hazard_reports:duty_live")


def _report(units, **kwargs):  # type: ignore[no-untyped-def]
    return submit_report(units, **{"category": "electrical", "description": "电线冒烟", **kwargs})


def _live(client, place) -> str:  # type: ignore[no-untyped-def]
    client.login(username=place["duty"].username, password=PASSWORD)
    return client.get(LIVE).content.decode()


def _row(body: str, report: HazardReport) -> str:
    match = re.search(rf'<tr data-report="{report.pk}".*?</tr>', body, re.S)
    assert match, f"no row for report {report.pk}"
    return match.group(0)


def test_a_new_report_shows_its_time_category_place_and_address(client, place) -> None:
    report = _report(place)
    row = _row(_live(client, place), report)
    assert re.search(rf"<td[^>]*>{timezone.localtime(report.created_at):%H:%M}</td>", row)
    assert re.search(r"<td[^>]*>电气隐患</td>", row)
    assert f"{place['community'].name} / {place['grid'].name}" in row
    assert "友谊街12号" in row
    assert 'class="table-warning"' in row


def test_a_report_without_a_community_shows_its_subdistrict(client, place) -> None:
    report = _report(place, community=None, grid=None)
    row = _row(_live(client, place), report)
    assert re.search(rf"<td[^>]*>{place['subdistrict'].name}<div", row)


def test_a_new_report_shows_its_minutes_left(client, place) -> None:
    report = _report(place)
    HazardReport.objects.filter(pk=report.pk).update(ack_due_at=timezone.now() + timedelta(seconds=7 * 60 + 10))
    row = _row(_live(client, place), report)
    assert re.search(r'data-due-at="\d+">7 分钟</span>', row)


def test_the_clock_carries_its_deadline_and_the_table_the_servers_time(client, place) -> None:
    # The page's script counts the seconds from these two, whatever the duty PC's own clock says.
    report = _report(place)
    due_at = timezone.now() + timedelta(minutes=4)
    HazardReport.objects.filter(pk=report.pk).update(ack_due_at=due_at)
    before = int(timezone.now().timestamp() * 1000)
    body = _live(client, place)
    after = int(timezone.now().timestamp() * 1000)
    assert f'data-due-at="{int(due_at.timestamp() * 1000)}"' in _row(body, report)
    server_now = int(re.search(r'data-server-now="(\d+)"', body).group(1))  # type: ignore[union-attr]
    assert before <= server_now <= after


def test_the_minutes_shown_follow_the_clock_though_the_rows_are_kept(client, place) -> None:
    report = _report(place)
    HazardReport.objects.filter(pk=report.pk).update(ack_due_at=timezone.now() + timedelta(seconds=7 * 60 + 10))
    assert "7 分钟" in _row(_live(client, place), report)
    HazardReport.objects.filter(pk=report.pk).update(ack_due_at=timezone.now() + timedelta(seconds=3 * 60 + 10))
    assert "3 分钟" in _row(_live(client, place), report)


def test_an_acknowledged_report_drops_its_button_though_the_rows_are_kept(client, place) -> None:
    report = _report(place)
    assert "data-acknowledge" in _row(_live(client, place), report)
    hazard_report_acknowledge(report=report, actor=place["duty"])
    assert "data-acknowledge" not in _row(_live(client, place), report)


def test_an_overdue_report_says_so_in_red(client, place) -> None:
    report = _report(place)
    HazardReport.objects.filter(pk=report.pk).update(ack_due_at=timezone.now() - timedelta(minutes=3))
    row = _row(_live(client, place), report)
    assert 'class="countdown fw-bold text-danger"' in row and "已超时" in row


def test_an_escalated_report_shows_the_badge(client, place) -> None:
    report = _report(place)
    HazardReport.objects.filter(pk=report.pk).update(escalated_at=timezone.now())
    assert "已升级" in _row(_live(client, place), report)


def test_the_acknowledge_button_works_with_the_pages_csrf_token(place) -> None:
    report = _report(place)
    client = Client(enforce_csrf_checks=True)
    body = _live(client, place)
    row = _row(body, report)
    form = re.search(r'<form id="duty-acknowledge".*?</form>', body, re.S).group(0)  # type: ignore[union-attr]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    assert 'form="duty-acknowledge"' in row
    action = re.search(r'formaction="([^"]+)"', row).group(1)  # type: ignore[union-attr]
    assert action == reverse("hazard_reports:acknowledge", args=[report.pk])
    client.post(action, {"csrfmiddlewaretoken": token})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED


def test_an_acknowledged_report_has_neither_the_button_nor_the_clock(client, place) -> None:
    report = hazard_report_acknowledge(report=_report(place), actor=place["duty"])
    row = _row(_live(client, place), report)
    assert "data-acknowledge" not in row and "data-due-at" not in row
    assert f'href="{report.get_absolute_url()}"' in row
    assert 'class=""' in row


def test_an_address_is_escaped(client, place) -> None:
    report = _report(place, address="<b>友谊街</b>")
    row = _row(_live(client, place), report)
    assert "&lt;b&gt;友谊街&lt;/b&gt;" in row and "<b>" not in row


def test_a_recently_closed_report_is_listed_with_its_link_and_time(client, place) -> None:
    report = _report(place, address="胜利路3号")
    closed_at = timezone.now() - timedelta(hours=1)
    HazardReport.objects.filter(pk=report.pk).update(status=ReportStatus.CLOSED, closed_at=closed_at)
    body = _live(client, place)
    assert "最近办结" in body
    assert (f'<li><a href="{report.get_absolute_url()}">#{report.pk}</a> 胜利路3号 · '
            f"{timezone.localtime(closed_at):%m-%d %H:%M}</li>") in body
    assert f'data-report="{report.pk}"' not in body


def test_with_no_open_report_the_table_says_so(client, place) -> None:
    assert "没有待办举报。" in _live(client, place)


def test_the_page_and_its_fragment_show_the_same_rows(client, place) -> None:
    first = _report(place)
    second = hazard_report_acknowledge(report=_report(place, grid=None), actor=place["duty"])
    fragment = _live(client, place)
    page = client.get(reverse("hazard_reports:duty")).content.decode()
    for report in (first, second):
        assert _row(page, report) == _row(fragment, report)


def test_the_fragment_costs_the_same_queries_for_one_report_or_many(client, place,
                                                                     django_assert_num_queries) -> None:
    _report(place)
    client.login(username=place["duty"].username, password=PASSWORD)
    client.get(LIVE)  # the scope cache warmed
    with django_assert_num_queries(4) as one:  # user with unit, groups, queue, closed (the session: cache)
        client.get(LIVE)
    for _ in range(5):
        _report(place, grid=None)  # no grid: not taken for duplicates of the first
    hazard_report_acknowledge(report=_report(place, grid=None), actor=place["duty"])
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(LIVE).content.decode()
    assert body.count("<tr data-report=") == 7
