"""Open311 GeoReport v2 conformance: every endpoint in JSON and XML, and the spec's errors."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest

from feedback.hazard_reports.models import ApiKey, HazardReport
from feedback.hazard_reports.services.reports import hazard_report_submit

BASE = "/open311/v2"
FORMATS = ["json", "xml"]
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def _parse(response):  # type: ignore[no-untyped-def]
    """JSON as Python; XML as the root element."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own response under test


def _errors(response, fmt):  # type: ignore[no-untyped-def]
    doc = _parse(response)
    if fmt == "json":
        return [(e["code"], e["description"]) for e in doc]
    assert doc.tag == "errors"
    return [(int(e.findtext("code")), e.findtext("description")) for e in doc.findall("error")]


def _requests(response, fmt):  # type: ignore[no-untyped-def]
    doc = _parse(response)
    if fmt == "json":
        return doc
    assert doc.tag == "service_requests"
    return [{child.tag: child.text for child in request} for request in doc.findall("request")]


@pytest.fixture
def api_key(place):  # type: ignore[no-untyped-def]
    return ApiKey.objects.create(name="app", default_unit=place["subdistrict"])


@pytest.fixture
def report(place):  # type: ignore[no-untyped-def]
    return hazard_report_submit(category="electrical", subdistrict=place["subdistrict"], community=place["community"],
                                grid=place["grid"], address="友谊街12号", description="电线裸露")


