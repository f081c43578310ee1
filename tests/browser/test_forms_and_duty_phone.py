"""Forms sent by clicking (issue 21 §3) and the duty officer working from a phone (§6)."""

from __future__ import annotations

import re

import pytest

from feedback.enums import ActKind
from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.services.reports import hazard_report_submit
from feedback.models import EnforcementAct
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot, scrolls_sideways
from tests.browser.pickers import pick_enterprise
from tests.factories import PASSWORD, EnterpriseFactory, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

# How many lines of text an element's content takes (one rectangle per line box).
LINES = """el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top))).size; }"""


@pytest.fixture
def units():  # type: ignore[no-untyped-def]
    load_rule_sets()
    return unit_chain("m")


def _report(units, category: str = "blocked_exit") -> HazardReport:  # type: ignore[no-untyped-def]
    return hazard_report_submit(category=category, subdistrict=units["subdistrict"], community=units["community"],
                                grid=units["grid"], address="朝阳大街120号北塔社区第1网格3号楼", description="楼道堆物")


def test_enforcement_act_form_is_sent_by_clicking_its_button(page, units) -> None:  # type: ignore[no-untyped-def]
    officer = staff(Role.REVIEWER, units["brigade"], username="act_officer", full_name="李检查")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="朝阳北塔商场")
    login(page, "act_officer", PASSWORD)
    page.goto(f"{page.base}/feedback/acts/new/")
    page.select_option("select[name=kind]", ActKind.INSPECTION)
    page.select_option("select[name=unit]", str(units["brigade"].pk))
    pick_enterprise(page, "id_enterprise", "北塔", "朝阳北塔商场")
    page.select_option("select[name=officers]", [str(officer.pk)])
    page.fill("input[name=occurred_at]", "2026-03-02T10:00")
    page.fill("input[name=place]", "朝阳大街120号")
    page.fill("textarea[name=summary]", "日常监督检查")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r"/feedback/acts/\d+/$"))
    act = EnforcementAct.objects.get()
    assert page.url.endswith(act.get_absolute_url())
    assert act.place == "朝阳大街120号"
    assert act.enterprise == enterprise


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_duty_screen_report_page_and_actions_fit_a_390_px_phone(phone_page, units) -> None:  # type: ignore[no-untyped-def]
    staff(Role.DUTY_OFFICER, units["subdistrict"], username="duty_phone", full_name="孙立")
    report = _report(units)
    _report(units, category="fire_system_off")
    page = phone_page
    login(page, "duty_phone", PASSWORD)
    page.goto(f"{page.base}/reports/duty/")
    row = page.locator(f'[data-report="{report.pk}"]')
    row.wait_for()
    screenshot(page, "hazard-duty-390")
    assert not scrolls_sideways(page)
    for cell in page.locator("[data-category]").all():
        assert cell.evaluate(LINES) == 1, cell.inner_text()
    row.locator("[data-acknowledge]").click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert not scrolls_sideways(page)
    page.select_option("[data-form=dispatch] select[name=target]", "property")
    page.locator("[data-form=dispatch] button[type=submit]").click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert HazardReport.objects.get(pk=report.pk).status == "dispatched"
    assert not scrolls_sideways(page)


def test_duty_screen_announces_a_new_report_in_its_title(page, units) -> None:  # type: ignore[no-untyped-def]
    staff(Role.DUTY_OFFICER, units["subdistrict"], username="duty_alert", full_name="孙立")
    login(page, "duty_alert", PASSWORD)
    page.clock.install()
    page.goto(f"{page.base}/reports/duty/")
    page.wait_for_function("() => !document.title.startsWith('(')")
    _report(units)
    page.clock.fast_forward(31_000)
    page.wait_for_function("() => document.title.startsWith('(1) ')")
    page.wait_for_selector("#duty-live[data-announced]", state="attached")
    sound = page.locator("#duty-live").get_attribute("data-sound")
    response = page.request.get(f"{page.base}{sound}")
    assert response.ok and response.body()[:4] == b"RIFF"


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_resident_finds_the_report_by_code_and_rates_it_dissatisfied(phone_page, units) -> None:  # type: ignore[no-untyped-def]
    from feedback.hazard_reports.services.reports import (
        hazard_report_acknowledge,
        hazard_report_close,
        hazard_report_dispatch,
        hazard_report_verify,
    )

    duty = staff(Role.DUTY_OFFICER, units["subdistrict"], full_name="孙立")
    report = _report(units)
    hazard_report_acknowledge(report=report, actor=duty)
    hazard_report_dispatch(report=report, actor=duty, target="property")
    hazard_report_verify(report=report, actor=duty, outcome="rectified")
    hazard_report_close(report=report, actor=duty, reply="已督促物业清理")
    page = phone_page
    page.goto(f"{page.base}/reports/t/")
    page.fill("input[name=code]", report.tracking_code)
    page.locator("#hazard-lookup-form button[type=submit]").click()
    page.wait_for_url(f"**{report.get_tracking_url()}")
    page.check("input[name=rating][value=dissatisfied]")
    page.fill("textarea[name=comment]", "楼道里还是堆满了东西")
    page.locator("[data-form=rate] button[type=submit]").click()
    page.wait_for_selector("[data-rating]")
    assert not scrolls_sideways(page)
    assert HazardReport.objects.get(pk=report.pk).status == "reopened"
