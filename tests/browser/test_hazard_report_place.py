"""A resident on a phone picks the city, then one of its sub-districts (named with its district), and files
(issue 21 §5): two cities each have a 北塔街道, and only the chosen city's is offered."""

from __future__ import annotations

import pytest

from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import screenshot
from tests.factories import staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_cities():  # type: ignore[no-untyped-def]
    load_rule_sets()
    cities = {}
    for prefix, city, district in (("hg", "沈阳市消防救援支队", "皇姑区"), ("st", "朝阳市消防救援支队", "双塔区")):
        units = unit_chain(prefix)
        units["detachment"].name = city
        units["detachment"].save()
        units["brigade"].name = f"{district}消防救援大队"
        units["brigade"].save()
        units["subdistrict"].name = "北塔街道"
        units["subdistrict"].save()
        staff(Role.DUTY_OFFICER, units["subdistrict"], full_name="孙立")
        cities[prefix] = units
    return cities


def test_a_resident_picks_the_city_then_its_subdistrict_and_files(phone_page, two_cities) -> None:
    phone, chaoyang = phone_page, two_cities["st"]
    phone.goto(f"{phone.base}/reports/")
    assert phone.locator("[data-city-step]").count() == 0  # with script the city filters at once
    phone.check("input[name=category][value=blocked_exit]")
    phone.select_option("select[name=city]", str(chaoyang["detachment"].pk))
    option = f"select[name=subdistrict] option[value='{chaoyang['subdistrict'].pk}']"
    phone.wait_for_selector(option, state="attached")
    labels = phone.locator("select[name=subdistrict] option").all_inner_texts()
    assert labels == ["— 请选择 —", "北塔街道（双塔区）"]  # no longer "choose the city first"
    assert phone.locator("select[name=city] option:checked").inner_text() == "朝阳市"
    phone.select_option("select[name=subdistrict]", str(chaoyang["subdistrict"].pk))
    phone.wait_for_selector(f"select[name=community] option[value='{chaoyang['community'].pk}']", state="attached")
    phone.select_option("select[name=community]", str(chaoyang["community"].pk))
    phone.wait_for_selector(f"select[name=grid] option[value='{chaoyang['grid'].pk}']", state="attached")
    phone.select_option("select[name=grid]", str(chaoyang["grid"].pk))
    phone.fill("input[name=address]", "朝阳大街120号")
    phone.fill("textarea[name=description]", "堵塞通道")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "hazard-report-city-first")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/reports/t/**")
    report = HazardReport.objects.get()
    assert (report.subdistrict, report.grid) == (chaoyang["subdistrict"], chaoyang["grid"])


def test_without_script_the_city_step_reloads_the_form_with_its_subdistricts(browser, live_server,
                                                                            two_cities) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740},
                                  locale="zh-CN")
    phone = context.new_page()
    try:
        shenyang = two_cities["hg"]
        phone.goto(f"{live_server.url}/reports/")
        phone.select_option("select[name=city]", str(shenyang["detachment"].pk))
        phone.fill("input[name=address]", "北塔街12号")
        phone.click("[data-city-step]")
        labels = phone.locator("select[name=subdistrict] option").all_inner_texts()
        assert labels[1:] == ["北塔街道（皇姑区）"]
        assert phone.input_value("input[name=address]") == "北塔街12号"
    finally:
        context.close()
