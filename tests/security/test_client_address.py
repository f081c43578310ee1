"""The client address that every rate limit counts: one function, driven by ``TRUSTED_PROXY_COUNT``.

Behind a proxy each resident has a bucket of their own (not one shared by everyone, the proxy's);
without a proxy X-Forwarded-For is ignored, so nobody can pick a fresh bucket by writing one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from firesvc.security.client_address import client_address
from tests.hazard_reports.conftest import form_data, place  # noqa: F401  (place: a fixture, used by name)

ROOT = Path(__file__).resolve().parents[2]
REPORTS = "/reports/"
TOKEN = "/api/v1/auth/token/"
PROXY = "10.0.0.1"  # the address gunicorn sees behind nginx
ONE_REPORT_AN_HOUR = {"ip": (1, 3600), "phone": (1_000, 86400)}


def _address(forwarded: str | None = None, remote: str = PROXY) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_client_address_without_a_proxy_ignores_forwarded_for() -> None:
    assert _address("1.2.3.4") == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_through_one_proxy_takes_the_right_most_address() -> None:
    assert _address("6.6.6.6, 1.2.3.4") == "1.2.3.4"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_address_through_two_proxies_takes_the_second_from_the_right() -> None:
    assert _address("6.6.6.6, 1.2.3.4, 10.0.0.2") == "1.2.3.4"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_skips_what_the_client_wrote_even_if_it_is_not_an_address() -> None:
    assert _address("not-an-address, 1.2.3.4") == "1.2.3.4"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_address_with_a_shorter_chain_than_configured_is_the_proxys() -> None:
    # Fewer entries than proxies: nothing in the header is vouched for.
    assert _address("1.2.3.4") == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_behind_a_proxy_without_the_header_is_remote_addr() -> None:
    assert _address(None) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_reads_ipv6() -> None:
    assert _address("2001:db8::7") == "2001:db8::7"


def test_client_address_is_also_the_one_django_axes_counts() -> None:
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert settings.AXES_CLIENT_IP_CALLABLE == "firesvc.security.client_address.client_address"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert get_client_ip_address(request) == "203.0.113.7"


# --- the public hazard report form ----------------------------------------------------------

def _report(client, units, *, forwarded: str) -> int:  # type: ignore[no-untyped-def]
    return client.post(REPORTS, form_data(units), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, HAZARD_REPORT_RATE_LIMITS=ONE_REPORT_AN_HOUR)
def test_hazard_reports_behind_a_proxy_give_each_resident_a_bucket(client, place) -> None:  # noqa: F811
    # given: one resident used up their report through the proxy
    assert _report(client, place, forwarded="198.51.100.1") == 302
    assert _report(client, place, forwarded="198.51.100.1") == 429
    # when / then: a neighbour behind the same proxy can still report
    assert _report(client, place, forwarded="198.51.100.2") == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, HAZARD_REPORT_RATE_LIMITS=ONE_REPORT_AN_HOUR)
def test_hazard_reports_behind_a_proxy_a_forged_header_does_not_open_a_new_bucket(client, place) -> None:  # noqa: F811
    assert _report(client, place, forwarded="198.51.100.1") == 302
    # nginx appends the real address to whatever the client wrote
    assert _report(client, place, forwarded="192.0.2.99, 198.51.100.1") == 429


@pytest.mark.django_db
@override_settings(HAZARD_REPORT_RATE_LIMITS=ONE_REPORT_AN_HOUR)
def test_hazard_reports_without_a_proxy_a_forged_header_does_not_open_a_new_bucket(client, place) -> None:  # noqa: F811
    assert _report(client, place, forwarded="198.51.100.1") == 302
    assert _report(client, place, forwarded="198.51.100.2") == 429


# --- the API token endpoint (DRF throttle, 10 a minute) ------------------------------------

def _token_attempts(forwarded: list[str]) -> list[int]:
    client = APIClient()
    return [client.post(TOKEN, {"username": "nobody", "password": "guess"}, format="json",
                        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address).status_code for address in forwarded]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_api_token_throttle_behind_a_proxy_gives_each_resident_a_bucket() -> None:
    assert _token_attempts(["198.51.100.1"] * 11 + ["198.51.100.2"]) == [400] * 10 + [429, 400]


@pytest.mark.django_db
def test_api_token_throttle_without_a_proxy_ignores_a_forged_header() -> None:
    assert _token_attempts([f"198.51.100.{n}" for n in range(11)]) == [400] * 10 + [429]


# --- the setting -----------------------------------------------------------------------------

def _settings_import(**env: str) -> subprocess.CompletedProcess[str]:
    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False, env={**os.environ, "DJANGO_SETTINGS_MODULE": "firesvc.settings.test", **env})


def test_trusted_proxy_count_is_read_from_the_environment() -> None:
    assert _settings_import(TRUSTED_PROXY_COUNT="1").stdout.strip() == "1"


def test_the_old_axes_proxy_variables_are_refused_rather_than_ignored() -> None:
    done = _settings_import(AXES_IPWARE_PROXY_COUNT="1")
    assert done.returncode != 0 and "replaced by TRUSTED_PROXY_COUNT" in done.stderr
