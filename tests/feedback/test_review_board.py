"""Supervisor review (B4): the queue, its order, the coverage board and exports, constant query counts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from feedback.enums import ActKind, ComplaintKind, VisitMethod
from feedback.models import Complaint, Receipt, ReturnVisit
from feedback.selectors.supervision_review import review_receipts_for
from feedback.services.receipts import Rating, receipt_rate
from feedback.services.return_visits import visit_attempt_record
from feedback.services.supervision_review import AlreadyLodged, receipt_review, review_open_complaint
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, staff
from tests.feedback.supervision_helpers import at, make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    a = tree["a"]
    return {"officer": staff(Role.REVIEWER, a["brigade"]), "supervisor": staff(Role.SUPERVISOR, a["detachment"]),
            "brigade": a["brigade"]}


def _rated(setup, overall: int, flag: bool = False, n: int = 1) -> list[Receipt]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        act = make_act(unit=setup["brigade"], officer=setup["officer"], kind=ActKind.PENALTY,
                       enterprise=EnterpriseFactory(brigade=setup["brigade"]))
        out.append(receipt_rate(receipt=act.receipt, rating=Rating(overall=overall, integrity_flag=flag),
                                at=at(2026, 3, 3)))
    return out


def test_queue_puts_integrity_flags_then_lowest_ratings_first(setup) -> None:  # type: ignore[no-untyped-def]
    five, = _rated(setup, 5)
    two, = _rated(setup, 2)
    flagged, = _rated(setup, 4, flag=True)
    assert list(review_receipts_for(setup["supervisor"])) == [flagged, two, five]


def test_reviewed_receipt_leaves_the_queue(setup) -> None:  # type: ignore[no-untyped-def]
    receipt, = _rated(setup, 3)
    receipt_review(receipt=receipt, actor=setup["supervisor"], note="已核实")
    assert not review_receipts_for(setup["supervisor"]).exists()
    assert Receipt.objects.get(pk=receipt.pk).review_note == "已核实"


def test_reviewer_opens_a_complaint_from_a_receipt(client, setup) -> None:  # type: ignore[no-untyped-def]
    receipt, = _rated(setup, 3)
    client.force_login(setup["supervisor"])
    client.post(reverse("feedback:receipt_review", args=[receipt.pk]),
                {"action": "complaint", "kind": ComplaintKind.COMPLAINT, "text": "评语提到重复检查"})
    complaint = Complaint.objects.get(receipt=receipt)
    assert complaint.text == "评语提到重复检查"
    assert Receipt.objects.get(pk=receipt.pk).reviewed_at is not None


def test_filing_an_integrity_report_from_the_queue_says_so(client, setup) -> None:  # type: ignore[no-untyped-def]
    receipt, = _rated(setup, 3)
    client.force_login(setup["supervisor"])
    response = client.post(reverse("feedback:receipt_review", args=[receipt.pk]),
                           {"action": "complaint", "kind": ComplaintKind.INTEGRITY, "text": "评语提到吃请"},
                           follow=True)
    complaint = Complaint.objects.get(receipt=receipt)
    text = response.content.decode()
    assert "已立投诉" not in text
    assert f"已立廉政举报 {complaint.number}。" in text


def test_non_supervisor_cannot_open_the_queue(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    assert client.get(reverse("feedback:review_queue")).status_code == 403


def test_board_counts_acts_receipts_visits_and_complaints(setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.board import coverage_board

    _rated(setup, 2)
    _rated(setup, 4)
    visit = ReturnVisit.objects.order_by("pk").first()
    visit_attempt_record(visit=visit, actor=setup["supervisor"], method=VisitMethod.PHONE, reached=True,
                         questions_answers="问答", satisfaction=4, at=at(2026, 3, 4, 10))
    board = coverage_board(setup["supervisor"], start=at(2026, 3, 1).date(), end=at(2026, 3, 31).date(),
                           now=at(2026, 3, 5))
    row = board["units"][0]
    assert (row.acts, row.returned, row.visits_due, row.visits_done, row.satisfaction) == (2, 2, 1, 1, 3.0)
    officer_row = board["officers"][0]
    assert officer_row.acts == 2


def test_board_csv_export(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 4)
    client.force_login(setup["supervisor"])
    body = client.get(reverse("feedback:board"), {"start": "2026-03-01", "end": "2026-03-31",
                                                  "export": "csv"}).content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert len(lines) == 3  # header, one unit, one officer
    assert lines[1].split(",")[2] == "1"


def test_board_excel_export(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 4)
    client.force_login(setup["supervisor"])
    response = client.get(reverse("feedback:board"), {"start": "2026-03-01", "end": "2026-03-31", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).value == 1


def _get(client, url: str, params: dict | None = None) -> str:  # type: ignore[type-arg,no-untyped-def]
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_queue_query_count_does_not_grow(client, setup, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["supervisor"])
    _rated(setup, 2)  # one of each: a complaint (rating 2), a receipt and a visit to review
    visit_attempt_record(visit=ReturnVisit.objects.get(), actor=setup["supervisor"], method=VisitMethod.PHONE,
                         reached=True, questions_answers="问答", satisfaction=3, at=at(2026, 3, 4, 10))
    _get(client, reverse("feedback:review_queue"))  # warm the scope cache and content types
    with django_assert_max_num_queries(20) as small:
        _get(client, reverse("feedback:review_queue"))
    _rated(setup, 1, n=6)
    _rated(setup, 4, flag=True, n=3)
    for v in ReturnVisit.objects.filter(status="due")[:4]:
        visit_attempt_record(visit=v, actor=setup["supervisor"], method=VisitMethod.PHONE, reached=True,
                             questions_answers="问答", satisfaction=2, problem="检查迟到", at=at(2026, 3, 4, 10))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = _get(client, reverse("feedback:review_queue"))
    assert page.count("data-receipt=") == 10


def test_board_query_count_does_not_grow(client, setup, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["supervisor"])
    params = {"start": "2026-01-01", "end": "2026-12-31"}  # complaints count when received: now
    _rated(setup, 3)
    _get(client, reverse("feedback:board"), params)
    with django_assert_max_num_queries(20) as small:
        _get(client, reverse("feedback:board"), params)
    other = staff(Role.REVIEWER, setup["brigade"])
    for _ in range(5):
        act = make_act(unit=setup["brigade"], officer=other, kind=ActKind.PENALTY)
        review_open_complaint(actor=setup["supervisor"], kind=ComplaintKind.COMPLAINT, text="x",
                              receipt=act.receipt)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = _get(client, reverse("feedback:board"), params)
    assert 'data-col="complaints">5<' in page


def test_a_receipt_whose_bad_rating_opened_a_complaint_cannot_be_lodged_again(setup) -> None:  # type: ignore[no-untyped-def]
    receipt, = _rated(setup, 4, flag=True)  # 吃拿卡要: the rating itself opens an integrity report
    first = Complaint.objects.get(receipt=receipt)
    with pytest.raises(AlreadyLodged) as refused:
        review_open_complaint(actor=setup["supervisor"], kind=ComplaintKind.INTEGRITY, text="再立一次", receipt=receipt)
    assert refused.value.complaint == first
    assert Complaint.objects.filter(receipt=receipt).count() == 1


def test_a_receipt_lodged_once_by_the_reviewer_cannot_be_lodged_again(setup) -> None:  # type: ignore[no-untyped-def]
    receipt, = _rated(setup, 3)
    review_open_complaint(actor=setup["supervisor"], kind=ComplaintKind.COMPLAINT, text="x", receipt=receipt)
    with pytest.raises(AlreadyLodged):
        review_open_complaint(actor=setup["supervisor"], kind=ComplaintKind.COMPLAINT, text="y", receipt=receipt)
    assert Complaint.objects.filter(receipt=receipt).count() == 1


def test_a_visit_with_a_complaint_cannot_be_lodged_again(setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 4)
    visit = ReturnVisit.objects.get()
    visit_attempt_record(visit=visit, actor=setup["supervisor"], method=VisitMethod.PHONE, reached=True,
                         questions_answers="问答", satisfaction=1, problem="态度生硬",
                         at=at(2026, 3, 4, 10))  # opens a complaint
    with pytest.raises(AlreadyLodged):
        review_open_complaint(actor=setup["supervisor"], kind=ComplaintKind.COMPLAINT, text="y", visit=visit)
    assert Complaint.objects.filter(visit=visit).count() == 1


def test_lodging_a_receipt_again_leads_to_its_complaint(client, setup) -> None:  # type: ignore[no-untyped-def]
    receipt, = _rated(setup, 2)
    first = Complaint.objects.get(receipt=receipt)
    client.force_login(setup["supervisor"])
    response = client.post(reverse("feedback:receipt_review", args=[receipt.pk]),
                           {"action": "complaint", "kind": ComplaintKind.COMPLAINT, "text": "重复立案"})
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    assert Complaint.objects.filter(receipt=receipt).count() == 1


def test_the_queue_links_a_receipt_to_its_complaint_instead_of_offering_another(client, setup) -> None:  # type: ignore[no-untyped-def]
    lodged, = _rated(setup, 2)
    fresh, = _rated(setup, 3)
    complaint = Complaint.objects.get(receipt=lodged)
    client.force_login(setup["supervisor"])
    page = _get(client, reverse("feedback:review_queue"))
    card = page.split(f'data-receipt="{lodged.number}"')[1].split("data-receipt=")[0]
    assert complaint.get_absolute_url() in card and 'value="complaint"' not in card
    other = page.split(f'data-receipt="{fresh.number}"')[1].split("<h2")[0]
    assert 'value="complaint"' in other
