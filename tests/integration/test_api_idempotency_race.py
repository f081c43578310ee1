"""Two requests with the same Idempotency-Key at the same moment create one record (issue 23 §2).

The key's unique row is claimed in the transaction that creates the draft: the second request waits on
it until the first commits, then answers with the first answer. PostgreSQL only: SQLite serialises
every writer, so there would be no race to test.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import approvals.api
from approvals.catalogue import load_catalogue
from approvals.models import Application, MaterialRequirement, Matter
from firesvc.core.models import IdempotencyKey
from firesvc.sla.services import load_rule_sets
from tests.approvals.test_api import APPLICATIONS, PROJECT_JSON
from tests.factories import EnterpriseFactory, enterprise_user, unit_chain

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def token() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers; the race needs PostgreSQL")
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    enterprise = EnterpriseFactory(brigade=unit_chain("idem")["brigade"])
    return Token.objects.create(user=enterprise_user(enterprise)).key


def test_two_simultaneous_requests_with_one_key_create_one_draft(token, monkeypatch) -> None:
    create = approvals.api.application_create

    def slow_create(**kwargs: Any) -> Application:
        application = create(**kwargs)
        time.sleep(0.5)  # the first request holds its key while the second one arrives
        return application

    monkeypatch.setattr(approvals.api, "application_create", slow_create)
    barrier = threading.Barrier(2)
    answers: list[tuple[int, Any]] = []

    def send() -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait(timeout=10)
            response = client.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json",
                                   HTTP_IDEMPOTENCY_KEY="race-1")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [status for status, _body in answers] == [201, 201]
    assert answers[0][1] == answers[1][1]
    assert Application.objects.count() == 1
    assert IdempotencyKey.objects.get().key == "race-1"


def test_two_simultaneous_requests_with_one_key_and_different_bodies_create_one(token, monkeypatch) -> None:
    create = approvals.api.application_create

    def slow_create(**kwargs: Any) -> Application:
        application = create(**kwargs)
        time.sleep(0.5)
        return application

    monkeypatch.setattr(approvals.api, "application_create", slow_create)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send(name: str) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait(timeout=10)
            response = client.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON, "project_name": name},
                                   format="json", HTTP_IDEMPOTENCY_KEY="race-2")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("甲项目", "乙项目")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [201, 422]
    assert Application.objects.count() == 1
