"""Issue 8's first "Done when" in a real browser, without the dashboard: a visit records a hazard and a
suggestion → the hazard is ordered, rectified with evidence and eliminated on re-check → the suggestion is
fed back and rated → the enterprise timeline shows all of it.

The hazard steps (order, evidence, re-check) belong to the safety app (E6, helper h8b); their pages were
still being built, so this test drives those three steps through the safety services.
"""

from __future__ import annotations

import pytest

from enterprises.models import Suggestion, Visit
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def brigade_world():  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("v")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司", contact_name="孙立新")
    return {
        "enterprise": enterprise,
        "owner": enterprise_user(enterprise, username="ent_visit", full_name="孙立新"),
        "officer": staff(Role.REVIEWER, units["brigade"], username="officer_visit", full_name="李建国"),
    }


def _hazard_rectified_and_eliminated(world, visit: Visit) -> None:  # type: ignore[no-untyped-def]
    from enterprises.safety.models import Hazard
    from enterprises.safety.services import (
        Upload,
        hazard_recheck,
        rectification_order_issue,
        rectification_respond,
    )

    hazard = Hazard.objects.get(source_reference=f"visit:{visit.pk}")
    rectification_order_issue(hazard=hazard, requirements="清理二楼疏散通道", rectify_workdays=5,
                              actor=world["officer"])
    rectification_respond(hazard=hazard, note="已清理杂物", files=[Upload("evidence.png", PNG)],
                          actor=world["owner"])
    hazard_recheck(hazard=hazard, passed=True, note="复查合格", actor=world["officer"])


def test_a_visit_hazard_and_suggestion_end_up_eliminated_and_fed_back_on_the_timeline(
        page, phone_page, brigade_world) -> None:  # type: ignore[no-untyped-def]
    enterprise = brigade_world["enterprise"]
    # the officer records the visit from a phone, with a hazard and a suggestion
    login(phone_page, "officer_visit", PASSWORD)
    phone_page.goto(f"{phone_page.base}/enterprises/{enterprise.pk}/visits/new/")
    phone_page.fill("input[name=contact_person]", "孙立新")
    phone_page.fill("textarea[name=hazards]", "二楼疏散通道堆放杂物")
    phone_page.fill("textarea[name=suggestions]", "希望缩短消防验收办理时限")
    screenshot(phone_page, "visit-record-phone")
    phone_page.click("[data-action=record-visit]")
    phone_page.wait_for_url("**/enterprises/visits/*/")
    visit = Visit.objects.get(enterprise=enterprise)
    assert phone_page.locator("[data-hazard]").count() == 1
    assert phone_page.locator("[data-suggestion]").count() == 1

    # the hazard: rectification order → evidence from the enterprise → re-check eliminates it
    _hazard_rectified_and_eliminated(brigade_world, visit)

    # the officer accepts the suggestion, records the change and replies
    suggestion = Suggestion.objects.get(visit=visit)
    login(page, "officer_visit", PASSWORD)
    page.goto(f"{page.base}/enterprises/suggestions/{suggestion.pk}/")
    page.click("[data-action=accept]")
    page.fill("#rectify-text", "验收办理时限压缩至十个工作日")
    page.click("[data-action=rectify]")
    page.fill("#feedback-text", "您的建议已采纳，验收时限已压缩。")
    page.click("[data-action=feedback]")
    page.wait_for_selector('[data-suggestion-status="fed_back"]')

    # the timeline shows the visit, the eliminated hazard and the fed-back suggestion
    page.goto(f"{page.base}/enterprises/{enterprise.pk}/timeline/")
    assert page.locator('[data-timeline-kind="visit"][data-timeline-state="done"]').count() == 1
    assert page.locator('[data-timeline-kind="hazard"][data-timeline-state="eliminated"]').count() == 1
    assert page.locator('[data-timeline-kind="suggestion"][data-timeline-state="fed_back"]').count() == 1
    screenshot(page, "enterprise-timeline")

    # the enterprise reads the reply on its phone and rates it
    phone_page.context.clear_cookies()
    login(phone_page, "ent_visit", PASSWORD)
    phone_page.goto(f"{phone_page.base}/enterprises/suggestions/mine/{suggestion.pk}/")
    assert "验收时限已压缩" in phone_page.inner_text("[data-reply]")
    phone_page.check("input[name=satisfaction][value=satisfied]")
    phone_page.click("form button.btn-primary")
    phone_page.wait_for_load_state()
    assert Suggestion.objects.get(pk=suggestion.pk).satisfaction == "satisfied"
