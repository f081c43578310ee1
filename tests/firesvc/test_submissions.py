"""One-time submission tokens (firesvc.core.submissions): one record per token, also under a race."""

from __future__ import annotations

import uuid

import pytest
from django.test import RequestFactory

from firesvc.accounts.models import OrgUnit
from firesvc.core.submissions import Submission
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_a_token_makes_one_record_and_then_answers_with_it() -> None:
    submission = Submission(token=uuid.uuid4())
    first = submission.record(lambda: OrgUnitFactory())
    second = submission.record(lambda: OrgUnitFactory())
    assert second == first
    assert OrgUnit.objects.count() == 1


def test_without_a_token_every_submission_makes_a_record() -> None:
    Submission(token=None).record(lambda: OrgUnitFactory())
    Submission(token=None).record(lambda: OrgUnitFactory())
    assert OrgUnit.objects.count() == 2


def test_a_failed_creation_leaves_the_token_free_for_the_corrected_form() -> None:
    submission = Submission(token=uuid.uuid4())

    def fail() -> OrgUnit:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        submission.record(fail)
    assert submission.record(lambda: OrgUnitFactory()) == OrgUnit.objects.get()


def _api_post(key: str, user_pk: int):  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/", HTTP_IDEMPOTENCY_KEY=key)
    request.user = type("Caller", (), {"pk": user_pk, "is_authenticated": True})()
    return request


def test_an_idempotency_key_is_one_submission_per_user() -> None:
    assert Submission.of(_api_post("k1", 1)).token == Submission.of(_api_post("k1", 1)).token
    assert Submission.of(_api_post("k1", 1)).token != Submission.of(_api_post("k1", 2)).token
    assert Submission.of(_api_post("k1", 1)).token != Submission.of(_api_post("k2", 1)).token


def test_a_malformed_form_token_is_no_token() -> None:
    request = RequestFactory().post("/", {"submission_token": "not-a-uuid"})
    assert Submission.of(request).token is None
