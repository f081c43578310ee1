"""A discipline supervisor's day in a real browser (issue 9): the review queue lists returned receipts with the
lowest ratings first → one is marked reviewed with a note and leaves the queue → a complaint is opened from another
→ the complaint page shows it under investigation with its answer clock → the coverage board counts the acts,
receipts, mean rating and the complaint.

Only the starting data is arranged in Python: units, users, three inspections whose receipts were rated 5, 3 and 4
by the enterprises on their phones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.enums import ActKind, ComplaintStatus
from feedback.models import Complaint, Receipt
from feedback.services.receipts import Rating, receipt_rate
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, staff, unit_chain
from tests.feedback.supervision_helpers import make_act

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rated_receipts():  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("su")
    officer = staff(Role.REVIEWER, units["brigade"], username="officer_su", full_name="李检查")
    staff(Role.SUPERVISOR, units["brigade"], username="investigator_su", full_name="钱调查")
    staff(Role.SUPERVISOR, units["detachment"], username="supervisor_day", full_name="赵纪检")
    receipts = {}
    ratings = ((5, "沈阳盛京商贸有限公司", "检查认真，讲解清楚"),
               (3, "沈阳民生超市有限公司", "检查人员讲解不够清楚，整改要求前后不一"),
               (4, "沈阳北方影城有限公司", "总体满意"))
    for minutes, (rating, name, comment) in enumerate(ratings, start=1):
        enterprise = EnterpriseFactory(brigade=units["brigade"], name=name)
        act = make_act(unit=units["brigade"], officer=officer, kind=ActKind.INSPECTION, enterprise=enterprise,
                       when=timezone.now() - timedelta(minutes=minutes))
        receipts[rating] = receipt_rate(receipt=act.receipt, rating=Rating(overall=rating, comment=comment))
    return {"receipts": receipts, "brigade": units["brigade"]}


def test_a_supervisor_reviews_receipts_opens_a_complaint_and_reads_the_board(page, rated_receipts) -> None:  # type: ignore[no-untyped-def]
    receipts: dict[int, Receipt] = rated_receipts["receipts"]
    login(page, "supervisor_day", PASSWORD)
    assert page.url.endswith("/desk/supervisor/")

    # the review queue: no complaint yet; the returned receipts, lowest rating first
    page.goto(f"{page.base}/feedback/review/")
    assert page.locator("#complaint-queue tbody tr[data-complaint]").count() == 0
    cards = page.locator("[data-receipt]")
    assert [cards.nth(i).get_attribute("data-receipt") for i in range(cards.count())] == [
        receipts[3].number, receipts[4].number, receipts[5].number]
    assert cards.first.locator("strong").first.inner_text() == "3/5"
    screenshot(page, "journey-supervisor-01-review-queue")

    # the 4/5 receipt: checked, marked reviewed with a note; it leaves the queue
    page.locator(f'[data-receipt="{receipts[4].number}"] input[name=note]').fill("已电话回访，评价属实")
    with page.expect_navigation():
        page.locator(f'[data-receipt="{receipts[4].number}"] button[value=reviewed]').click()
    assert page.locator(".alert-success").is_visible()
    assert page.locator(f'[data-receipt="{receipts[4].number}"]').count() == 0
    assert page.locator("[data-receipt]").count() == 2
    reviewed = Receipt.objects.get(pk=receipts[4].pk)
    assert reviewed.reviewed_at is not None
    assert reviewed.review_note == "已电话回访，评价属实"
    screenshot(page, "journey-supervisor-02-marked-reviewed")

    # the 3/5 receipt: a complaint is opened on it; it appears in the open complaints with its clock
    card = page.locator(f'[data-receipt="{receipts[3].number}"]')
    card.locator("select[name=kind]").select_option("complaint")
    card.locator("input[name=text]").fill("核实检查人员讲解不清、整改要求前后不一的问题")
    with page.expect_navigation():
        card.locator("button[value=complaint]").click()
    complaint = Complaint.objects.get()
    assert complaint.number in page.locator(".alert-success").inner_text()
    row = page.locator(f'[data-complaint="{complaint.number}"]')
    assert row.locator("[data-clock]").is_visible()
    assert "钱调查" in row.inner_text()
    screenshot(page, "journey-supervisor-03-complaint-opened")

    # the complaint's page: under investigation, with what is to be investigated
    with page.expect_navigation():
        row.get_by_role("link", name=complaint.number).click()
    assert page.locator(f'[data-status="{ComplaintStatus.OPEN}"]').is_visible()
    assert "整改要求前后不一" in page.locator("main").inner_text()
    screenshot(page, "journey-supervisor-04-complaint")

    # the coverage board: three acts, three receipts returned, mean rating 4.0, one complaint
    page.goto(f"{page.base}/feedback/board/")
    unit_row = page.locator(f'#board-units tr[data-row="{rated_receipts["brigade"].name}"]')
    figures = {col: unit_row.locator(f'[data-col="{col}"]').inner_text().split(" ")[0]
               for col in ("acts", "returned", "satisfaction", "complaints")}
    assert figures == {"acts": "3", "returned": "3", "satisfaction": "4.0", "complaints": "1"}
    officer_row = page.locator('#board-officers tr', has_text="李检查")
    assert officer_row.locator('[data-col="acts"]').inner_text() == "3"
    screenshot(page, "journey-supervisor-05-coverage-board")
