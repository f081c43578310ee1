"""Abuse protection of the public form: rate limits per client and per phone (the client address: tests/security)."""

from __future__ import annotations

from django.test import override_settings

from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.roles import Role
from tests.factories import staff
from tests.hazard_reports.conftest import form_data

URL = "/reports/"


def test_a_burst_of_200_submissions_is_rate_limited_without_errors(client, place) -> None:
    # given one client posting 200 reports (different places, so none is a duplicate)
    statuses = []
    for i in range(200):
        data = form_data(place, grid="", address=f"友谊街{i}号", description=f"第{i}次", category="other")
        statuses.append(client.post(URL, data, REMOTE_ADDR="203.0.113.7").status_code)
    # then the first ten are accepted and the rest refused with 429, never a server error
    assert statuses[:10] == [302] * 10
    assert set(statuses[10:]) == {429}
    assert HazardReport.objects.count() == 10


def test_the_429_page_explains_and_keeps_what_was_typed(client, place) -> None:
    with override_settings(HAZARD_REPORT_RATE_LIMITS={"ip": (0, 600)}):
        response = client.post(URL, form_data(place, description="楼道堆物很严重"), REMOTE_ADDR="203.0.113.8")
    body = response.content.decode()
    assert response.status_code == 429
    assert "楼道堆物很严重" in body and "119" in body
    assert response["Retry-After"] == "600"


def test_another_client_is_not_limited(client, place) -> None:
    with override_settings(HAZARD_REPORT_RATE_LIMITS={"ip": (1, 600)}):
        client.post(URL, form_data(place), REMOTE_ADDR="203.0.113.9")
        response = client.post(URL, form_data(place, category="other"), REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 302


@override_settings(HAZARD_REPORT_RATE_LIMITS={"phone": (2, 86400)})
def test_one_phone_number_is_limited_across_clients(client, place) -> None:
    statuses = [client.post(URL, form_data(place, grid="", category="other", address=f"{i}号",
                                           reporter_phone="139 0000 0001"), REMOTE_ADDR=f"198.51.100.{i}").status_code
                for i in range(3)]
    assert statuses == [302, 302, 429]


def test_an_oversized_body_is_refused_before_it_is_read(client, place) -> None:
    response = client.post(URL, form_data(place), CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert not HazardReport.objects.exists()


@override_settings(HAZARD_REPORT_RATE_LIMITS={"ip": (2, 600)})
def test_a_signed_in_grid_manager_is_not_refused_by_the_addresss_limit(client, place) -> None:
    # given residents on the same community Wi-Fi have used up the address's limit
    for i in range(2):
        client.post(URL, form_data(place, grid="", category="other", address=f"{i}号"), REMOTE_ADDR="203.0.113.20")
    # when a grid manager reports from patrol through the same address
    client.force_login(staff(Role.GRID_MANAGER, place["grid"], full_name="陈静", phone="13912345678"))
    response = client.post(URL, form_data(place, address="和平路8号"), REMOTE_ADDR="203.0.113.20")
    # then the report is received
    assert response.status_code == 302
    assert HazardReport.objects.filter(address="和平路8号").exists()


@override_settings(HAZARD_REPORT_RATE_LIMITS={"ip": (2, 600)})
def test_a_grid_manager_s_reports_do_not_use_up_the_residents_limit(client, place) -> None:
    manager = staff(Role.GRID_MANAGER, place["grid"], full_name="陈静", phone="13912345678")
    client.force_login(manager)
    for i in range(3):
        client.post(URL, form_data(place, grid="", category="other", address=f"{i}号"), REMOTE_ADDR="203.0.113.21")
    client.logout()
    response = client.post(URL, form_data(place, address="和平路9号"), REMOTE_ADDR="203.0.113.21")
    assert response.status_code == 302


@override_settings(HAZARD_REPORT_RATE_LIMITS={"ip": (2, 600)})
def test_a_submission_refused_for_its_errors_is_not_counted(client, place) -> None:
    # given two submissions refused for a missing description
    for _ in range(2):
        assert client.post(URL, form_data(place, description=""), REMOTE_ADDR="203.0.113.22").status_code == 400
    # then the resident's corrected report is still received
    response = client.post(URL, form_data(place), REMOTE_ADDR="203.0.113.22")
    assert response.status_code == 302
