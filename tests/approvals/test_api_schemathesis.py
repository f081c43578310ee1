"""Property-based run of the filing API against its own OpenAPI schema (schemathesis, in-process WSGI).

Every operation of /api/v1/ gets generated requests (valid and invalid), sent with a token as a
verified enterprise user and as a window clerk (staff). Whatever the input, every answer must conform
to the schema (issue 23 §3): never a 5xx, a status code the operation documents, the documented content
type and a body of the documented shape (errors included), and input the schema calls invalid refused
with a 4xx. Path ids are steered onto real applications in each state (and the caller's neighbour's) so
that the generated bodies reach the services instead of stopping at a 404.

Runtime: a few examples per operation and user, derandomized (the same cases on every run); about two
minutes on SQLite.
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
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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


@pytest.fixture(params=["enterprise", "staff"])
def filing_world(request, approvals_world, settings, tmp_path: Path, wsgi_in_test_transaction) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A caller with a token (a verified enterprise user, or a window clerk of the same brigade), and
    applications in the states the API meets."""
    settings.MEDIA_ROOT = tmp_path / "media"
    other = application_create(actor=approvals_world["other_applicant"], matter=Matter.objects.get(code="acceptance"),
                               enterprise=approvals_world["other_enterprise"], **PROJECT)
    caller = approvals_world["applicant"] if request.param == "enterprise" else approvals_world["clerk"]
    return {
        "token": Token.objects.create(user=caller).key,
        "username": caller.username,
        "ids": [
            make_draft(approvals_world).pk,  # complete draft: submit, edit, upload, withdraw all succeed
            make_draft(approvals_world, upload=False).pk,  # empty draft: submit lists what is missing
            make_submitted(approvals_world).pk,  # with the window: edits refused, the clerk takes it in
            other.pk,  # someone else's: 404 for the enterprise user, readable for the clerk
        ],
    }


def steer(case: Any, world: dict[str, Any]) -> None:
    """Point about half of the generated cases at real data, as a function of the generated values
    (so that Hypothesis can replay and shrink a failure): an existing application, a real matter,
    a required material, a real PDF. The other half keeps what was generated. A case generated to be
    invalid is sent as generated: steering could make it valid, and it must be refused as it is."""
    if case._meta is not None and case._meta.generation.mode == GenerationMode.NEGATIVE:
        return
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


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]


@schema.parametrize()
@hypothesis.settings(max_examples=12, deadline=None, database=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.filter_too_much, HealthCheck.data_too_large])
@pytest.mark.django_db
def test_api_answers_conform_to_the_schema(case, filing_world) -> None:  # type: ignore[no-untyped-def]
    steer(case, filing_world)
    cache.clear()  # the token endpoint's throttle (tested on its own) would answer 429 to most examples
    response = case.call(headers={"Authorization": f"Token {filing_world['token']}"})
    case.validate_response(response, checks=CHECKS)
