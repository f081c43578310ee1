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


def test_a_malformed_form_token_is_no_token() -> None:
    request = RequestFactory().post("/", {"submission_token": "not-a-uuid"})
    assert Submission.of(request).token is None
