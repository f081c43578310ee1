"""Issue 22 §1 in a real browser: a clerk types part of a Chinese project name in the navigation bar's search
box and opens the case from the results; a person without an account follows the case from the start page's
case lookup (办件查询) with its number and query code, after a wrong code is answered without a result."""

from __future__ import annotations

import pytest

from approvals.catalogue import load_catalogue
from approvals.checklists import load_checklists
from approvals.models import Application, ChecklistItem, MaterialRequirement, Matter
from approvals.services.intake import application_accept
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import make_submitted
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    load_checklists(Matter, ChecklistItem)
    units, other = unit_chain("ss"), unit_chain("so")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳万达商业管理有限公司")
    world = {"enterprise": enterprise, "applicant": enterprise_user(enterprise, username="ent_search"),
             "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_search")}
    case = make_submitted(world)
    application_accept(actor=world["clerk"], application=case)
    # a case of another brigade with the same words: never in this clerk's results
    other_enterprise = EnterpriseFactory(brigade=other["brigade"], name="沈阳万达广场物业有限公司")
    make_submitted({"enterprise": other_enterprise, "applicant": enterprise_user(other_enterprise)})
    world["case"] = Application.objects.get(pk=case.pk)
    return world


def test_a_clerk_finds_a_case_from_the_navigation_bar(page, world) -> None:  # type: ignore[no-untyped-def]
    case = world["case"]
    login(page, "clerk_search", PASSWORD)
    page.fill("#nav-search", "万达广场")
    with page.expect_navigation():
        page.press("#nav-search", "Enter")
    results = page.locator("[data-search-group=applications] li")
    assert results.count() == 1
    assert case.number in results.inner_text() and "铁西万达广场三期" in results.inner_text()
    screenshot(page, "search-results")
    with page.expect_navigation():
        results.get_by_role("link", name=case.number).click()
    assert page.url.endswith(f"/approvals/{case.pk}/")


def test_anyone_follows_a_case_with_its_number_and_query_code(page, world) -> None:  # type: ignore[no-untyped-def]
    case = world["case"]
    page.goto(f"{page.base}/")
    with page.expect_navigation():
        page.click("main a[href='/approvals/lookup/']")
    page.fill("[name=number]", case.number)
    page.fill("[name=secret]", "2345-6789")
    with page.expect_navigation():
        page.click("[data-case-lookup] button[type=submit]")
    assert page.locator("[data-lookup-error]").is_visible()
    assert page.locator("[data-case-result]").count() == 0
    page.fill("[name=secret]", case.printed_query_code.lower())
    with page.expect_navigation():
        page.click("[data-case-lookup] button[type=submit]")
    result = page.locator("[data-case-result]")
    assert case.number in result.inner_text()
    assert page.locator("[data-case-status]").inner_text() == "已受理，审查中"
    assert f"{case.due_date:%Y-%m-%d}" in page.locator("[data-case-clock]").inner_text()
    screenshot(page, "case-lookup-result")
