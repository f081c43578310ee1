"""A grid manager's day in a real browser (issue 9): sign in → the grid desk → report a hazard found on patrol
with the report form (their grid preselected) → record a patrol hazard of an enterprise in the grid → find it in
their hazard list.

Only the starting data is arranged in Python: the units, the grid manager and an enterprise in the grid."""

from __future__ import annotations

import pytest

from enterprises.safety.enums import HazardSource, HazardStatus
from enterprises.safety.models import Hazard
from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, nav_to, screenshot
from tests.browser.pickers import pick_enterprise
from tests.factories import PASSWORD, EnterpriseFactory, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def grid_world():  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("gd")
    staff(Role.GRID_MANAGER, units["grid"], username="grid_day", full_name="周网格")
    enterprise = EnterpriseFactory(brigade=units["brigade"], grid=units["grid"], name="北塔社区便民超市")
    EnterpriseFactory(brigade=units["brigade"], name="铁西其他网格商场")  # not in the grid
    return {**units, "enterprise": enterprise}


def test_a_grid_manager_reports_and_records_a_patrol_hazard_and_finds_it_in_the_list(page, grid_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "grid_day", PASSWORD)
    assert page.url.endswith("/desk/grid_manager/")
    assert grid_world["grid"].name in page.locator("h1").inner_text()
    screenshot(page, "journey-grid-manager-01-desk")

    # the hazard report form from the navigation, with the grid, community and sub-district preselected
    nav_to(page, "/reports/")
    for level in ("subdistrict", "community", "grid"):
        assert page.locator(f"select[name={level}]").input_value() == str(grid_world[level].pk)
    page.check("input[name=category][value=blocked_exit]")
    page.fill("input[name=address]", "北塔社区便民超市后门")
    page.fill("textarea[name=description]", "巡查发现超市后门安全出口被货架堵住")
    screenshot(page, "journey-grid-manager-02-report-preselected")
    with page.expect_navigation():
        page.click("#hazard-report-form button[type=submit]")
    page.wait_for_url("**/reports/t/**")
    report = HazardReport.objects.get()
    assert report.grid == grid_world["grid"]
    assert report.channel == "staff"
    assert grid_world["grid"].name in page.locator("main").inner_text()
    screenshot(page, "journey-grid-manager-03-report-tracking")

    # the same patrol: record the hazard of the enterprise in the grid
    nav_to(page, "/safety/hazards/")
    with page.expect_navigation():
        page.locator("main a[href='/safety/hazards/new/']").click()
    control = page.locator("#id_enterprise-ts-control")
    control.focus()
    control.press_sequentially("91210106")  # the credit codes' common start: both enterprises match it
    page.locator("#id_enterprise-ts-dropdown .option", has_text="北塔社区便民超市").wait_for()
    options = page.locator("#id_enterprise-ts-dropdown .option").all_inner_texts()
    assert not any("铁西其他网格商场" in o for o in options)  # the search stays in the grid
    control.fill("")
    pick_enterprise(page, "id_enterprise", "便民", "北塔社区便民超市")
    page.select_option("select[name=source]", HazardSource.PATROL)
    page.fill("textarea[name=description]", "超市后门安全出口被货架堵住")
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()
    hazard = Hazard.objects.get()
    assert page.url.endswith(f"/safety/hazards/{hazard.pk}/")
    assert hazard.unit == grid_world["brigade"]
    assert hazard.status == HazardStatus.RECORDED
    screenshot(page, "journey-grid-manager-04-hazard-recorded")

    # their hazard list shows it, found on patrol, waiting for the brigade's rectification order
    nav_to(page, "/safety/hazards/")
    rows = page.locator("table tbody tr", has=page.locator(f"a[href='/safety/hazards/{hazard.pk}/']"))
    assert rows.count() == 1
    text = rows.inner_text()
    assert "北塔社区便民超市" in text
    assert "网格巡查" in text
    assert str(HazardStatus.RECORDED.label) in text
    screenshot(page, "journey-grid-manager-05-hazard-list")
