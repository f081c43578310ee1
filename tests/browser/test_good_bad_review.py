"""Issue 22 §2 in a real browser: the enterprise rates its completed case online (a level and the second-level
items), a bad rating lands in the discipline supervisor's queue with its card, and the supervisor records the
return visit."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.catalogue import load_catalogue
from approvals.models import MaterialRequirement, Matter
from firesvc.accounts.roles import Role
from firesvc.reviews.enums import RULE_VISIT, FollowUpStatus, Item, Level
from firesvc.reviews.models import Review
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import screenshot
from tests.factories import EnterpriseFactory, enterprise_user, staff, unit_chain
from tests.reviews.conftest import decided

pytestmark = pytest.mark.django_db(transaction=True)


def test_enterprise_rates_online_and_the_bad_review_reaches_the_supervisor(new_page) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)  # a transactional test after another finds the tables flushed
    units = unit_chain("g")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳北方建材有限公司")
    world = {"enterprise": enterprise, "brigade": units["brigade"],
             "applicant": enterprise_user(enterprise, username="ent_rate"),
             "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_rate", window_number="2号窗口")}
    staff(Role.SUPERVISOR, units["detachment"], username="supervisor_rate", full_name="赵敏")
    application = decided(world)

    # given: the enterprise on its case page
    page = new_page("ent_rate")
    page.goto(page.base + reverse("approvals:application", args=[application.pk]))
    # when: it rates the completion stage "dissatisfied", ticking what was not good enough
    with page.expect_navigation():
        page.click("[data-rate=completion]")
    assert page.locator("input[name=items][value=service_attitude]").count() == 0  # window items are not online
    page.check(f"input[name=level][value={Level.DISSATISFIED}]")
    page.check(f"input[name=items][value={Item.EFFICIENCY}]")
    page.check(f"input[name=items][value={Item.PLATFORM}]")
    page.fill("[name=comment]", "现场检查改了两次时间")
    with page.expect_navigation():
        page.click("[data-action=send-rating]")
    # then: the page shows the rating and its follow-up
    page.wait_for_selector(f"[data-level={Level.DISSATISFIED}]")
    assert page.locator("[data-follow-up-status]").count() == 1
    screenshot(page, "review-rated-online")
    review = Review.objects.get()
    assert review.items == [Item.EFFICIENCY, Item.PLATFORM]

    # and: the supervisor finds it in the queue, with its card, and records the return visit
    supervisor = new_page("supervisor_rate")
    supervisor.goto(supervisor.base + reverse("reviews:follow_ups"))
    row = supervisor.locator(f"[data-follow-up='{review.follow_up.pk}']")
    # the card of the visit clock (1 working day), as the clock reads it now (yellow from half the day)
    visit_clock = Clock.objects.for_owner(review.follow_up).get(rule__code=RULE_VISIT)
    assert row.locator("[data-card]").get_attribute("data-card") == visit_clock.card(timezone.now())
    with supervisor.expect_navigation():
        row.locator("a").first.click()
    supervisor.fill("[name=note]", "已电话回访，企业反映检查时间多次变更")
    with supervisor.expect_navigation():
        supervisor.click("[data-action=visit]")
    supervisor.wait_for_selector(f"[data-status={FollowUpStatus.RECTIFYING}]")
    screenshot(supervisor, "review-follow-up-visited")
    review.follow_up.refresh_from_db()
    assert review.follow_up.status == FollowUpStatus.RECTIFYING
