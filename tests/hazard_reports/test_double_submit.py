"""A double click on the public report form stores one report (issue 23 §2)."""

from __future__ import annotations

from feedback.hazard_reports.models import HazardReport
from tests.firesvc.submitting import post_twice
from tests.hazard_reports.conftest import form_data


def test_the_same_report_sent_twice_is_stored_once_and_both_answers_show_it(client, place) -> None:
    first, second = post_twice(client, "/reports/", form_data(place))
    report = HazardReport.objects.get()
    assert first["Location"] == second["Location"] == report.get_tracking_url()


def test_two_reports_from_two_forms_are_two_reports(client, place) -> None:
    post_twice(client, "/reports/", form_data(place))
    post_twice(client, "/reports/", form_data(place, address="友谊街14号"))
    assert HazardReport.objects.count() == 2


def test_open311_takes_an_idempotency_key_per_client(client, place) -> None:
    from feedback.hazard_reports.models import ApiKey

    key = ApiKey.objects.create(name="12345 热线", key="k" * 32, default_unit=place["community"])
    data = {"api_key": key.key, "service_code": "blocked_exit", "description": "楼道堆满杂物",
            "lat": "41.8", "long": "123.4"}
    first = client.post("/open311/v2/requests.json", data, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = client.post("/open311/v2/requests.json", data, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert HazardReport.objects.count() == 1
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()


def test_open311_refuses_an_idempotency_key_reused_for_another_request(client, place) -> None:
    from feedback.hazard_reports.models import ApiKey

    key = ApiKey.objects.create(name="12345 热线", key="k" * 32, default_unit=place["community"])
    data = {"api_key": key.key, "service_code": "blocked_exit", "description": "楼道堆满杂物",
            "lat": "41.8", "long": "123.4"}
    client.post("/open311/v2/requests.json", data, HTTP_IDEMPOTENCY_KEY="abc-2")
    second = client.post("/open311/v2/requests.json", {**data, "description": "消防通道被占"},
                         HTTP_IDEMPOTENCY_KEY="abc-2")
    assert second.status_code == 422
    assert second.json()[0]["code"] == 422
    assert HazardReport.objects.count() == 1


def test_open311_answers_a_retried_xml_request_with_the_first_document(client, place) -> None:
    from feedback.hazard_reports.models import ApiKey

    key = ApiKey.objects.create(name="12345 热线", key="k" * 32, default_unit=place["community"])
    data = {"api_key": key.key, "service_code": "blocked_exit", "lat": "41.8", "long": "123.4"}
    first = client.post("/open311/v2/requests.xml", data, HTTP_IDEMPOTENCY_KEY="abc-3")
    second = client.post("/open311/v2/requests.xml", data, HTTP_IDEMPOTENCY_KEY="abc-3")
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second["Content-Type"] == first["Content-Type"]
    assert HazardReport.objects.count() == 1
