"""Residents' questions (B7) in 好差评: the asker rates the answer through the reviews' page, reached from
their tracking page only; the rating counts in the figures of the community."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import reviews
from feedback.services.citizen_questions import question_answer, question_ask
from firesvc.accounts.roles import Role
from firesvc.reviews.enums import Channel, Level, Stage
from firesvc.reviews.models import FollowUp, Review
from firesvc.reviews.selectors import satisfaction_figures
from firesvc.reviews.services import rater_token
from firesvc.sla.services import load_rule_sets
from tests.factories import staff


@pytest.fixture
def answered(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    question = question_ask(question="家里能放几个灭火器？", community=tree["a"]["community"])
    officer = staff(Role.GRID_MANAGER, tree["a"]["community"])
    return question_answer(question=question, actor=officer, answer="两具为宜。")


def _rate_link(client, question) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("feedback:question", args=[question.token])).content.decode()
    match = re.search(r'href="(/[^"]*reviews/r/[^"]+)"', page)
    assert match, "the tracking page shows the rating link"
    return match.group(1)


def _post(client, url: str, level: str = Level.SATISFIED, items=("efficiency",)):  # type: ignore[no-untyped-def]
    return client.post(url, {"level": level, "items": list(items), "comment": "清楚"})


def test_open_question_page_offers_no_rating(client, tree) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    question = question_ask(question="问题", community=tree["a"]["community"])
    page = client.get(reverse("feedback:question", args=[question.token])).content.decode()
    assert "reviews/r/" not in page


def test_asker_rates_the_answer_once_from_the_tracking_page(client, answered) -> None:  # type: ignore[no-untyped-def]
    url = _rate_link(client, answered)
    assert _post(client, url).status_code == 302
    _post(client, url, level=Level.VERY_SATISFIED)
    review = Review.objects.for_owner(answered).get()
    assert (review.kind, review.stage, review.channel, review.level) == (
        "citizen_question", Stage.COMPLETION, Channel.ONLINE, Level.SATISFIED)
    assert (review.unit_id, review.clerk_id, review.rater_id) == (
        answered.community_id, answered.answered_by_id, None)
    assert "data-question-rating" in client.get(reverse("feedback:question", args=[answered.token])).content.decode()


def test_bad_rating_of_an_answer_opens_a_follow_up(client, answered) -> None:  # type: ignore[no-untyped-def]
    _post(client, _rate_link(client, answered), level=Level.DISSATISFIED)
    assert FollowUp.objects.get().review.owner == answered


def test_forged_rating_link_is_refused(client, answered) -> None:  # type: ignore[no-untyped-def]
    url = reverse("reviews:link_rate", args=["forged-token"])
    assert _post(client, url).status_code == 404
    assert not Review.objects.exists()


def test_window_code_does_not_open_the_online_link(client, answered) -> None:  # type: ignore[no-untyped-def]
    from firesvc.reviews.services import window_token

    token = window_token(kind=reviews.KIND, case=answered, stage=Stage.COMPLETION)
    assert _post(client, reverse("reviews:link_rate", args=[token])).status_code == 404
    assert not Review.objects.exists()


def test_signed_in_staff_cannot_rate_it_online_without_the_link(client, tree, answered) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.SUPERVISOR, tree["a"]["detachment"]))
    url = reverse("reviews:rate", args=[reviews.KEY, answered.pk, Stage.COMPLETION])
    assert _post(client, url).status_code == 404
    assert not Review.objects.exists()


def test_rating_counts_in_the_figures_of_the_community_only_in_scope(tree, answered) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    _post(Client(), reverse("reviews:link_rate", args=[
        rater_token(kind=reviews.KIND, case=answered, stage=Stage.COMPLETION)]))
    now = timezone.now()
    period = {"first": now - timedelta(days=1), "last": now + timedelta(days=1)}
    mine = satisfaction_figures(staff(Role.SUPERVISOR, tree["a"]["detachment"]), **period)
    assert [row.ratings for row in mine["units"]] == [1]
    assert [row.ratings for row in mine["clerks"]] == [1]
    other = satisfaction_figures(staff(Role.SUPERVISOR, tree["b"]["detachment"]), **period)
    assert other["units"] == []


def test_rating_page_keeps_its_token_on_the_site(client, answered) -> None:  # type: ignore[no-untyped-def]
    # same-origin, not no-referrer: with no-referrer the browser posts the form with "Origin: null" (CSRF 403)
    response = client.get(_rate_link(client, answered))
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in response.content.decode()
