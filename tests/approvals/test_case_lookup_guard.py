"""The public case lookup's guard: failed look-ups lock the client address and the case number's phone
digits (approvals.services.case_lookup), in the shared cache, without telling which numbers exist."""

from __future__ import annotations

import re

import pytest

from approvals.models import Application
from approvals.services.intake import application_accept
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db
URL = "/approvals/lookup/"


@pytest.fixture(autouse=True)
def _limits(settings):  # type: ignore[no-untyped-def]
    settings.CASE_LOOKUP_RATE_LIMIT = (100, 3600)  # the older per-address count of every try stays out of the way
    settings.CASE_LOOKUP_ADDRESS_FAILURE_LIMIT = (3, 1800)
    settings.CASE_LOOKUP_NUMBER_FAILURE_LIMIT = (3, 86400)


def _accepted(world) -> Application:  # type: ignore[no-untyped-def]
    application = make_submitted(world)  # contact phone 13912345678
    application_accept(actor=world["clerk"], application=application)
    application.refresh_from_db()
    return application


def _post(client, number: str, secret: str, address: str = "203.0.113.1"):  # type: ignore[no-untyped-def]
    return client.post(URL, {"number": number, "secret": secret}, REMOTE_ADDR=address)


def _alert(page: str) -> str:  # the lock's words, without its end time (a few seconds apart)
    match = re.search(r"data-locked>([^<]+)<", page)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "T", match.group(1)) if match else ""


def test_case_lookup_locks_an_address_after_its_failures(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for n in range(3):
        _post(client, f"SY-TX-2026-{n:06d}", "0000")
    response = _post(client, application.number, application.printed_query_code)
    assert response.status_code == 429 and "data-locked" in response.content.decode()
    assert "data-case-result" not in response.content.decode()


def test_case_lookup_address_lock_leaves_other_addresses_alone(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for n in range(3):
        _post(client, f"SY-TX-2026-{n:06d}", "0000")
    assert _post(client, application.number, "5678", address="198.51.100.7").status_code == 200


def test_case_lookup_locks_a_numbers_phone_digits_across_addresses(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for n in range(3):
        _post(client, application.number, f"{n:04d}", address=f"198.51.100.{n + 1}")
    response = _post(client, application.number, "5678", address="192.0.2.50")  # right digits, fresh address
    assert response.status_code == 429 and "data-case-result" not in response.content.decode()
    assert int(response["Retry-After"]) > 3600


def test_case_lookup_number_lock_does_not_tell_whether_the_number_exists(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for n in range(3):
        _post(client, application.number, f"{n:04d}", address=f"198.51.100.{n + 1}")
        _post(client, "SY-TX-2026-999999", f"{n:04d}", address=f"198.51.100.{n + 11}")
    real = _post(client, application.number, "1111", address="192.0.2.50")
    unknown = _post(client, "SY-TX-2026-999999", "1111", address="192.0.2.51")
    assert real.status_code == unknown.status_code == 429
    assert _alert(real.content.decode()) == _alert(unknown.content.decode()) != ""


def test_case_lookup_query_code_opens_a_number_whose_phone_digits_are_locked(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for n in range(3):
        _post(client, application.number, f"{n:04d}", address=f"198.51.100.{n + 1}")
    response = _post(client, application.number, application.printed_query_code, address="192.0.2.50")
    assert response.status_code == 200 and "data-case-result" in response.content.decode()


def test_case_lookup_successes_do_not_lock(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for _ in range(5):
        assert _post(client, application.number, "5678").status_code == 200


def test_case_lookup_success_forgets_the_numbers_failures(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for n in range(2):
        _post(client, application.number, f"{n:04d}", address=f"198.51.100.{n + 1}")
    _post(client, application.number, "5678", address="192.0.2.50")
    _post(client, application.number, "0009", address="192.0.2.51")
    assert _post(client, application.number, "5678", address="192.0.2.52").status_code == 200
