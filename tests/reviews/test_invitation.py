"""The invitation to rate a case completed unrated for 3 days (inbox and SMS), once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.reviews.enums import Channel, Item, Level, Stage
from firesvc.reviews.models import Invitation
from firesvc.reviews.services import review_submit, reviews_invite_due
from tests.reviews.conftest import application_kind, decided

pytestmark = pytest.mark.django_db


def test_invite_due_invites_a_case_completed_unrated_three_days_ago(world):
    application = decided(world, closed_at=timezone.now() - timedelta(days=3, hours=1))
    assert reviews_invite_due() == 1
    told = Notification.objects.get(recipient=world["applicant"], kind="review_invitation")
    assert application.number in told.body
    assert told.url.endswith(f"/reviews/application/{application.pk}/completion/")
    assert OutboxMessage.objects.filter(notification=told, channel="sms").exists()


def test_invite_due_twice_invites_once(world):
    decided(world, closed_at=timezone.now() - timedelta(days=4))
    reviews_invite_due()
    assert reviews_invite_due() == 0
    assert Invitation.objects.count() == 1
    assert Notification.objects.filter(kind="review_invitation").count() == 1


def test_invite_due_waits_three_days(world):
    decided(world, closed_at=timezone.now() - timedelta(days=2))
    assert reviews_invite_due() == 0


def test_invite_due_skips_a_rated_case(world):
    application = decided(world, closed_at=timezone.now() - timedelta(days=4))
    review_submit(kind=application_kind(), case=application, stage=Stage.COMPLETION, channel=Channel.ONLINE,
                  level=Level.VERY_SATISFIED, items=[Item.EFFICIENCY], rater=world["applicant"])
    assert reviews_invite_due() == 0


def test_invite_unrated_task_runs_the_sweep(world):
    from firesvc.reviews.tasks import invite_unrated

    decided(world, closed_at=timezone.now() - timedelta(days=5))
    assert invite_unrated() == 1
    assert invite_unrated() == 0


def test_invite_unrated_is_on_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["review-invitations"]["task"] == "firesvc.reviews.tasks.invite_unrated"
