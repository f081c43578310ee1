"""A grid manager on a 390 px phone: the desk's 上报隐患 button → the report form without his name and phone
asked again → the tracking page → his report on his desk and on his list, no page scrolling sideways."""

from __future__ import annotations

import pytest

from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot, scrolls_sideways
from tests.factories import PASSWORD, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def grid_manager():  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("gp")
    return staff(Role.GRID_MANAGER, units["grid"], username="grid_phone", full_name="郑网格", phone="13912345678")


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_a_grid_manager_reports_from_his_desk_on_a_phone_and_finds_the_report_there(phone_page, grid_manager) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    login(page, "grid_phone", PASSWORD)
    button = page.locator("main a[data-report-hazard]")
    assert button.is_visible()
    assert not scrolls_sideways(page)
    screenshot(page, "grid-manager-phone-01-desk")

    with page.expect_navigation():
        button.click()
    assert page.locator("input[name=reporter_name]").count() == 0
    assert page.locator("input[name=reporter_phone]").count() == 0
    assert "郑网格" in page.locator("[data-account-reporter]").inner_text()
    assert not scrolls_sideways(page)
    page.check("input[name=category][value=blocked_exit]")
    page.fill("input[name=address]", "北塔社区3号楼东侧通道")
    page.fill("textarea[name=description]", "楼道安全出口被电动车堵住")
    screenshot(page, "grid-manager-phone-02-form")
    with page.expect_navigation():
        page.click("#hazard-report-form button[type=submit]")
    page.wait_for_url("**/reports/t/**")
    report = HazardReport.objects.get()
    assert report.reporter == grid_manager

    page.goto(f"{page.base}/desk/grid_manager/")
    assert page.locator(f"[data-my-hazard-reports] a[href='{report.get_tracking_url()}']").is_visible()
    assert not scrolls_sideways(page)
    screenshot(page, "grid-manager-phone-03-desk-with-report")
    with page.expect_navigation():
        page.locator("[data-my-hazard-reports] a[href='/reports/mine/']").click()
    assert page.locator(f"main a[href='{report.get_tracking_url()}']").is_visible()
    assert not scrolls_sideways(page)
    screenshot(page, "grid-manager-phone-04-my-reports")
