"""Rating a stage of a case (一事多评): the service's rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.enums import ApplicationStatus
from firesvc.audit.models import AuditEvent
from firesvc.reviews.enums import Channel, FollowUpStatus, Item, Level, Stage
from firesvc.reviews.models import FollowUp, Review
from firesvc.reviews.services import review_submit
from tests.reviews.conftest import application_kind, decided

pytestmark = pytest.mark.django_db


def _rate(world, application, *, stage=Stage.COMPLETION, level=Level.SATISFIED, items=(Item.EFFICIENCY,),
          channel=Channel.ONLINE, rater="applicant", comment=""):
    return review_submit(kind=application_kind(), case=application, stage=stage, channel=channel, level=level,
                         items=items, comment=comment, rater=world[rater] if rater else None)


def test_review_submit_records_level_items_and_whose_work(world):
    application = decided(world)
    review = _rate(world, application, items=[Item.PLATFORM, Item.EFFICIENCY], comment="很快")
    assert (review.level, review.score, review.items) == (Level.SATISFIED, 4, [Item.EFFICIENCY, Item.PLATFORM])
    assert review.unit == world["brigade"] and review.matter_key == "acceptance"
    assert review.rater == world["applicant"] and review.comment == "很快"


def test_review_submit_intake_stage_counts_against_the_accepting_clerk_and_window(world):
    review = _rate(world, decided(world), stage=Stage.ACCEPTANCE)
    assert (review.clerk, review.window) == (world["clerk"], "3号窗口")


def test_review_submit_writes_audit_event_on_the_case(world):
    application = decided(world)
    review = _rate(world, application)
    event = AuditEvent.objects.get(action="review.submit")
    assert event.object_id == str(application.pk) and event.data["review"] == review.pk


def test_review_submit_each_stage_once(world):
    application = decided(world)
    _rate(world, application, stage=Stage.ACCEPTANCE)
    _rate(world, application, stage=Stage.COMPLETION)
    with pytest.raises(ValidationError, match=r"already been rated|已评价过"):
        _rate(world, application, stage=Stage.COMPLETION, level=Level.VERY_SATISFIED)
    assert Review.objects.count() == 2


def test_review_submit_refuses_a_stage_not_reached(world):
    application = decided(world, status=ApplicationStatus.ACCEPTED)
    with pytest.raises(ValidationError, match=r"not been reached|尚未进行到"):
        _rate(world, application, stage=Stage.COMPLETION)


def test_review_submit_online_only_by_the_applicant(world):
    with pytest.raises(PermissionDenied):
        _rate(world, decided(world), rater="other_applicant")


def test_review_submit_window_items_are_not_online_items(world):
    with pytest.raises(ValidationError) as error:
        _rate(world, decided(world), channel=Channel.WINDOW, rater=None, items=[Item.PLATFORM])
    assert "items" in error.value.message_dict


def test_review_submit_bad_rating_names_what_was_wrong(world):
    with pytest.raises(ValidationError) as error:
        _rate(world, decided(world), level=Level.DISSATISFIED, items=[])
    assert "items" in error.value.message_dict


def test_review_submit_good_rating_opens_no_follow_up(world):
    _rate(world, decided(world), level=Level.FAIRLY_SATISFIED)
    assert not FollowUp.objects.exists()


def test_review_submit_bad_rating_opens_follow_up(world):
    review = _rate(world, decided(world), level=Level.VERY_DISSATISFIED, items=[Item.EFFICIENCY])
    assert review.follow_up.status == FollowUpStatus.VISIT_DUE and review.follow_up.unit == world["brigade"]
