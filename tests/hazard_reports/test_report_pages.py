"""What the reporter's tracking page and the duty officer's report page say of the report's clocks: the
ten-minute promise while it waits, the check on site's limit named by the category, and a close without a check
on site said as such."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from feedback.hazard_reports.services.reports import (
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_reports_escalate_due,
)
from tests.factories import PASSWORD
from tests.hazard_reports.conftest import submit_report


def _staff_page(client, place, report) -> str:  # type: ignore[no-untyped-def]
    client.login(username=place["duty"].username, password=PASSWORD)
    return client.get(report.get_absolute_url()).content.decode()


def test_a_waiting_report_tells_the_reporter_when_the_duty_officer_will_acknowledge_it(client, place) -> None:
    report = submit_report(place)
    body = client.get(report.get_tracking_url()).content.decode()
    due = timezone.localtime(report.ack_due_at, timezone.get_default_timezone()).strftime("%H:%M")
    assert 'data-awaiting="due"' in body
    assert due in body.split('data-awaiting="due"')[1].split("</div>")[0]


def test_an_escalated_report_tells_the_reporter_it_went_to_the_unit_above(client, place) -> None:
    report = submit_report(place)
    hazard_reports_escalate_due(now=report.ack_due_at + timedelta(minutes=1))
    body = client.get(report.get_tracking_url()).content.decode()
    assert 'data-awaiting="escalated"' in body


def test_a_report_past_its_ten_minutes_not_yet_escalated_says_it_is_late(client, place) -> None:
    report = submit_report(place, now=timezone.now() - timedelta(minutes=11))
    body = client.get(report.get_tracking_url()).content.decode()
    assert 'data-awaiting="late"' in body


def test_the_check_clock_is_named_by_the_reports_category_not_the_rules(client, place) -> None:
    report = submit_report(place, category="electrical")
    body = _staff_page(client, place, report)
    assert "举报核查(其他)" not in body
    titles = [title.split("<")[0] for title in body.split("data-clock-title>")[1:]]
    with translation.override(settings.LANGUAGE_CODE):  # the page's language
        category = str(report.get_category_display())
    assert any(category in title for title in titles)


def test_closing_without_a_check_on_site_says_so_on_the_check_clock(client, place) -> None:
    report = hazard_report_acknowledge(report=submit_report(place), actor=place["duty"])
    hazard_report_close(report=report, actor=place["duty"], reply="经研判不属于火灾隐患")
    body = _staff_page(client, place, report)
    assert body.count("data-clock-stopped") == 1


def test_closing_without_a_check_on_site_says_so_to_the_reporter(client, place) -> None:
    from feedback.hazard_reports.selectors import public_steps

    report = hazard_report_acknowledge(report=submit_report(place), actor=place["duty"])
    report = hazard_report_close(report=report, actor=place["duty"], reply="经研判不属于火灾隐患")
    with translation.override(settings.LANGUAGE_CODE):
        assert public_steps(report)[-1].label == gettext("Closed with a reply, without a check on site")
