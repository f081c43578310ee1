"""Enterprise pickers in a real browser (issue 22): type part of a Chinese name, pick the result, submit."""

from __future__ import annotations

import re

import pytest

from approvals.catalogue import load_catalogue
from approvals.models import Application, MaterialRequirement, Matter
from enterprises.models import Enterprise, Forum, Suggestion
from enterprises.safety.enums import HazardSource
from enterprises.safety.models import Hazard
from firesvc.accounts.roles import Role
from firesvc.identifiers import make_uscc
from firesvc.sla.services import load_rule_sets
from tests.approvals.factories import PROJECT
from tests.browser.conftest import login, screenshot
from tests.browser.pickers import pick_enterprise
from tests.factories import PASSWORD, EnterpriseFactory, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def picker_world():  # type: ignore[no-untyped-def]
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)  # a transactional test after another finds the tables flushed
    units, other = unit_chain("pk"), unit_chain("po")
    Enterprise.objects.bulk_create(Enterprise(
        name=f"批量企业{n:04d}有限公司", uscc=make_uscc("91210106", f"{60_000_000 + n:08d}"),
        legal_representative="王建华", contact_name="李海燕", contact_phone="13800138000",
        address="沈阳市铁西区建设大路1号", brigade=units["brigade"]) for n in range(500))
    return {
        "target": EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司"),
        "neighbour": EnterpriseFactory(brigade=units["brigade"], name="盛京大酒店"),
        "outside": EnterpriseFactory(brigade=other["brigade"], name="锦州盛京物流有限公司"),
        "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_pk", full_name="王晓丽"),
        "reviewer": staff(Role.REVIEWER, units["brigade"], username="reviewer_pk", full_name="李建国"),
    }


def _dropdown_texts(page, field_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"#{field_id}-ts-dropdown .option").all_inner_texts()


def test_a_clerk_files_at_the_window_by_typing_part_of_the_name(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "clerk_pk", PASSWORD)
    page.goto(f"{page.base}/approvals/window-filing/")
    assert page.locator("select[name=enterprise] option").count() <= 1
    pick_enterprise(page, "id_enterprise", "盛京商", "沈阳盛京商贸有限公司", keyboard=True)
    page.select_option("select[name=matter]", str(Matter.objects.get(code="acceptance").pk))
    for name in ("project_name", "project_address", "building_area", "building_height", "floors",
                 "contact_name", "contact_phone"):
        page.fill(f"[name={name}]", str(PROJECT[name]))
    page.select_option("select[name=use]", str(PROJECT["use"]))
    screenshot(page, "picker-window-filing")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    application = Application.objects.get()
    assert application.enterprise == picker_world["target"]
    assert page.url.endswith(f"/approvals/{application.pk}/") or str(application.pk) in page.url


