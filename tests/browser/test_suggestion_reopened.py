"""Issue 21 §7 in a real browser: an enterprise rates the reply to its suggestion "dissatisfied" → the suggestion
is reopened → the unit's approver finds it on the desk and in the inbox, opens it and handles it again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enterprises.enums import SuggestionSource, SuggestionStatus
from enterprises.models import Suggestion
from enterprises.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_feed_back,
    suggestion_rectify,
)
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dissatisfied_rating_brings_the_suggestion_back_to_the_approver(new_page) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("r")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    owner = enterprise_user(enterprise, username="ent_reopen")
    clerk = staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_reopen")
    staff(Role.APPROVER, units["brigade"], username="approver_reopen", full_name="赵主任")
    s = suggestion_create(actor=owner, source=SuggestionSource.ONLINE, enterprise=enterprise,
                          content="希望开通网上预约")
    suggestion_accept(actor=clerk, suggestion=s)
    suggestion_rectify(actor=clerk, suggestion=s, rectification="已开通网上预约")
    suggestion_feed_back(actor=clerk, suggestion=s, feedback="已采纳并开通")

    page = new_page("ent_reopen")
    page.goto(page.base + reverse("enterprises:suggestion_mine", args=[s.pk]))
    page.check("input[name=satisfaction][value=dissatisfied]")
    page.fill("[name=comment]", "只答复了没有落实")
    with page.expect_navigation():
        page.click("form button.btn-primary")
    page.wait_for_selector("[data-reopened]")
    screenshot(page, "suggestion-reopened-enterprise")
    assert Suggestion.objects.get(pk=s.pk).status == SuggestionStatus.REOPENED

    approver = new_page("approver_reopen", PASSWORD)
    approver.goto(approver.base + reverse("desk", args=["approver"]))
    link = approver.locator("[data-reopened-suggestions] a", has_text=s.number)
    with approver.expect_navigation():
        link.click()
    approver.wait_for_selector("[data-reopened]")
    assert "只答复了没有落实" in approver.content()
    screenshot(approver, "suggestion-reopened-approver")
    with approver.expect_navigation():
        approver.click("[data-action=accept]")
    assert Suggestion.objects.get(pk=s.pk).status == SuggestionStatus.ACCEPTED
