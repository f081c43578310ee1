"""A parallel case (并联审批) in a real browser (issue 5, "Done when").

The enterprise files fire acceptance and the pre-opening inspection together, uploading each
material once → the clerk accepts both tracks → the approver assigns a different reviewer to
each → the acceptance track is paused for expert review and resumed, then inspected, drafted and
signed → the pre-opening track, which waited for it, runs from then and is extended by the approver
→ its draft is signed → the enterprise sees both decisions and downloads both PDFs. The due dates
shown at each step are checked against ``firesvc.workdays``.

The pre-opening rule of the lead's rule data allows no extension (公安部令第120号 sets a fixed
10 working days); the test gives it a maximum of 5 the way an administrator would in the admin.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from approvals.catalogue import load_catalogue
from approvals.checklists import load_checklists
from approvals.models import ChecklistItem, MaterialRequirement, Matter, ParallelCase
from approvals.services.parallel import shared_requirements
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.sla.models import Clock, TimeLimitRule
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF, PROJECT, record_inspection
from tests.browser.conftest import check_every_material, login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    load_checklists(Matter, ChecklistItem)
    TimeLimitRule.objects.filter(ruleset__is_active=True, code="pre_opening.inspect").update(extension_max=5)
    units = unit_chain("pc")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京影城有限公司")
    return {
        "applicant": enterprise_user(enterprise, username="ent_parallel"),
        "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_parallel"),
        "approver": staff(Role.APPROVER, units["brigade"], username="approver_parallel"),
        "reviewer_a": staff(Role.REVIEWER, units["brigade"], username="reviewer_a"),
        "reviewer_b": staff(Role.REVIEWER, units["brigade"], username="reviewer_b"),
    }


def _page(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    login(page, username, PASSWORD)
    return page


def _submit_form(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("form [name=submit]").click()
    page.wait_for_load_state()


def _shown_due(page, case: ParallelCase, track: str) -> date:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base}{case.get_absolute_url()}")
    return date.fromisoformat(page.locator(f"[data-track={track}] [data-due-date]").inner_text())


def _inspect_draft_and_sign(page: Any, approver: Any, live_server: Any, track: Any) -> None:
    record_inspection(track.review.reviewer, track)
    page.goto(f"{live_server.url}{track.get_absolute_url()}")
    page.locator("[data-step=draft]").click()
    page.check("input[name=outcome][value=approve]")
    _submit_form(page)
    assert page.locator("[data-review=drafted]").is_visible()
    approver.goto(f"{live_server.url}{track.get_absolute_url()}")
    approver.locator("[data-step=sign]").click()
    approver.wait_for_load_state()
    approver.check("#id_confirm")
    approver.locator("[data-step=confirm-sign]").click()
    approver.wait_for_load_state()
    assert approver.locator("[data-decision=approve]").is_visible()


def test_parallel_case_two_reviewers_pause_extend_sign_and_download(browser, live_server, world, tmp_path) -> None:
    # the enterprise starts the case with one project form and uploads each material once
    applicant = _page(browser, live_server, "ent_parallel")
    applicant.goto(f"{live_server.url}/approvals/parallel/new/")
    for field in ("project_name", "project_address", "building_area", "building_height", "floors", "contact_name",
                  "contact_phone"):
        applicant.fill(f"[name={field}]", str(PROJECT[field]))
    applicant.select_option("[name=use]", PROJECT["use"])
    _submit_form(applicant)
    case = ParallelCase.objects.get()
    material = tmp_path / "material.pdf"
    material.write_bytes(PDF)
    for row in shared_requirements(case):
        if row["mandatory"]:
            item = applicant.locator(f"#shared-{row['code']}")
            item.locator("input[type=file]").set_input_files(str(material))
            item.locator("button").click()
            applicant.wait_for_load_state()
    applicant.locator("[data-action=submit]").click()
    applicant.click("[data-action=confirm]")  # asked once more
    applicant.wait_for_load_state()
    assert applicant.locator("[data-track=acceptance] [data-status=submitted]").is_visible()

    # the clerk accepts both tracks at once; each gets its own clock
    clerk = _page(browser, live_server, "clerk_parallel")
    clerk.goto(f"{live_server.url}/approvals/parallel/{case.pk}/intake/")
    check_every_material(clerk)
    clerk.locator("button[value=accept]").click()
    clerk.wait_for_load_state()
    accepted_on = timezone.localdate()
    acceptance_due = workdays.add_workdays(accepted_on, 20)
    assert _shown_due(clerk, case, "acceptance") == acceptance_due
    # the pre-opening track waits for the acceptance result (消防法 §15): no date of its own runs yet
    assert clerk.locator("[data-track=pre_opening] [data-due-date]").count() == 0

    # the approver assigns a different reviewer to each track
    approver = _page(browser, live_server, "approver_parallel")
    for track, reviewer in ((case.acceptance, "reviewer_a"), (case.pre_opening, "reviewer_b")):
        approver.goto(f"{live_server.url}{track.get_absolute_url()}")
        approver.locator("[data-step=assign]").click()
        approver.select_option("[name=reviewer]", str(world[reviewer].pk))
        _submit_form(approver)
        assert approver.locator("[data-reviewer]").is_visible()

    # reviewer A pauses the acceptance track for expert review, then resumes it
    reviewer_a = _page(browser, live_server, "reviewer_a")
    reviewer_a.goto(f"{live_server.url}{case.acceptance.get_absolute_url()}")
    reviewer_a.locator("[data-step=pause]").click()
    reviewer_a.check("[name=reason][value=expert_review]")
    reviewer_a.fill("[name=note]", "采用特殊消防设计，组织专家评审")
    _submit_form(reviewer_a)
    assert reviewer_a.locator("[data-clock-notice=pause]").is_visible()
    reviewer_a.locator("[data-step=resume]").click()
    _submit_form(reviewer_a)
    assert reviewer_a.locator("[data-clock-notice=resume]").is_visible()
    excluded = Clock.objects.for_owner(case.acceptance).get(purpose="decision").excluded
    assert _shown_due(reviewer_a, case, "acceptance") == workdays.add_workdays(accepted_on, 20 + excluded)

    # reviewer A records the site inspection and drafts; the approver previews and signs the acceptance
    _inspect_draft_and_sign(reviewer_a, approver, live_server, case.acceptance)

    # the pre-opening track's limit runs from the acceptance's approval; the approver extends it by 5 days
    approved_on = timezone.localdate()
    assert _shown_due(approver, case, "pre_opening") == workdays.add_workdays(approved_on, 10)
    approver.goto(f"{live_server.url}{case.pre_opening.get_absolute_url()}")
    approver.locator("[data-step=extend]").click()
    approver.fill("[name=amount]", "5")
    approver.fill("[name=reason]", "需要补充消防设施联动测试")
    _submit_form(approver)
    assert approver.locator("[data-clock-notice=extension]").is_visible()
    assert _shown_due(approver, case, "pre_opening") == workdays.add_workdays(approved_on, 15)

    # reviewer B records the site inspection and drafts; the approver signs the pre-opening track
    _inspect_draft_and_sign(_page(browser, live_server, "reviewer_b"), approver, live_server, case.pre_opening)

    # the enterprise sees the closed case with both decisions and downloads both PDFs
    applicant.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert applicant.locator("[data-case-closed]").is_visible()
    links = applicant.locator("[data-decision-pdf]")
    assert links.count() == 2
    for index in range(2):
        with applicant.expect_download() as download_info:
            links.nth(index).click()
        path = tmp_path / f"decision-{index}.pdf"
        download_info.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
    screenshot(applicant, "parallel-case-decided")
