"""The 长辈版 switch shows the page again: on the hazard report form, what the resident typed and chose stays
(static/js/portal.js keeps it in the tab's sessionStorage across the switch)."""

from __future__ import annotations

import pytest

from firesvc.sla.services import load_rule_sets
from tests.factories import unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district():  # type: ignore[no-untyped-def]
    load_rule_sets()
    return unit_chain("p")


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_switching_to_large_text_keeps_what_was_typed_in_the_report_form(phone_page, district) -> None:
    phone = phone_page
    phone.goto(f"{phone.base}/reports/")
    phone.check("input[name=category][value=electrical]")
    phone.select_option("select[name=subdistrict]", str(district["subdistrict"].pk))
    phone.wait_for_selector(f"select[name=community] option[value='{district['community'].pk}']", state="attached")
    phone.select_option("select[name=community]", str(district["community"].pk))
    phone.wait_for_selector(f"select[name=grid] option[value='{district['grid'].pk}']", state="attached")
    phone.select_option("select[name=grid]", str(district["grid"].pk))
    phone.fill("input[name=address]", "友谊街12号楼2单元")
    phone.fill("textarea[name=description]", "楼道里私拉电线给电动车充电")
    with phone.expect_navigation():
        phone.locator("[data-elder-switch] button:visible").click()
    assert phone.evaluate("() => document.documentElement.classList.contains('elder-mode')")
    assert phone.input_value("input[name=address]") == "友谊街12号楼2单元"
    assert phone.input_value("textarea[name=description]") == "楼道里私拉电线给电动车充电"
    assert phone.is_checked("input[name=category][value=electrical]")
    phone.wait_for_function("grid => document.querySelector('select[name=grid]').value === grid",
                            arg=str(district["grid"].pk))
    assert phone.input_value("select[name=community]") == str(district["community"].pk)


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_what_was_typed_is_given_back_once_only(phone_page, district) -> None:
    phone = phone_page
    phone.goto(f"{phone.base}/reports/")
    phone.fill("input[name=address]", "友谊街12号")
    with phone.expect_navigation():
        phone.locator("[data-elder-switch] button:visible").click()
    assert phone.input_value("input[name=address]") == "友谊街12号"
    phone.goto(f"{phone.base}/reports/")
    assert phone.input_value("input[name=address]") == ""
