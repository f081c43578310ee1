"""The case lookup (办件查询) and a hazard report's tracking code: both are called 查询码, so a resident may type
the one into the other's page."""

from __future__ import annotations

import pytest

from firesvc.sla.services import load_rule_sets
from tests.factories import unit_chain
from tests.hazard_reports.conftest import submit_report

pytestmark = pytest.mark.django_db
URL = "/approvals/lookup/"


@pytest.fixture
def units():  # type: ignore[no-untyped-def]
    load_rule_sets()
    return unit_chain("h")


def test_the_case_lookup_points_to_the_hazard_report_lookup(client) -> None:
    page = client.get(URL).content.decode()
    assert 'href="/reports/t/"' in page.split("data-hazard-hint")[1].split("</p>")[0]


def test_a_case_not_found_points_to_the_hazard_report_lookup(client) -> None:
    page = client.post(URL, {"number": "SY-TX-2026-000011", "secret": "7KQ4-MX2P"}).content.decode()
    assert 'href="/reports/t/"' in page.split("data-hazard-hint-not-found")[1].split("</p>")[0]


def test_a_hazard_tracking_code_typed_as_the_query_code_opens_the_report(client, units) -> None:
    report = submit_report(units)
    response = client.post(URL, {"number": "", "secret": report.tracking_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == report.get_tracking_url()


def test_a_hazard_tracking_code_typed_as_the_case_number_opens_the_report(client, units) -> None:
    report = submit_report(units)
    code = report.tracking_code
    response = client.post(URL, {"number": f"{code[:5]}-{code[5:10]}-{code[10:]}", "secret": "1234"})
    assert response["Location"] == report.get_tracking_url()