def test_a_hazard_is_recorded_for_an_enterprise_found_by_name(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/safety/hazards/new/")
    control = page.locator("#id_enterprise-ts-control")
    control.focus()
    control.press_sequentially("盛京")
    page.locator("#id_enterprise-ts-dropdown .option", has_text="盛京大酒店").wait_for()
    texts = _dropdown_texts(page, "id_enterprise")
    assert any("沈阳盛京商贸有限公司" in t for t in texts)
    assert not any("锦州" in t for t in texts)  # another brigade's enterprise is never offered
    control.press("Escape")
    control.fill("")
    pick_enterprise(page, "id_enterprise", "酒店", "盛京大酒店")
    page.select_option("select[name=source]", HazardSource.PATROL)
    page.fill("textarea[name=description]", "厨房排油烟管道油垢过厚")
    screenshot(page, "picker-hazard")
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()
    hazard = Hazard.objects.get()
    assert hazard.enterprise == picker_world["neighbour"]
    assert re.search(rf"/safety/hazards/{hazard.pk}/$", page.url)


def test_forum_attendees_are_picked_row_by_row(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/enterprises/forums/new/")
    page.fill("input[name=held_on]", "2026-03-02")
    page.fill("input[name=place]", "大队会议室")
    page.fill("input[name=topic]", "优化营商环境座谈会")
    pick_enterprise(page, "id_attendees-0-enterprise", "盛京商贸", "沈阳盛京商贸有限公司", keyboard=True)
    page.fill("input[name=attendees-0-representative]", "孙立新")
    page.fill("input[name=attendees-0-position]", "总经理")
    rows = page.locator("#attendees-rows [data-attendee-row]")
    assert rows.count() == 3
    page.locator("button[data-add-row]").click()  # a fourth row, added in the page, its picker ready and focused
    assert rows.count() == 4
    page.locator("#id_attendees-3-enterprise-ts-control:focus").wait_for()
    pick_enterprise(page, "id_attendees-3-enterprise", "酒店", "盛京大酒店")
    page.fill("input[name=attendees-3-representative]", "周红")
    screenshot(page, "picker-forum-rows")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    forum = Forum.objects.get()
    assert sorted(forum.attendees.values_list("enterprise", "representative", "position")) == sorted([
        (picker_world["target"].pk, "孙立新", "总经理"), (picker_world["neighbour"].pk, "周红", "")])


def test_a_forum_row_that_lacks_a_name_says_so_beside_it(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/enterprises/forums/new/")
    page.fill("input[name=held_on]", "2026-03-02")
    page.fill("input[name=topic]", "优化营商环境座谈会")
    pick_enterprise(page, "id_attendees-0-enterprise", "盛京商贸", "沈阳盛京商贸有限公司")
    page.fill("input[name=place]", "大队会议室")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field saves: the form's first submit button is "Save"
    assert not Forum.objects.exists()
    name = page.locator("input[name=attendees-0-representative]")
    assert name.get_attribute("aria-invalid") == "true"
    message = page.locator(f"#{name.get_attribute('aria-describedby')}")
    assert message.is_visible() and message.inner_text().strip()
    assert page.locator("select[name=attendees-0-enterprise]").input_value() == str(picker_world["target"].pk)
    assert page.locator("#attendees-rows [data-attendee-row]").count() == 3


def test_a_clerk_records_a_suggestion_for_an_enterprise_found_by_name(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "clerk_pk", PASSWORD)
    page.goto(f"{page.base}/enterprises/suggestions/new/")
    assert page.locator("select[name=enterprise] option").count() <= 1
    assert page.locator("input[name=uscc]").count() == 0  # no credit code to type any more
    pick_enterprise(page, "id_enterprise", "盛京商", "沈阳盛京商贸有限公司", keyboard=True)
    page.fill("input[name=submitter_name]", "孙立新")
    page.fill("textarea[name=content]", "希望窗口提供复印服务")
    screenshot(page, "picker-suggestion")
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()
    suggestion = Suggestion.objects.get()
    assert (suggestion.enterprise, suggestion.recorded_by) == (picker_world["target"], picker_world["clerk"])
    assert page.url.endswith(f"/enterprises/suggestions/{suggestion.pk}/")


@pytest.fixture
def no_script_page(browser, live_server):  # type: ignore[no-untyped-def]
    """A page of a browser with JavaScript off, at the live server."""
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


def test_without_javascript_a_forum_row_is_added_by_the_server(no_script_page, picker_world) -> None:  # type: ignore[no-untyped-def]
    page = no_script_page
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/enterprises/forums/new/")
    page.fill("input[name=topic]", "优化营商环境座谈会")
    page.fill("input[name=attendees-0-enterprise_code]", picker_world["target"].uscc)
    page.fill("input[name=attendees-0-representative]", "孙立新")
    with page.expect_navigation():
        page.locator("button[name=add_row]").click()
    assert page.locator("#attendees-rows [data-attendee-row]").count() == 4
    assert page.locator("input[name=attendees-0-enterprise_code]").input_value() == picker_world["target"].uscc
    assert page.locator("input[name=attendees-0-representative]").input_value() == "孙立新"
    assert page.locator("input[name=topic]").input_value() == "优化营商环境座谈会"
    assert page.locator(".invalid-feedback").count() == 0


def test_without_javascript_enter_in_a_field_saves_the_forum(no_script_page, picker_world) -> None:  # type: ignore[no-untyped-def]
    page = no_script_page
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/enterprises/forums/new/")
    page.fill("input[name=held_on]", "2026-03-02")
    page.fill("input[name=place]", "大队会议室")
    page.fill("input[name=topic]", "优化营商环境座谈会")
    page.fill("input[name=attendees-0-enterprise_code]", picker_world["target"].uscc)
    page.fill("input[name=attendees-0-representative]", "孙立新")
    with page.expect_navigation():
        page.locator("input[name=attendees-0-representative]").press("Enter")  # saves, not "add a row"
    forum = Forum.objects.get()
    assert list(forum.attendees.values_list("enterprise", "representative")) == [(picker_world["target"].pk, "孙立新")]
    assert page.url.endswith(f"/enterprises/forums/{forum.pk}/")


def test_without_javascript_the_credit_code_names_the_enterprise(no_script_page, picker_world) -> None:  # type: ignore[no-untyped-def]
    page = no_script_page
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/safety/hazards/new/")
    page.fill("input[name=enterprise_code]", picker_world["target"].uscc)
    page.select_option("select[name=source]", HazardSource.PATROL)
    page.fill("textarea[name=description]", "安全出口指示灯损坏")
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()
    assert Hazard.objects.get().enterprise == picker_world["target"]


def test_a_chinese_input_method_searches_the_committed_characters(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    """Pinyin on its way to characters is not searched; the characters the input method commits are."""
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/safety/hazards/new/")
    searched: list[str] = []
    page.on("request", lambda request: searched.append(request.url) if "/enterprises/choices/" in request.url
            else None)
    page.locator("#id_enterprise-ts-control").focus()
    ime = page.context.new_cdp_session(page)
    for typed in ("s", "sh", "shengjing"):  # composing, as a pinyin input method does
        ime.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
        page.wait_for_timeout(400)  # longer than the picker's pause before it searches
    ime.send("Input.insertText", {"text": "盛京"})  # the input method commits the characters
    page.locator("#id_enterprise-ts-dropdown .option", has_text="盛京大酒店").wait_for()
    assert searched and all("q=%E7%9B%9B%E4%BA%AC" in url for url in searched)  # only q=盛京
    page.keyboard.press("Enter")
    # the name that starts with the characters comes first, and Enter takes it
    assert page.locator("select[name=enterprise]").input_value() == str(picker_world["neighbour"].pk)


def test_the_clear_button_is_named_in_chinese(page, picker_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "reviewer_pk", PASSWORD)
    page.goto(f"{page.base}/safety/hazards/new/")
    pick_enterprise(page, "id_enterprise", "酒店", "盛京大酒店")
    clear = page.locator("#id_enterprise-ts-control ~ .clear-button, .ts-wrapper .clear-button").first
    assert clear.get_attribute("title") == "清除所选企业"
