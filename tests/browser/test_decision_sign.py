"""Signing a decision in a real browser, JavaScript off (issue 20 §2): the approver previews the exact document,
a sign that a rule refuses shows its message, the approver records an override reason, sees it in the preview,
confirms and signs; the case page and the decision carry the reason."""

from __future__ import annotations

import pytest

from approvals.catalogue import load_catalogue
from approvals.checklists import load_checklists
from approvals.models import Application, ChecklistItem, MaterialRequirement, Matter
from approvals.services.intake import application_accept
from approvals.services.technical_review import decision_draft, review_assign
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import make_submitted, record_inspection
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "消火栓压力不足已当场更换水泵并复测合格"


@pytest.fixture
def drafted():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    load_checklists(Matter, ChecklistItem)
    units = unit_chain("ds")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商业管理有限公司")
    world = {"applicant": enterprise_user(enterprise, username="ent_sign"), "enterprise": enterprise,
             "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_sign"),
             "approver": staff(Role.APPROVER, units["brigade"], username="approver_sign"),
             "reviewer": staff(Role.REVIEWER, units["brigade"], username="reviewer_sign")}
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application, failed=("hydrants",))
    decision_draft(actor=world["reviewer"], application=application, outcome="approve")
    return Application.objects.get(pk=application.pk)


def test_approver_previews_is_refused_overrides_and_signs(browser, live_server, drafted) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    login(page, "approver_sign", PASSWORD)

    # from the case, the approver opens the sign page: the document as it will be issued
    page.goto(f"{live_server.url}{drafted.get_absolute_url()}")
    page.locator("[data-step=sign]").click()
    page.wait_for_load_state()
    preview = page.frame_locator("iframe[data-preview]")
    assert preview.locator("h1").inner_text().replace(" ", "") == "建设工程消防验收意见书"
    assert preview.locator("[data-title-outcome]").inner_text() == "（合格）"
    assert "根据《中华人民共和国消防法》第十三条" in preview.locator("[data-basis]").inner_text()
    assert preview.locator("[data-rectification]").count() == 0
    assert page.locator("[data-sign-refusals]").is_visible()

    # signing "approve" over a failed check is refused, with the message, and nothing is signed
    page.check("#id_confirm")
    page.locator("[data-step=confirm-sign]").click()
    page.wait_for_load_state()
    error = page.locator("[data-sign-error]")
    assert "室内外消火栓系统功能正常" in error.inner_text()
    assert not Application.objects.get(pk=drafted.pk).decision.is_signed
    screenshot(page, "decision-sign-refused")

    # the approver records the reason, sees it in the preview, confirms and signs
    page.fill("#id_override_text", REASON)
    page.locator("[data-step=override-preview]").click()
    page.wait_for_load_state()
    assert REASON in page.frame_locator("iframe[data-preview]").locator("[data-override]").inner_text()
    assert not page.locator("[data-sign-refusals]").count()
    page.check("#id_confirm")
    page.locator("[data-step=confirm-sign]").click()
    page.wait_for_load_state()
    assert page.locator("[data-decision=approve]").is_visible()
    assert REASON in page.locator("[data-override]").inner_text()
    decision = Application.objects.get(pk=drafted.pk).decision
    assert decision.is_signed and decision.override_reason == REASON
    screenshot(page, "decision-signed-with-override")
    context.close()
