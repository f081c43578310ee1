"""A resident reports a hazard like one already closed: they follow their own open report, and the duty
officer sees the duplicate hint and links it (B6, issue 21 §1)."""

from __future__ import annotations

import pytest
from django.utils import translation

from feedback.hazard_reports.enums import ReportStatus
from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.services.reports import (
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_submit,
)
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

with translation.override("zh-hans"):
    RECEIVED, CLOSED = str(ReportStatus.NEW.label), str(ReportStatus.CLOSED.label)


@pytest.fixture
def closed_report():  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("d")
    duty = staff(Role.DUTY_OFFICER, units["subdistrict"], username="duty_dup", full_name="孙立")
    first = hazard_report_submit(category="blocked_exit", subdistrict=units["subdistrict"],
                                 community=units["community"], grid=units["grid"], address="友谊街12号楼",
                                 description="楼道堆物")
    hazard_report_close(report=hazard_report_acknowledge(report=first, actor=duty), actor=duty,
                        reply="友谊街12号楼的楼道已清理。")
    return {**units, "first": first}


def test_a_report_like_a_closed_one_stays_open_and_the_duty_officer_links_it(phone_page, page, closed_report) -> None:
    units, first = closed_report, closed_report["first"]
    # a resident reports a blocked exit at the same address, written their own way
    phone = phone_page
    phone.goto(f"{phone.base}/reports/")
    phone.check("input[name=category][value=blocked_exit]")
    phone.select_option("select[name=subdistrict]", str(units["subdistrict"].pk))
    phone.wait_for_selector(f"select[name=community] option[value='{units['community'].pk}']", state="attached")
    phone.select_option("select[name=community]", str(units["community"].pk))
    phone.wait_for_selector(f"select[name=grid] option[value='{units['grid'].pk}']", state="attached")
    phone.select_option("select[name=grid]", str(units["grid"].pk))
    phone.fill("input[name=address]", "友谊街 12 号楼")
    phone.fill("textarea[name=description]", "消防通道被车辆和杂物堵塞")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/reports/t/**")
    mine = HazardReport.objects.exclude(pk=first.pk).get()
    # they see their own report, received and open, not the closed one and its reply
    assert phone.locator("[data-tracking-code]").inner_text() == mine.tracking_code
    assert "友谊街 12 号楼" in phone.content()
    assert phone.locator("[data-status]").inner_text() == RECEIVED != CLOSED
    assert "友谊街12号楼的楼道已清理" not in phone.content()
    screenshot(phone, "hazard-report-duplicate-own-report")

    # the duty officer sees it on the duty screen with the hint, and links it from its page
    login(page, "duty_dup", PASSWORD)
    page.goto(f"{page.base}/reports/duty/")
    row = page.locator(f'[data-report="{mine.pk}"]')
    row.wait_for()
    hint = row.locator(f'[data-possible-duplicate="{first.pk}"]')
    assert hint.inner_text() == f"可能与 #{first.pk} 重复"
    screenshot(page, "hazard-report-duplicate-hint")
    hint.locator("a").click()  # the earlier report, to compare
    page.wait_for_url(f"**/reports/{first.pk}/")
    page.go_back()
    row.locator(f'a[href$="/reports/{mine.pk}/"]').click()
    page.wait_for_url(f"**/reports/{mine.pk}/")
    page.click("[data-form=link] button")
    page.wait_for_selector("[data-linked]")
    mine.refresh_from_db()
    assert (mine.duplicate_of_id, mine.status) == (first.pk, "new")
    # still on the duty screen, open, now marked as linked
    page.goto(f"{page.base}/reports/duty/")
    assert page.locator(f'[data-report="{mine.pk}"] [data-linked-to="{first.pk}"]').is_visible()

    # the resident still follows their own report
    phone.reload()
    assert phone.locator("[data-status]").inner_text() == RECEIVED
    assert "友谊街12号楼的楼道已清理" not in phone.content()
