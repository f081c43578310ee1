"""A bad review's follow-up: return visit, rectification and reply, the rating once more (追评), on clocks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.unstaffed import nobody_in_chain_words
from firesvc.reviews.enums import RULE_RECTIFY, RULE_VISIT, Channel, FollowUpStatus, Item, Level, Stage
from firesvc.reviews.models import FollowUp, Review
from firesvc.reviews.notifications import BAD_REVIEW_BODY, BAD_REVIEW_TITLE
from firesvc.reviews.selectors import follow_up_queue
from firesvc.reviews.services import follow_up_reply, follow_up_visit, review_rate_again, review_submit
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.factories import UserFactory
from tests.reviews.conftest import application_kind, decided

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 2026-03-02 10:00: one working day later is Tuesday, fifteen is Monday 23 March.
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def _bad(world, *, at=MONDAY, channel=Channel.ONLINE):
    application = decided(world, closed_at=at)
    items = [Item.EFFICIENCY] if channel == Channel.ONLINE else [Item.SERVICE_ATTITUDE]
    return review_submit(kind=application_kind(), case=application, stage=Stage.COMPLETION, channel=channel,
                         level=Level.DISSATISFIED, items=items, comment="太慢",
                         rater=world["applicant"] if channel == Channel.ONLINE else None, at=at)


def _clock(follow_up, rule):
    return Clock.objects.for_owner(follow_up).get(rule__code=rule)


def test_bad_review_starts_visit_clock_of_one_working_day(world):
    follow_up = _bad(world).follow_up
    assert _clock(follow_up, RULE_VISIT).due_date.isoformat() == "2026-03-03"


def test_bad_review_starts_rectification_clock_of_fifteen_working_days(world):
    follow_up = _bad(world).follow_up
    assert _clock(follow_up, RULE_RECTIFY).due_date.isoformat() == "2026-03-23"


def test_bad_review_tells_the_supervisors_in_scope(world):
    _bad(world)
    assert Notification.objects.filter(recipient=world["supervisor"], kind="review_follow_up").exists()
    assert not Notification.objects.filter(recipient=world["supervisor_other"]).exists()


def test_bad_review_with_no_supervisor_up_the_chain_tells_the_administrators_why(world):
    # given the chain's only supervisor has left, and an administrator
    admin = UserFactory(is_superuser=True)
    User.objects.filter(pk=world["supervisor"].pk).update(is_active=False)
    # when a bad review comes in
    review = _bad(world)
    # then the administrator alone is told, in the words that say the chain has no supervisor
    note = Notification.objects.get(kind="review_follow_up")
    assert note.recipient_id == admin.pk
    with translation.override(settings.LANGUAGE_CODE):
        expected = nobody_in_chain_words(
            roles=[Role.SUPERVISOR], unit=review.unit, title=str(BAD_REVIEW_TITLE) % {"case": review.case_label},
            body=str(BAD_REVIEW_BODY) % {"level": review.get_level_display()})
    assert (note.title, note.body) == expected


def test_follow_up_visit_stops_the_visit_clock_and_starts_rectifying(world):
    follow_up = follow_up_visit(follow_up=_bad(world).follow_up, actor=world["supervisor"], note="已电话回访")
    assert follow_up.status == FollowUpStatus.RECTIFYING and follow_up.visited_by == world["supervisor"]
    assert _clock(follow_up, RULE_VISIT).status == ClockStatus.STOPPED
    assert _clock(follow_up, RULE_RECTIFY).status == ClockStatus.RUNNING


def test_follow_up_visit_needs_a_note(world):
    with pytest.raises(ValidationError):
        follow_up_visit(follow_up=_bad(world).follow_up, actor=world["supervisor"], note="  ")
    assert FollowUp.objects.get().status == FollowUpStatus.VISIT_DUE


def test_follow_up_visit_refused_outside_scope(world):
    with pytest.raises(PermissionDenied):
        follow_up_visit(follow_up=_bad(world).follow_up, actor=world["supervisor_other"], note="回访")


def test_follow_up_visit_refused_to_a_clerk(world):
    with pytest.raises(PermissionDenied):
        follow_up_visit(follow_up=_bad(world).follow_up, actor=world["clerk"], note="回访")


def test_follow_up_reply_before_the_visit_is_refused(world):
    with pytest.raises(ValidationError):
        follow_up_reply(follow_up=_bad(world).follow_up, actor=world["approver"], rectification="改", reply="复")


def _replied(world, **kwargs):
    follow_up = follow_up_visit(follow_up=_bad(world, **kwargs).follow_up, actor=world["supervisor"], note="回访")
    return follow_up_reply(follow_up=follow_up, actor=world["approver"], rectification="增加窗口人员",
                           reply="已增加窗口人员，缩短等候时间。")


def test_follow_up_reply_stops_the_rectification_clock(world):
    follow_up = _replied(world)
    assert follow_up.status == FollowUpStatus.REPLIED
    assert _clock(follow_up, RULE_RECTIFY).status == ClockStatus.STOPPED


def test_follow_up_reply_tells_the_applicant_by_inbox_and_sms(world):
    _replied(world)
    told = Notification.objects.get(recipient=world["applicant"], kind="review_follow_up")
    assert "已增加窗口人员" in told.body
    assert OutboxMessage.objects.filter(notification=told, channel="sms").exists()


def test_review_rate_again_closes_the_follow_up(world):
    follow_up = _replied(world)
    again = review_rate_again(kind=application_kind(), follow_up=follow_up, level=Level.SATISFIED,
                              items=[Item.EFFICIENCY], rater=world["applicant"])
    follow_up.refresh_from_db()
    assert again.parent == follow_up.review and follow_up.status == FollowUpStatus.CLOSED


def test_review_rate_again_only_once(world):
    follow_up = _replied(world)
    review_rate_again(kind=application_kind(), follow_up=follow_up, level=Level.SATISFIED, rater=world["applicant"])
    with pytest.raises(ValidationError):
        review_rate_again(kind=application_kind(), follow_up=follow_up, level=Level.VERY_SATISFIED,
                          rater=world["applicant"])
    assert Review.objects.count() == 2


def test_review_rate_again_not_before_the_reply(world):
    follow_up = _bad(world).follow_up
    with pytest.raises(ValidationError):
        review_rate_again(kind=application_kind(), follow_up=follow_up, level=Level.SATISFIED,
                          rater=world["applicant"])


def test_follow_up_queue_is_scoped(world):
    _bad(world)
    assert len(follow_up_queue(world["supervisor"])) == 1
    assert follow_up_queue(world["supervisor_other"]) == []


def test_the_card_board_links_a_follow_ups_clocks_to_its_page_which_the_viewer_may_open(world, client):
    import time_machine
    from django.urls import reverse

    follow_up = _bad(world).follow_up
    page_url = reverse("reviews:follow_up", args=[follow_up.pk])
    client.force_login(world["supervisor"])
    with time_machine.travel(datetime(2026, 3, 3, 16, 0, tzinfo=SHANGHAI), tick=False):  # the visit is due today
        board = client.get(reverse("sla:board")).content.decode()

    assert board.count(f'<a href="{page_url}">') >= 1
    assert client.get(page_url).status_code == 200
