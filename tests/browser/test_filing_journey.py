"""The filing journey in a real browser (issue: approvals part 1).

An enterprise files with one material missing → the clerk issues a one-time notice listing
it → the enterprise supplies it → the clerk accepts → the enterprise sees the due date and
downloads the acceptance notice; its QR page verifies it.
"""

from __future__ import annotations

import re

import pytest

from approvals.catalogue import load_catalogue
from approvals.models import Application, IntakeNotice, MaterialRequirement, Matter
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF, PROJECT
from tests.browser.conftest import check_every_material, login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("j")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    return {
        "applicant": enterprise_user(enterprise, username="ent_journey"),
        "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_journey", window_number="1号窗口"),
    }


def _new_page(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    login(page, username, PASSWORD)
    return page


def _upload(page, requirement_name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "material.pdf"
    path.write_bytes(PDF)
    item = page.locator("li.list-group-item", has_text=requirement_name)
    item.locator("input[type=file]").set_input_files(str(path))
    item.locator("button").click()
    page.wait_for_load_state()


def test_file_notice_supplement_accept_download_and_verify(browser, live_server, world, tmp_path) -> None:
    # the enterprise fills the project form and uploads all but one mandatory material
    applicant = _new_page(browser, live_server, "ent_journey")
    applicant.goto(f"{live_server.url}/approvals/new/acceptance/")
    for field in ("project_name", "project_address", "building_area", "building_height", "floors", "contact_name",
                  "contact_phone"):
        applicant.fill(f"[name={field}]", str(PROJECT[field]))
    applicant.select_option("[name=use]", PROJECT["use"])
    applicant.get_by_role("button", name=re.compile("保存|Save")).click()
    applicant.wait_for_url(re.compile(r"/approvals/\d+/$"))
    application = Application.objects.get()
    missing = MaterialRequirement.objects.get(matter__code="acceptance", code="completion_report")
    for item in application.required_items.select_related("requirement"):
        if item.requirement.is_mandatory and item.requirement != missing:
            _upload(applicant, item.requirement.name, tmp_path)
    applicant.check("#allow_incomplete")
    applicant.locator("[data-action=submit]").click()
    applicant.click("[data-action=confirm]")  # the page says what submitting does and asks once more
    applicant.wait_for_load_state()
    assert applicant.locator("[data-status=submitted]").is_visible()

    # the clerk opens it from the worklist; the missing report is preselected; one notice lists it
    clerk = _new_page(browser, live_server, "clerk_journey")
    clerk.goto(f"{live_server.url}/approvals/worklist/")
    clerk.get_by_role("link", name="intake").or_(clerk.get_by_role("link", name="受理审查")).first.click()
    row = clerk.locator(f"tr[data-requirement={missing.code}]")
    assert row.locator("select").input_value() == ""  # nothing is in order until the clerk looks
    row.locator("select").select_option("missing")
    row.locator(f"[name=problem_{missing.pk}]").fill("未提交工程竣工验收报告")
    check_every_material(clerk)
    screenshot(clerk, "intake-one-time-notice")
    clerk.locator("button[value=notice]").click()
    clerk.wait_for_load_state()
    assert clerk.locator("[data-status=deficient]").is_visible()

    # the enterprise supplies exactly that material and resubmits
    applicant.reload()
    assert applicant.get_by_text("未提交工程竣工验收报告").first.is_visible()
    _upload(applicant, missing.name, tmp_path)
    applicant.locator("[data-action=submit]").click()
    applicant.click("[data-action=confirm]")
    applicant.wait_for_load_state()

    # the clerk accepts
    clerk.goto(f"{live_server.url}/approvals/{application.pk}/intake/")
    check_every_material(clerk)
    clerk.locator("button[value=accept]").click()
    clerk.wait_for_load_state()
    assert clerk.locator("[data-status=accepted]").is_visible()

    # the enterprise sees the due date and downloads the acceptance notice
    applicant.reload()
    notice = IntakeNotice.objects.get(application=application, kind="acceptance")
    assert applicant.locator("[data-due-date]").first.inner_text() == notice.due_date.strftime("%Y-%m-%d")
    with applicant.expect_download() as download_info:
        applicant.locator("[data-notice-pdf=acceptance]").click()
    pdf_path = tmp_path / "notice.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    screenshot(applicant, "enterprise-accepted-application")

    # anyone following the QR code sees that the notice is authentic
    anonymous = browser.new_page()
    anonymous.goto(f"{live_server.url}{notice.get_verification_url()}")
    assert notice.number in anonymous.content()
    anonymous.close()
