"""The supervision loop in a real browser (issue 6): a signed approval decision creates an act → its receipt's
QR page is opened on a phone without an account and rated 2 with a comment → the complaint appears in the
supervisor's queue with its clock → the investigator answers → the supervisor closes it → the board changes."""

from __future__ import annotations

import pytest

from approvals.catalogue import load_catalogue
from approvals.models import MaterialRequirement, Matter
from approvals.services.intake import application_accept
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from feedback.enums import ActKind, ComplaintStatus
from feedback.models import Complaint, EnforcementAct
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import make_submitted, record_inspection
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("s")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京影城有限公司")
    world = {
        "enterprise": enterprise,
        "applicant": enterprise_user(enterprise, email="ent@example.com"),
        "clerk": staff(Role.WINDOW_CLERK, units["brigade"], window_number="1号窗口"),
        "approver": staff(Role.APPROVER, units["brigade"], full_name="张审批"),
        "reviewer": staff(Role.REVIEWER, units["brigade"], full_name="李审核"),
        "investigator": staff(Role.SUPERVISOR, units["brigade"], username="investigator_b", full_name="钱调查"),
        "supervisor": staff(Role.SUPERVISOR, units["detachment"], username="supervisor_d", full_name="赵纪检"),
        "brigade": units["brigade"],
    }
    return world


def _board_row(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base}/feedback/board/")
    row = page.locator("#board-units tbody tr").first
    return {col: row.locator(f'[data-col="{col}"]').inner_text().split(" ")[0]
            for col in ("acts", "returned", "satisfaction", "complaints")}


def test_bad_rating_to_closed_complaint(page, phone_page, world) -> None:  # type: ignore[no-untyped-def]
    # an approval decision is signed: the licence act and its receipt exist
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application)
    decision_draft(actor=world["reviewer"], application=application, outcome="approve", reasons="符合要求")
    decision = decision_sign(actor=world["approver"], application=application)
    act = EnforcementAct.objects.get()
    assert act.kind == ActKind.LICENCE
    assert act.source == decision

    login(page, "supervisor_d", PASSWORD)
    before = _board_row(page)
    assert before == {"acts": "1", "returned": "0", "satisfaction": "—", "complaints": "0"}

    # the enterprise scans the QR code on a phone: no login
    phone_page.goto(f"{phone_page.base}{act.receipt.public_path()}")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.check('input[name=overall][value="2"]')
    phone_page.fill("textarea[name=comment]", "约好九点，十点半才到，讲解也不清楚。")
    screenshot(phone_page, "receipt-rating-phone")
    phone_page.click("form.receipt-rating button")
    phone_page.wait_for_load_state()
    assert phone_page.locator(".alert-success").is_visible()
    complaint = Complaint.objects.get()
    assert complaint.investigator == world["investigator"]

    # the complaint is in the supervisor's queue with its five-working-day clock
    page.goto(f"{page.base}/feedback/review/")
    row = page.locator(f'[data-complaint="{complaint.number}"]')
    assert row.locator('[data-clock="complaint.answer_rating"]').is_visible()
    screenshot(page, "supervisor-queue")

    # the investigator answers
    page.context.clear_cookies()
    login(page, "investigator_b", PASSWORD)
    page.goto(f"{page.base}{complaint.get_absolute_url()}")
    page.fill("#answer-form textarea[name=findings]", "经查，检查人员因前一家单位检查延误未及时告知。")
    page.fill("#answer-form textarea[name=rectification]", "对检查人员批评教育，今后迟到须提前电话告知。")
    page.fill("#answer-form textarea[name=reply]", "您好，经调查情况属实，已对相关人员批评教育，感谢监督。")
    page.click("#answer-form button")
    page.wait_for_load_state()
    assert page.locator('[data-status="answered"]').is_visible()

    # the supervisor closes it
    page.context.clear_cookies()
    login(page, "supervisor_d", PASSWORD)
    page.goto(f"{page.base}{complaint.get_absolute_url()}")
    page.click("#close-form button")
    page.wait_for_load_state()
    assert page.locator('[data-status="closed"]').is_visible()
    assert Complaint.objects.get().status == ComplaintStatus.CLOSED

    # the board now shows the returned receipt, its rating and the complaint
    after = _board_row(page)
    assert after == {"acts": "1", "returned": "1", "satisfaction": "2.0", "complaints": "1"}
    screenshot(page, "coverage-board")
