"""Issue 20 §3 and §6 in a real browser: an administrator loads a year's holidays from the admin (paste,
preview, confirm); an approver puts a case in the green channel and the worklist shows it first; a
resident types a document's short verification code and sees the document's page."""

from __future__ import annotations

import pytest

from approvals.catalogue import load_catalogue
from approvals.checklists import load_checklists
from approvals.models import ChecklistItem, MaterialRequirement, Matter
from approvals.services.intake import application_accept
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from firesvc.workcalendar.models import CalendarYear
from tests.approvals.conftest import make_submitted
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, UserFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至2月12日（农历正月初八、周五）放假调休，共8天。2月14日（周日）上班。
"""


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    load_checklists(Matter, ChecklistItem)
    units = unit_chain("gc")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳绿通科技有限公司")
    world = {"enterprise": enterprise, "applicant": enterprise_user(enterprise, username="ent_green"),
             "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_green"),
             "approver": staff(Role.APPROVER, units["brigade"], username="approver_green")}
    world["early"] = make_submitted(world)
    world["notice_early"] = application_accept(actor=world["clerk"], application=world["early"])
    world["late"] = make_submitted(world)
    application_accept(actor=world["clerk"], application=world["late"])
    return world


def test_an_administrator_loads_a_year_of_holidays_in_the_admin(page, db) -> None:  # type: ignore[no-untyped-def]
    UserFactory(username="calendar_admin", roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    login(page, "calendar_admin", PASSWORD)
    page.goto(f"{page.base}/admin/workcalendar/calendaryear/")
    with page.expect_navigation():
        page.click("[data-load-holidays]")
    page.fill("input[name=year]", "2027")
    page.fill("textarea[name=text]", NOTICE_2027)
    with page.expect_navigation():
        page.click("input[name=preview]")
    page.wait_for_selector('[data-preview] tr[data-day="2027-02-14"][data-kind="workday"]')
    assert page.locator("[data-preview] tr[data-kind=holiday]").count() == 11
    screenshot(page, "calendar-admin-load-preview")
    assert not CalendarYear.objects.filter(year=2027).exists()
    with page.expect_navigation():
        page.click("[data-confirm-load]")
    assert CalendarYear.objects.get(year=2027).complete


def test_an_approver_puts_a_case_in_the_green_channel_and_it_leads_the_worklist(page, world) -> None:  # type: ignore[no-untyped-def]
    login(page, "approver_green", PASSWORD)
    page.goto(f"{page.base}{world['late'].get_absolute_url()}")
    page.fill("[data-green-channel-form] input[name=reason]", "省重点工程，优先办理")
    with page.expect_navigation():
        page.click("[data-action=green-channel]")
    assert page.locator("h1 .badge.bg-success").count() == 1
    page.goto(f"{page.base}/approvals/worklist/")
    first_row = page.locator("tr[data-application]").first
    assert first_row.get_attribute("data-application") == str(world["late"].pk)
    assert first_row.locator(".badge.bg-success").count() == 1
    screenshot(page, "green-channel-worklist")


def test_a_resident_types_a_notice_code_and_sees_it_is_genuine(page, world) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base}/approvals/verify/")
    page.fill("input[name=code]", world["notice_early"].printed_verification_code.lower())
    with page.expect_navigation():
        page.click("[data-verify-form] button[type=submit]")
    assert page.url.endswith(world["notice_early"].get_verification_url())
    assert world["notice_early"].number in page.content()