def _post(client, fmt, **fields):  # type: ignore[no-untyped-def]
    return client.post(f"{BASE}/requests.{fmt}", fields)


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_lists_the_v2_endpoint_and_both_formats(client, db, fmt) -> None:
    doc = _parse(client.get(f"{BASE}/discovery.{fmt}"))
    if fmt == "json":
        endpoint = doc["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    else:
        assert doc.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
        assert {f.text for f in doc.findall("endpoints/endpoint/formats/format")} == {"text/xml", "application/json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_lists_the_five_categories(client, db, fmt) -> None:
    doc = _parse(client.get(f"{BASE}/services.{fmt}"))
    codes = [s["service_code"] for s in doc] if fmt == "json" else [s.findtext("service_code") for s in doc]
    assert codes == ["blocked_exit", "fire_system_off", "electrical", "flammables", "other"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_of_a_known_code(client, db, fmt) -> None:
    doc = _parse(client.get(f"{BASE}/services/electrical.{fmt}"))
    code = doc["service_code"] if fmt == "json" else doc.findtext("service_code")
    assert code == "electrical"


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_of_an_unknown_code_is_404(client, db, fmt) -> None:
    response = client.get(f"{BASE}/services/potholes.{fmt}")
    assert response.status_code == 404
    assert _errors(response, fmt)[0][0] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_creates_a_request_and_answers_with_its_id_not_a_token(client, place, api_key, fmt) -> None:
    response = _post(client, fmt, api_key=api_key.key, service_code="flammables", lat="41.57", long="120.45",
                     address_id=place["grid"].code, description="汽油桶", first_name="王")
    assert response.status_code == 201
    row = _requests(response, fmt)[0]
    report = HazardReport.objects.get(pk=int(row["service_request_id"]))
    assert not row.get("token")  # GeoReport v2: service_request_id or token, not both
    assert report.grid == place["grid"] and report.channel == "open311"


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_without_address_id_uses_the_key_default_place(client, place, api_key, fmt) -> None:
    _post(client, fmt, api_key=api_key.key, service_code="other", address_string="朝阳大街1号", description="x")
    assert HazardReport.objects.get().subdistrict == place["subdistrict"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_a_bad_api_key_is_403(client, place, api_key, fmt) -> None:
    response = _post(client, fmt, api_key="wrong", service_code="other", address_string="x", description="x")
    assert response.status_code == 403
    assert _errors(response, fmt)[0][0] == 403
    assert not HazardReport.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_without_an_api_key_is_403(client, place, fmt) -> None:
    response = _post(client, fmt, service_code="other", address_string="x", description="x")
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_an_unknown_service_code_is_404(client, place, api_key, fmt) -> None:
    response = _post(client, fmt, api_key=api_key.key, service_code="potholes", address_string="x", description="x")
    assert response.status_code == 404
    assert "potholes" in _errors(response, fmt)[0][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_without_a_location_is_400(client, place, api_key, fmt) -> None:
    response = _post(client, fmt, api_key=api_key.key, service_code="other", description="x")
    assert response.status_code == 400
    assert _errors(response, fmt)[0][0] == 400


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("lat", "lng"), [("91", "120"), ("abc", "120"), ("41.5", ""), ("41.5", "NaN")])
def test_post_with_bad_coordinates_is_400(client, place, api_key, fmt, lat, lng) -> None:
    response = _post(client, fmt, api_key=api_key.key, service_code="other", lat=lat, long=lng, description="x")
    assert response.status_code == 400
    assert _errors(response, fmt)[0][0] == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_an_unknown_address_id_is_400(client, place, api_key, fmt) -> None:
    response = _post(client, fmt, api_key=api_key.key, service_code="other", address_id="nowhere", description="x")
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_without_a_description_is_accepted(client, place, api_key, fmt) -> None:
    response = _post(client, fmt, api_key=api_key.key, service_code="other", address_string="x",
                     address_id=place["grid"].code)
    assert response.status_code == 201
    assert HazardReport.objects.get().description


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_takes_a_description_of_4000_characters_not_more(client, place, api_key, fmt) -> None:
    ok = _post(client, fmt, api_key=api_key.key, service_code="other", address_id=place["grid"].code,
               description="楼" * 4000)
    too_long = _post(client, fmt, api_key=api_key.key, service_code="other", address_id=place["grid"].code,
                     description="楼" * 4001)
    assert (ok.status_code, too_long.status_code) == (201, 400)


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_lists_open_requests_with_iso_times(client, report, fmt) -> None:
    rows = _requests(client.get(f"{BASE}/requests.{fmt}"), fmt)
    assert [r["service_request_id"] for r in rows] == [str(report.pk)]
    assert rows[0]["status"] == "open"
    assert ISO_WITH_OFFSET.match(rows[0]["requested_datetime"])
    assert ISO_WITH_OFFSET.match(rows[0]["expected_datetime"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_filters_by_ids(client, place, report, fmt) -> None:
    hazard_report_submit(category="other", subdistrict=place["subdistrict"], address="别处", description="y")
    rows = _requests(client.get(f"{BASE}/requests.{fmt}", {"service_request_id": f"{report.pk}"}), fmt)
    assert [r["service_request_id"] for r in rows] == [str(report.pk)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_filters_by_service_code_and_status(client, report, fmt) -> None:
    assert _requests(client.get(f"{BASE}/requests.{fmt}", {"service_code": "other"}), fmt) == []
    assert _requests(client.get(f"{BASE}/requests.{fmt}", {"status": "closed"}), fmt) == []
    assert len(_requests(client.get(f"{BASE}/requests.{fmt}", {"status": "open"}), fmt)) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_filters_by_dates(client, report, fmt) -> None:
    assert _requests(client.get(f"{BASE}/requests.{fmt}", {"start_date": "2099-01-01T00:00:00+08:00"}), fmt) == []
    rows = _requests(client.get(f"{BASE}/requests.{fmt}", {"start_date": "2000-01-01T00:00:00Z"}), fmt)
    assert len(rows) == 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", [{"start_date": "yesterday"}, {"status": "pending"}, {"status": "open,pending"},
                                   {"service_request_id": "1,abc"}])
def test_get_requests_with_bad_filters_is_400(client, db, fmt, query) -> None:
    response = client.get(f"{BASE}/requests.{fmt}", query)
    assert response.status_code == 400
    assert _errors(response, fmt)[0][0] == 400


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("codes", ["potholes", "other,potholes"])
def test_get_requests_with_an_unknown_service_code_is_404(client, db, fmt, codes) -> None:
    assert client.get(f"{BASE}/requests.{fmt}", {"service_code": codes}).status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_takes_lists_of_service_codes_and_statuses(client, place, fmt) -> None:
    wanted = [hazard_report_submit(category=code, subdistrict=place["subdistrict"], address="友谊街", description="d")
              for code in ("electrical", "flammables")]
    hazard_report_submit(category="other", subdistrict=place["subdistrict"], address="友谊街", description="d")
    rows = _requests(client.get(f"{BASE}/requests.{fmt}", {"service_code": "electrical,flammables",
                                                           "status": "open,closed"}), fmt)
    assert sorted(int(r["service_request_id"]) for r in rows) == sorted(r.pk for r in wanted)


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_one_request(client, report, fmt) -> None:
    rows = _requests(client.get(f"{BASE}/requests/{report.pk}.{fmt}"), fmt)
    assert rows[0]["service_code"] == "electrical" and rows[0]["address_id"] == report.grid.code


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_an_unknown_request_is_404(client, db, fmt) -> None:
    response = client.get(f"{BASE}/requests/999999.{fmt}")
    assert response.status_code == 404
    assert _errors(response, fmt)[0][0] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_gives_the_request_id(client, report, fmt) -> None:
    rows = _requests(client.get(f"{BASE}/tokens/{report.tracking_code}.{fmt}"), fmt)
    assert rows[0]["service_request_id"] == str(report.pk)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_token_is_404(client, db, fmt) -> None:
    response = client.get(f"{BASE}/tokens/nope.{fmt}")
    assert response.status_code == 404


def test_a_closed_request_says_closed_with_the_reply_as_notes(client, place, report) -> None:
    from feedback.hazard_reports.services.reports import hazard_report_acknowledge, hazard_report_close

    hazard_report_close(report=hazard_report_acknowledge(report=report, actor=place["duty"]), actor=place["duty"],
                        reply="不属实")
    row = _requests(client.get(f"{BASE}/requests/{report.pk}.json"), "json")[0]
    assert (row["status"], row["status_notes"], row["expected_datetime"]) == ("closed", "不属实", None)


def test_an_unknown_resource_answers_in_the_error_format(client, db) -> None:
    response = client.get(f"{BASE}/nothing.xml")
    assert response.status_code == 404
    assert _errors(response, "xml")[0][0] == 404


def test_put_is_refused_in_the_error_format(client, db) -> None:
    response = client.put(f"{BASE}/services.json")
    assert response.status_code == 405
    assert _errors(response, "json")[0][0] == 405


def test_xml_stays_well_formed_with_control_characters(client, place) -> None:
    hazard_report_submit(category="other", subdistrict=place["subdistrict"], address="a\x01b", description="c\x0bd")
    rows = _requests(client.get(f"{BASE}/requests.xml"), "xml")
    assert (rows[0]["address"], rows[0]["description"]) == ("ab", "cd")


def test_a_post_like_a_closed_request_is_its_own_open_request(client, place, api_key, report) -> None:
    from feedback.hazard_reports.services.reports import hazard_report_acknowledge, hazard_report_close

    # given a closed request of the grid, with its reply
    hazard_report_close(report=hazard_report_acknowledge(report=report, actor=place["duty"]), actor=place["duty"],
                        reply="已处理")
    # when an application posts the same kind of hazard at the same address (written its own way)
    response = _post(client, "json", api_key=api_key.key, service_code="electrical", address_id=place["grid"].code,
                     address_string="友谊街 １２ 号", description="又有电线裸露")
    new_id = int(_requests(response, "json")[0]["service_request_id"])
    # then it is a new, open request with its own notes, only suggested as a repeat
    assert new_id != report.pk
    row = _requests(client.get(f"{BASE}/requests/{new_id}.json"), "json")[0]
    assert (row["status"], row["address"]) == ("open", "友谊街 １２ 号")
    assert "已处理" not in row["status_notes"]
    assert HazardReport.objects.get(pk=new_id).suggested_duplicate_of == report
