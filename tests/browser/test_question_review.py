"""Issue 22 §2 in a real browser: a resident who asked a question opens its tracking link, rates the answer
on the reviews' page and sees the rating back on the tracking page; the community's figures count it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.services.citizen_questions import question_answer, question_ask
from firesvc.accounts.roles import Role
from firesvc.reviews.enums import Item, Level
from firesvc.reviews.models import Review
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import screenshot
from tests.factories import staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_rates_the_answer_from_the_tracking_link(new_page) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("q")
    question = question_ask(question="家里能放几个灭火器？", community=units["community"])
    question_answer(question=question, actor=staff(Role.GRID_MANAGER, units["community"]), answer="两具为宜。")

    # given: the resident (no account) on their question's tracking page
    page = new_page()
    page.goto(page.base + reverse("feedback:question", args=[question.token]))
    # when: they rate the answer
    with page.expect_navigation():
        page.click("[data-action=rate-answer]")
    page.check(f"input[name=level][value={Level.VERY_SATISFIED}]")
    page.check(f"input[name=items][value={Item.EFFICIENCY}]")
    with page.expect_navigation():
        page.click("[data-action=send-rating]")
    # then: the page shows the rating; the tracking page too; it is recorded once for the community
    page.wait_for_selector(f"[data-level={Level.VERY_SATISFIED}]")
    assert page.locator("[data-action=send-rating]").count() == 0
    screenshot(page, "question-rated")
    page.goto(page.base + reverse("feedback:question", args=[question.token]))
    page.wait_for_selector("[data-question-rating]")
    review = Review.objects.get()
    assert (review.kind, review.unit_id) == ("citizen_question", units["community"].pk)
