"""Property-based run of the filing API against its own OpenAPI schema (schemathesis, in-process WSGI).

Every operation of /api/v1/ gets generated requests (valid and invalid), sent as a verified
enterprise user with a token; whatever the input, the API must never answer with a 5xx.
Path ids are steered onto real applications in each state (and the caller's neighbour's)
so that the generated bodies reach the services instead of stopping at a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from approvals.models import Matter
from approvals.services.applications import application_create
from tests.approvals.conftest import PDF, PROJECT, make_draft, make_submitted
from tests.factories import PASSWORD

# The schema is static: it is read once, at collection, from the app itself (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application()).include(
    path_regex=r"^/api/v1/")


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Calls through the WSGI handler must not close the test's database connection at the end of each
    request (on PostgreSQL that would end the test transaction); Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def filing_world(approvals_world, settings, tmp_path: Path, wsgi_in_test_transaction) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A verified enterprise user with a token, and applications in the states the API meets."""
    settings.MEDIA_ROOT = tmp_path / "media"
    other = application_create(actor=approvals_world["other_applicant"], matter=Matter.objects.get(code="acceptance"),
                               enterprise=approvals_world["other_enterprise"], **PROJECT)
    return {
        "token": Token.objects.create(user=approvals_world["applicant"]).key,
        "username": approvals_world["applicant"].username,
        "ids": [
            make_draft(approvals_world).pk,  # complete draft: submit, edit, upload, withdraw all succeed
            make_draft(approvals_world, upload=False).pk,  # empty draft: submit lists what is missing
            make_submitted(approvals_world).pk,  # with the window: edits and uploads are refused
            other.pk,  # someone else's: 404
        ],
    }


def steer(case: Any, world: dict[str, Any]) -> None:
    """Point about half of the generated cases at real data, as a function of the generated values
    (so that Hypothesis can replay and shrink a failure): an existing application, a real matter,
    a required material, a real PDF. The other half keeps what was generated."""
    generated = case.path_parameters.get("id") if case.path_parameters else None
    if isinstance(generated, str) and generated.isdigit():
        generated = int(generated)  # the coverage phase sends ids as strings
    if isinstance(generated, int) and generated % 2 == 0:
        case.path_parameters["id"] = world["ids"][(generated // 2) % len(world["ids"])]
    code = case.path_parameters.get("code") if case.path_parameters else None
    if isinstance(code, str) and len(code) % 2 == 0:
        case.path_parameters["code"] = "acceptance"
    body = case.body
    if not isinstance(body, dict):
        return
    if isinstance(body.get("username"), str) and len(body["username"]) % 2 == 0:
        body.update(username=world["username"], password=PASSWORD)
    if isinstance(body.get("matter"), str) and len(body["matter"]) % 2 == 0:
        body["matter"] = "acceptance"
    if isinstance(body.get("requirement"), str) and len(body["requirement"]) % 2 == 0:
        body["requirement"] = "completion_report"
    if isinstance(body.get("file"), bytes | str) and len(body["file"]) % 2 == 0:
        body["file"] = PDF


@schema.parametrize()
@hypothesis.settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
@pytest.mark.django_db
def test_api_never_answers_with_a_server_error(case, filing_world) -> None:  # type: ignore[no-untyped-def]
    steer(case, filing_world)
    cache.clear()  # the token endpoint's throttle (tested on its own) would answer 429 to most examples
    response = case.call(headers={"Authorization": f"Token {filing_world['token']}"})
    case.validate_response(response, checks=[not_a_server_error])
