"""A resident reports a hazard on a phone; the duty officer handles it live; the reply reaches the phone (B6)."""

from __future__ import annotations

import pytest

from feedback.hazard_reports.models import HazardReport
from feedback.models import PatrolTeam
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district():  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("p")
    staff(Role.DUTY_OFFICER, units["subdistrict"], username="duty_browser", full_name="孙立")
    team = PatrolTeam.objects.create(name="p社区保消巡逻队", kind="community_patrol", unit=units["community"],
                                     phone="0421-1234567")
    team.grids.add(units["grid"])
    return units


def test_phone_report_is_acknowledged_dispatched_and_closed_live(phone_page, page, district) -> None:
    # the duty officer has the live view open
    login(page, "duty_browser", PASSWORD)
    page.goto(f"{page.base}/reports/duty/")
    assert page.locator("[data-report]").count() == 0

    # a resident reports anonymously on a 360 px phone
    phone = phone_page
    phone.goto(f"{phone.base}/reports/")
    phone.check("input[name=category][value=blocked_exit]")
    phone.select_option("select[name=subdistrict]", str(district["subdistrict"].pk))
    phone.wait_for_selector(f"select[name=community] option[value='{district['community'].pk}']", state="attached")
    phone.select_option("select[name=community]", str(district["community"].pk))
    phone.wait_for_selector(f"select[name=grid] option[value='{district['grid'].pk}']", state="attached")
    phone.select_option("select[name=grid]", str(district["grid"].pk))
    phone.fill("input[name=address]", "友谊街12号楼2单元")
    phone.fill("textarea[name=description]", "楼道堆满纸箱，安全出口被锁")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "hazard-report-phone-form")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/reports/t/**")
    report = HazardReport.objects.get()
    assert phone.locator("[data-tracking-code]").inner_text() == report.tracking_code
    assert "p社区保消巡逻队" in phone.locator("[data-team]").inner_text()

    # the duty officer's screen shows it within seconds, without a reload, with its countdown
    row = page.locator(f'[data-report="{report.pk}"]')
    row.wait_for(timeout=15_000)
    assert row.locator("[data-due-at]").is_visible()
    # the script counts the ten minutes down to the second from the deadline and the server's clock
    countdown = row.locator("[data-due-at]")
    page.wait_for_function("el => /^(9|10):\\d\\d /.test(el.textContent)", arg=countdown.element_handle(),
                           timeout=5_000)
    screenshot(page, "hazard-report-duty-live")
    row.locator("[data-acknowledge]").click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    page.select_option("[data-form=dispatch] select[name=target]", "property")
    page.click("[data-form=dispatch] button")
    page.select_option("[data-form=verify] select[name=outcome]", "rectified")
    page.click("[data-form=verify] button")
    page.fill("[data-form=close] textarea[name=reply]", "物业已清理楼道，安全出口已打开。感谢您的举报！")
    page.click("[data-form=close] button")
    page.wait_for_selector("[data-status]")
    report.refresh_from_db()
    assert report.status == "closed"
    assert report.acknowledged_at <= report.ack_due_at

    # the reporter's tracking page shows each step and the reply
    phone.reload()
    assert phone.locator("[data-steps] li").count() == 5
    assert "物业已清理楼道" in phone.locator("[data-reply]").inner_text()
    screenshot(phone, "hazard-report-phone-tracking")
