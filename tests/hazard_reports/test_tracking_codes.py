"""Tracking codes a reporter can read off a phone and type back: no look-alikes in new codes, and the lookup
forgiving case, hyphens, spaces and look-alikes (old codes included), in one probe of the codes' index."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from feedback.hazard_reports.models import (
    TRACKING_ALPHABET,
    HazardReport,
    new_tracking_code,
    normalise_tracking_code,
)
from feedback.hazard_reports.selectors import report_for_code
from feedback.hazard_reports.services.reports import hazard_report_submit

OLD_CODE = "aB3_x-Yz9Kq0"  # as secrets.token_urlsafe(9) gave them before


def _submit(units, **kwargs):  # type: ignore[no-untyped-def]
    return hazard_report_submit(category="electrical", subdistrict=units["subdistrict"],
                                community=units["community"], grid=units["grid"], address="友谊街12号",
                                description="电线裸露", reporter_phone="13912345678", **kwargs)


def _with_code(units, code: str) -> HazardReport:  # type: ignore[no-untyped-def]
    report = _submit(units)
    report.tracking_code = code
    report.save(update_fields=["tracking_code", "tracking_key"])
    return report


def test_new_codes_have_no_look_alikes_and_no_small_letters() -> None:
    codes = [new_tracking_code() for _ in range(200)]
    assert set("".join(codes)) <= set(TRACKING_ALPHABET)
    assert not set("".join(codes)) & set("ILOUilou")
    assert {len(code) for code in codes} == {15}


def test_a_new_code_is_its_own_normal_form() -> None:
    code = new_tracking_code()
    assert normalise_tracking_code(code) == code


def test_the_normal_form_drops_spaces_and_hyphens_and_reads_look_alikes_as_digits() -> None:
    assert normalise_tracking_code(" ab-cd ef－gh ") == "ABCDEFGH"
    assert normalise_tracking_code("oOiIlL") == "001111"
    assert normalise_tracking_code("ＡＢ１２") == "AB12"  # typed with a full-width keyboard


def test_lookup_finds_a_code_typed_in_small_letters_with_hyphens(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _with_code(place, "7KQ2M-9XH4V-3RT8Z".replace("-", ""))
    response = client.post(reverse("hazard_reports:lookup"), {"code": "7kq2m-9xh4v 3rt8z"})
    assert response["Location"] == report.get_tracking_url()


def test_lookup_reads_o_as_zero_and_i_or_l_as_one(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _with_code(place, "10K1M09XH4V3RT8")
    response = client.post(reverse("hazard_reports:lookup"), {"code": "IOKlMo9XH4V3RT8"})
    assert response["Location"] == report.get_tracking_url()


def test_an_old_code_is_still_found_as_given(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _with_code(place, OLD_CODE)
    response = client.post(reverse("hazard_reports:lookup"), {"code": OLD_CODE})
    assert response["Location"] == report.get_tracking_url()
    assert client.get(report.get_tracking_url()).status_code == 200


def test_an_old_code_is_found_in_capitals_too(place) -> None:  # type: ignore[no-untyped-def]
    report = _with_code(place, OLD_CODE)
    assert report_for_code(OLD_CODE.upper()) == report


def test_the_tracking_page_of_a_mistyped_code_sends_to_the_reports_address(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _with_code(place, "10K1M09XH4V3RT8")
    response = client.get(reverse("hazard_reports:track", args=["iok1mo9xh4v3rt8"]))
    assert response.status_code == 302
    assert response["Location"] == report.get_tracking_url()


def test_two_codes_of_one_normal_form_cannot_both_be_stored(place) -> None:  # type: ignore[no-untyped-def]
    _with_code(place, "10K1M09XH4V3RT8")
    with pytest.raises(IntegrityError), transaction.atomic():
        _with_code(place, "iok1mo9xh4v3rt8")


def test_the_lookup_is_one_probe_of_the_codes_index(place, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    report = _with_code(place, "10K1M09XH4V3RT8")
    with django_assert_num_queries(1) as captured:
        assert report_for_code("iok1-mo9x-h4v3-rt8") == report
    sql = captured.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a table of one row is read whole otherwise
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}" if connection.vendor == "sqlite" else f"EXPLAIN {sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "tracking_key" in plan  # SQLite: SEARCH ... USING INDEX (tracking_key=?); PostgreSQL: Index Scan
    assert "SCAN" not in plan and "Seq Scan" not in plan
