"""A window clerk's day in a real browser (issue 9): the worklist → an application that arrived with missing and
faulty materials → one one-time notice listing every item at once ("three ones") → the enterprise supplies exactly
those → the clerk accepts → the case shows its statutory clock and working-day due date → the “three ones” page
counts one notice and no breach.

Only the starting data is arranged in Python (units, users, the two submitted applications)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from approvals.catalogue import load_catalogue
from approvals.models import Application, IntakeNotice, MaterialRequirement, Matter
from approvals.services.applications import application_submit
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF, make_draft
from tests.browser.conftest import check_every_material, screenshot
from tests.factories import EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

MISSING = ("completion_report", "system_test_report")
FAULTY = "business_licence"


@pytest.fixture
def window():  # type: ignore[no-untyped-def]
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("cl")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    other = EnterpriseFactory(brigade=units["brigade"], name="沈阳民生医院有限公司")
    world = {"applicant": enterprise_user(enterprise, username="ent_clerkday", full_name="孙立新"),
             "enterprise": enterprise,
             "clerk": staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_day", full_name="王晓丽",
                            window_number="1号窗口")}
    # the application of the day: two mandatory materials not provided, submitted knowingly incomplete
    application = application_submit(actor=world["applicant"], application=make_draft(world, skip=MISSING),
                                     allow_incomplete=True)
    # and a livelihood project in the green channel, which the worklist puts first
    green_world = {"applicant": enterprise_user(other, username="ent_green"), "enterprise": other}
    green = application_submit(actor=green_world["applicant"], application=make_draft(green_world))
    Application.objects.filter(pk=green.pk).update(green_channel=True)
    return {"application": application, "green": green}


def test_a_clerk_takes_in_an_incomplete_application_with_one_notice_and_accepts_it(
        new_page, live_server, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    application: Application = window["application"]
    clerk = new_page("clerk_day")
    assert clerk.url.endswith("/desk/window_clerk/")

    # the worklist: green channel first, then the day's application with its intake link
    clerk.goto(f"{live_server.url}/approvals/worklist/")
    rows = clerk.locator("tbody tr[data-application]")
    assert rows.count() == 2
    assert rows.first.get_attribute("data-application") == str(window["green"].pk)
    assert rows.first.locator(".badge.bg-success").is_visible()
    screenshot(clerk, "journey-clerk-01-worklist")
    row = clerk.locator(f'tr[data-application="{application.pk}"]')
    with clerk.expect_navigation():
        row.get_by_role("link", name="受理审查").click()
    assert clerk.url.endswith(f"/approvals/{application.pk}/intake/")

    # intake: every material starts unchecked; the clerk marks the two never uploaded missing, finds the
    # licence faulty and the others in order
    for code in MISSING:
        row = clerk.locator(f"tr[data-requirement={code}]")
        assert row.locator("select").input_value() == ""
        row.locator("select").select_option("missing")
    problems = {"completion_report": "未提交工程竣工验收报告", "system_test_report": "未提交消防设施检测合格报告"}
    for code, problem in problems.items():
        clerk.locator(f"tr[data-requirement={code}] input[name^=problem_]").fill(problem)
    licence = clerk.locator(f"tr[data-requirement={FAULTY}]")
    licence.locator("select").select_option("faulty")
    licence.locator("input[name^=problem_]").fill("营业执照已过有效期")
    licence.locator("input[name^=fix_]").fill("上传有效期内的营业执照副本")
    check_every_material(clerk)
    screenshot(clerk, "journey-clerk-02-intake")
    with clerk.expect_navigation():
        clerk.locator("button[value=notice]").click()
    assert clerk.locator("[data-status=deficient]").is_visible()
    notice = IntakeNotice.objects.get(application=application, kind="deficiency")
    assert len(notice.items) == 3  # every item at once
    assert f"已出具一次性告知书 {notice.number}，共 3 项" in clerk.locator(".alert-success").inner_text()
    screenshot(clerk, "journey-clerk-03-one-time-notice")

    # the enterprise sees every listed item at once and supplies exactly those three
    applicant = new_page("ent_clerkday")
    applicant.goto(f"{live_server.url}/approvals/{application.pk}/")
    page_text = applicant.locator("body").inner_text()
    for problem in (*problems.values(), "营业执照已过有效期"):
        assert problem in page_text
    material = tmp_path / "material.pdf"
    material.write_bytes(PDF)
    for code in (*MISSING, FAULTY):
        name = MaterialRequirement.objects.get(matter__code="acceptance", code=code).name
        item = applicant.locator("li.list-group-item", has_text=name)
        item.locator("input[type=file]").set_input_files(str(material))
        with applicant.expect_navigation():
            item.locator("button").click()
    with applicant.expect_navigation():
        applicant.locator("[data-action=submit]").click()
    with applicant.expect_navigation():  # asked once more
        applicant.click("[data-action=confirm]")
    assert applicant.locator("[data-status=submitted]").is_visible()

    # back at the window: the supplemented case is on the worklist again; everything is in order → accept
    clerk.goto(f"{live_server.url}/approvals/worklist/")
    with clerk.expect_navigation():
        clerk.locator(f'tr[data-application="{application.pk}"]').get_by_role("link", name="受理审查").click()
    assert clerk.locator(".alert-info").inner_text().count(notice.number) == 1  # the earlier notice is shown
    check_every_material(clerk)
    for code in (*MISSING, FAULTY):
        assert clerk.locator(f"tr[data-requirement={code}] select").input_value() == "ok"
    with clerk.expect_navigation():
        clerk.locator("button[value=accept]").click()
    assert clerk.locator("[data-status=accepted]").is_visible()

    # the case shows the decision clock and its due date in working days
    due = workdays.add_workdays(timezone.localdate(), 20)
    acceptance = IntakeNotice.objects.get(application=application, kind="acceptance")
    assert acceptance.due_date == due
    assert clerk.locator("[data-due-date]").first.inner_text() == due.isoformat()
    running = clerk.locator(".sla-clock", has_text=due.isoformat())
    assert running.count() == 1
    left = workdays.workdays_between(timezone.localdate(), due)
    assert re.search(rf"剩余 {left} \S*工作日", running.inner_text()), running.inner_text()
    screenshot(clerk, "journey-clerk-04-accepted-with-clock")

    # the “three ones” page: one notice for one application, no breach
    clerk.goto(f"{live_server.url}/approvals/three-ones/")
    cells = clerk.locator("tbody tr", has_text="王晓丽").locator("td").all_inner_texts()
    assert cells[5] == "1", cells
    assert cells[7] == "0", cells
    screenshot(clerk, "journey-clerk-05-three-ones")
