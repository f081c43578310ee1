"""Parallel approval follows the law (issue 20 §1), in a real browser.

The enterprise files a parallel case without one material (the pre-opening track asks for no acceptance
document) and submits anyway → the clerk finds every material unchecked, previews one beside its row,
marks the missing one and issues one merged notice with its supplement date → the enterprise supplies it
→ the clerk checks every row and accepts → the approver cannot sign the pre-opening approval while the
acceptance track is undecided (case page and worklist say it waits) → the approver signs the acceptance
refusal → the pre-opening track is terminated with its reason and legal basis, and the enterprise is told.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from approvals.catalogue import load_catalogue
from approvals.checklists import load_checklists
from approvals.enums import ApplicationStatus, DecisionOutcome
from approvals.models import ChecklistItem, MaterialRequirement, Matter, ParallelCase
from approvals.services.parallel import material_key, shared_requirements
from approvals.services.technical_review import decision_draft, review_assign
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.notifications.models import Notification
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF, PROJECT, record_inspection
from tests.browser.conftest import check_every_material, login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

LEFT_OUT = "safety_rules"  # 消防安全制度、灭火和应急疏散预案 (pre-opening track only)
LEFT_OUT_ROW = material_key("pre_opening", LEFT_OUT)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    load_checklists(Matter, ChecklistItem)
    units = unit_chain("pl")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳北方剧院有限公司")
    return {
        "applicant": enterprise_user(enterprise, username="ent_law"),
        "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_law"),
        "approver": staff(Role.APPROVER, units["brigade"], username="approver_law"),
        "reviewer_a": staff(Role.REVIEWER, units["brigade"], username="reviewer_law_a"),
        "reviewer_b": staff(Role.REVIEWER, units["brigade"], username="reviewer_law_b"),
    }


def _page(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    login(page, username, PASSWORD)
    return page


def _upload(page, code: str, path) -> None:  # type: ignore[no-untyped-def]
    item = page.locator(f"#shared-{code}")
    item.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        item.locator("button").click()


def test_parallel_intake_then_refused_acceptance_terminates_the_pre_opening_track(
        browser, live_server, world, tmp_path) -> None:
    # the enterprise starts the case; the pre-opening track does not ask for the acceptance document
    applicant = _page(browser, live_server, "ent_law")
    applicant.goto(f"{live_server.url}/approvals/parallel/new/")
    for field in ("project_name", "project_address", "building_area", "building_height", "floors", "contact_name",
                  "contact_phone"):
        applicant.fill(f"[name={field}]", str(PROJECT[field]))
    applicant.select_option("[name=use]", "public_gathering")
    with applicant.expect_navigation():
        applicant.locator("form [name=submit]").click()
    case = ParallelCase.objects.get()
    assert applicant.locator(f"#shared-{material_key('pre_opening', 'acceptance_document')}").count() == 0
    material = tmp_path / "material.pdf"
    material.write_bytes(PDF)
    for row in shared_requirements(case):
        if row["mandatory"] and row["code"] != LEFT_OUT_ROW:
            _upload(applicant, row["code"], material)
    # …and submits without the one material it does not have yet, as on a single filing
    applicant.check("[name=allow_incomplete]")
    with applicant.expect_navigation():
        applicant.locator("[data-action=submit]").click()
    with applicant.expect_navigation():  # asked once more
        applicant.click("[data-action=confirm]")
    assert applicant.locator("[data-track=pre_opening] [data-status=submitted]").is_visible()

    # the clerk finds every material unchecked and previews one beside its row
    clerk = _page(browser, live_server, "clerk_law")
    clerk.goto(f"{live_server.url}/approvals/parallel/{case.pk}/intake/")
    selects = clerk.locator("select[name^=state_]")
    assert all(select.input_value() == "" for select in selects.all())
    first = clerk.locator("details.material-preview").first
    first.locator("summary").click()
    assert first.locator("iframe").is_visible()
    supplement_due = workdays.add_workdays(timezone.localdate(), 10)
    assert supplement_due.isoformat() in clerk.locator("[data-supplement-due]").inner_text()
    # the left-out material cannot be marked in order: the clerk marks it missing, the rest in order
    row = clerk.locator(f"tr[data-track=pre_opening][data-requirement={LEFT_OUT}]")
    assert row.locator("option[value=ok]").get_attribute("disabled") is not None
    row.locator("select").select_option("missing")
    row.locator("input[name^=problem_]").fill("未提交消防安全制度和应急疏散预案")
    check_every_material(clerk)
    screenshot(clerk, "parallel-law-01-intake")
    with clerk.expect_navigation():
        clerk.locator("button[value=notice]").click()
    assert clerk.locator("[data-merged-notice]").is_visible()
    case.refresh_from_db()
    assert case.pre_opening.notices.get(kind="deficiency").supplement_due == supplement_due

    # the enterprise supplies it; the clerk checks every row and accepts both tracks
    applicant.reload()
    _upload(applicant, LEFT_OUT_ROW, material)
    with applicant.expect_navigation():
        applicant.locator("[data-action=submit]").click()
    with applicant.expect_navigation():
        applicant.click("[data-action=confirm]")
    clerk.goto(f"{live_server.url}/approvals/parallel/{case.pk}/intake/")
    check_every_material(clerk)
    with clerk.expect_navigation():
        clerk.locator("button[value=accept]").click()
    case.refresh_from_db()
    assert {a.status for a in case.tracks} == {ApplicationStatus.ACCEPTED}

    # both tracks are reviewed; each reviewer drafts (the pre-opening approve, the acceptance refuse)
    review_assign(actor=world["approver"], application=case.pre_opening, reviewer=world["reviewer_b"])
    review_assign(actor=world["approver"], application=case.acceptance, reviewer=world["reviewer_a"])
    record_inspection(world["reviewer_b"], case.pre_opening)
    record_inspection(world["reviewer_a"], case.acceptance)
    decision_draft(actor=world["reviewer_b"], application=case.pre_opening, outcome=DecisionOutcome.APPROVE)
    decision_draft(actor=world["reviewer_a"], application=case.acceptance, outcome=DecisionOutcome.REFUSE,
                   reasons="室内消火栓系统联动测试不合格，疏散楼梯间防火门不能自行关闭。")

    # the approver cannot sign the pre-opening approval: the case page and the worklist say it waits
    approver = _page(browser, live_server, "approver_law")
    approver.goto(f"{live_server.url}{case.pre_opening.get_absolute_url()}")
    with approver.expect_navigation():
        approver.locator("[data-step=sign]").click()
    assert "等待消防验收结果" in approver.locator("[data-sign-refusals]").inner_text()
    approver.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert approver.locator("[data-track=pre_opening] [data-awaiting-acceptance]").inner_text() == "等待消防验收结果"
    approver.goto(f"{live_server.url}/approvals/worklist/")
    waiting = approver.locator(f'tr[data-application="{case.pre_opening_id}"] [data-awaiting-acceptance]')
    assert waiting.inner_text() == "等待消防验收结果"
    screenshot(approver, "parallel-law-02-worklist-waiting")

    # the approver signs the acceptance refusal: the pre-opening track is terminated, the case closes
    approver.goto(f"{live_server.url}{case.acceptance.get_absolute_url()}")
    with approver.expect_navigation():
        approver.locator("[data-step=sign]").click()
    approver.check("#id_confirm")
    with approver.expect_navigation():
        approver.locator("[data-step=confirm-sign]").click()
    assert approver.locator("[data-decision=refuse]").is_visible()

    # the enterprise sees why, with the legal basis, and was told in its inbox
    applicant.goto(f"{live_server.url}{case.get_absolute_url()}")
    terminated = applicant.locator("[data-track=pre_opening] [data-terminated]").inner_text()
    assert "禁止投入使用" in terminated
    assert "《中华人民共和国消防法》第十三条、第十五条" in terminated
    assert applicant.locator("[data-track=pre_opening] [data-status=terminated]").inner_text() == "终止办理"
    assert applicant.locator("[data-case-closed]").is_visible()
    assert Notification.objects.filter(recipient=world["applicant"], kind="approval_terminated").exists()
    screenshot(applicant, "parallel-law-03-terminated")
