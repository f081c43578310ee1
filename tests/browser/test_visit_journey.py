"""Issue 8's first "Done when" in a real browser: a visit records a hazard and a suggestion → the officer issues
the rectification order, the enterprise answers with evidence from a phone, the officer re-checks and eliminates
the hazard → the suggestion is fed back and rated → the statistics dashboard's counters each moved by one and the
enterprise timeline shows the visit, hazard, order, evidence, re-check and suggestion.

Every step goes through the pages; only the starting data (units, enterprise, users) is arranged in Python.
"""

from __future__ import annotations

import pytest

from enterprises.models import Suggestion, Visit
from enterprises.safety.enums import HazardStatus
from enterprises.safety.models import Hazard
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot, stats_counters
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# The dashboard counters the journey moves, each by exactly one.
MOVED = ("visits_done", "hazards_found", "rectification_orders", "hazards_eliminated", "suggestions_received",
         "suggestions_fed_back", "suggestions_rated", "suggestions_satisfied")


@pytest.fixture
def brigade_world(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_rule_sets()
    units = unit_chain("v")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司", contact_name="孙立新")
    photo = tmp_path / "evidence.png"
    photo.write_bytes(PNG)
    return {
        "enterprise": enterprise,
        "owner": enterprise_user(enterprise, username="ent_visit", full_name="孙立新"),
        "officer": staff(Role.REVIEWER, units["brigade"], username="officer_visit", full_name="李建国"),
        "photo": photo,
    }


def test_a_visit_hazard_and_suggestion_end_up_eliminated_and_fed_back_on_the_timeline(
        page, phone_page, brigade_world) -> None:  # type: ignore[no-untyped-def]
    enterprise = brigade_world["enterprise"]
    login(page, "officer_visit", PASSWORD)
    before = stats_counters(page, MOVED)
    screenshot(page, "visit-journey-stats-before")

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

    # the officer opens the hazard from the visit page and issues the rectification order
    page.goto(f"{page.base}/enterprises/visits/{visit.pk}/")
    with page.expect_navigation():
        page.locator("[data-hazard] a").click()
    assert page.locator("[data-status]").inner_text() == str(HazardStatus.RECORDED.label)
    page.fill("textarea[name=requirements]", "清理二楼疏散通道堆放的杂物")
    page.fill("input[name=rectify_workdays]", "5")
    page.click("[data-action=issue-order]")
    page.wait_for_selector("[data-order-number]")
    number = page.inner_text("[data-order-number]")
    assert "责改" in number
    hazard_url = page.url
    screenshot(page, "visit-journey-order-issued")

    # the enterprise finds the order on its phone and answers with a photo
    phone_page.context.clear_cookies()
    login(phone_page, "ent_visit", PASSWORD)
    phone_page.goto(f"{phone_page.base}/safety/my/orders/")
    with phone_page.expect_navigation():
        phone_page.get_by_text(number).click()
    phone_page.fill("textarea[name=note]", "杂物已全部清走，通道畅通")
    phone_page.set_input_files("input[name=files]", str(brigade_world["photo"]))
    phone_page.click("[data-action=respond]")
    phone_page.wait_for_selector("[data-report-reason]")  # the re-check to come; more evidence may follow
    screenshot(phone_page, "visit-journey-evidence-phone")

    # the officer sees the evidence, re-checks and eliminates the hazard
    page.goto(hazard_url)
    assert page.locator("[data-status]").inner_text() == str(HazardStatus.RECHECK.label)
    assert page.locator("a[href^='/safety/attachments/']", has_text="evidence.png").count() == 1
    page.select_option("select[name=passed]", "yes")
    page.fill("textarea[name=note]", "复查合格，通道畅通")
    page.click("[data-action=recheck]")
    page.wait_for_selector("[data-action=recheck]", state="detached")
    assert page.locator("[data-status]").inner_text() == str(HazardStatus.ELIMINATED.label)
    assert Hazard.objects.get(source_reference=f"visit:{visit.pk}").status == HazardStatus.ELIMINATED

    # the officer accepts the suggestion, records the change and replies
    suggestion = Suggestion.objects.get(visit=visit)
    page.goto(f"{page.base}/enterprises/suggestions/{suggestion.pk}/")
    page.click("[data-action=accept]")
    page.fill("#rectify-text", "验收办理时限压缩至十个工作日")
    page.click("[data-action=rectify]")
    page.fill("#feedback-text", "您的建议已采纳，验收时限已压缩。")
    page.click("[data-action=feedback]")
    page.wait_for_selector('[data-suggestion-status="fed_back"]')

    # the enterprise reads the reply on its phone and rates it
    phone_page.goto(f"{phone_page.base}/enterprises/suggestions/mine/{suggestion.pk}/")
    assert "验收时限已压缩" in phone_page.inner_text("[data-reply]")
    phone_page.check("input[name=satisfaction][value=satisfied]")
    with phone_page.expect_navigation():
        phone_page.click("form button.btn-primary")
    assert Suggestion.objects.get(pk=suggestion.pk).satisfaction == "satisfied"

    # the timeline shows the visit, the hazard with its order, evidence and re-check, and the suggestion
    page.goto(f"{page.base}/enterprises/{enterprise.pk}/timeline/")
    for kind, state in (("visit", "done"), ("hazard", "eliminated"), ("hazard", "order"), ("hazard", "evidence"),
                        ("hazard", "recheck_passed"), ("suggestion", "fed_back")):
        assert page.locator(f'[data-timeline-kind="{kind}"][data-timeline-state="{state}"]').count() == 1, state
    assert number in page.locator('[data-timeline-state="order"]').inner_text()
    assert "evidence.png" in page.locator('[data-timeline-state="evidence"]').inner_text()
    screenshot(page, "enterprise-timeline")

    # each counter on the statistics dashboard moved by one
    after = stats_counters(page, MOVED)
    screenshot(page, "visit-journey-stats-after")
    assert {key: after[key] - before[key] for key in MOVED} == dict.fromkeys(MOVED, 1)
