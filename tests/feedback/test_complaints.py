"""Complaints and integrity reports (B5): lifecycle, and who may see an integrity report — on every path."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from feedback.enums import ComplaintKind, ComplaintSource, ComplaintStatus
from feedback.models import Complaint
from feedback.selectors.board import coverage_board
from feedback.services.complaints import (
    complaint_answer,
    complaint_close,
    complaint_open,
    complaint_rate_reply,
    complaint_send_back,
)
from firesvc.accounts.roles import Role
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.factories import UserFactory, staff
from tests.feedback.supervision_helpers import at, make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    a = tree["a"]
    officer = staff(Role.REVIEWER, a["brigade"], full_name="王执法")
    people = {
        "officer": officer,
        "supervisor": staff(Role.SUPERVISOR, a["detachment"], full_name="纪检甲"),
        "brigade_supervisor": staff(Role.SUPERVISOR, a["brigade"]),
        "colleague": staff(Role.APPROVER, a["brigade"]),
        "admin": UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True),
    }
    act = make_act(unit=a["brigade"], officer=officer, when=at(2026, 3, 2, 10))
    integrity = complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.HOTLINE, unit=a["brigade"],
                               act=act, text="执法人员索要购物卡", subject_officers=[officer], actor=None,
                               at=at(2026, 3, 3, 10))
    ordinary = complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE, unit=a["brigade"],
                              act=act, text="检查时迟到", actor=None, at=at(2026, 3, 3, 11))
    return {**people, "act": act, "integrity": integrity, "ordinary": ordinary}


def test_integrity_report_goes_to_a_supervisor_above_the_unit(setup) -> None:  # type: ignore[no-untyped-def]
    assert setup["integrity"].investigator == setup["supervisor"]


@pytest.mark.parametrize("who", ["officer", "brigade_supervisor", "colleague", "admin"])
def test_integrity_report_is_hidden_from_the_queryset(setup, who) -> None:  # type: ignore[no-untyped-def]
    visible = Complaint.objects.visible_to(setup[who])
    assert setup["integrity"] not in visible
    assert visible.filter(kind=ComplaintKind.INTEGRITY).count() == 0


def test_discipline_supervisor_above_sees_the_integrity_report(setup) -> None:  # type: ignore[no-untyped-def]
    assert setup["integrity"] in Complaint.objects.visible_to(setup["supervisor"])


def test_named_supervisor_does_not_see_the_report_about_them(tree, setup) -> None:  # type: ignore[no-untyped-def]
    other = staff(Role.SUPERVISOR, tree["a"]["detachment"])
    setup["integrity"].subject_officers.add(other)
    assert setup["integrity"] not in Complaint.objects.visible_to(other)


def test_named_officer_cannot_see_the_report_in_the_list(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    page = client.get(reverse("feedback:complaints")).content.decode()
    assert setup["ordinary"].number in page
    assert setup["integrity"].number not in page
    assert "索要购物卡" not in page


def test_named_officer_gets_404_on_the_detail(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    assert client.get(reverse("feedback:complaint", args=[setup["integrity"].pk])).status_code == 404


def test_named_officer_cannot_find_the_report_by_search(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    for q in (setup["integrity"].number, "购物卡"):
        page = client.get(reverse("feedback:complaints"), {"q": q}).content.decode()
        assert 'data-total>0<' in page
        assert "索要购物卡" not in page


def test_named_officer_counts_do_not_include_the_report(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    page = client.get(reverse("feedback:complaints")).content.decode()
    assert 'data-total>1<' in page
    assert 'data-count="open">1<' in page


def test_named_officer_export_does_not_include_the_report(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    body = client.get(reverse("feedback:complaints_export")).content.decode("utf-8-sig")
    assert setup["ordinary"].number in body
    assert setup["integrity"].number not in body


def test_named_officer_api_does_not_include_the_report(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    data = json.loads(client.get(reverse("feedback:complaints_api")).content)
    assert data["count"] == 1
    assert [r["number"] for r in data["results"]] == [setup["ordinary"].number]


def test_brigade_supervisor_review_queue_and_board_leave_the_report_out(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["brigade_supervisor"])
    page = client.get(reverse("feedback:review_queue")).content.decode()
    assert setup["ordinary"].number in page
    assert setup["integrity"].number not in page
    board = coverage_board(setup["brigade_supervisor"], start=at(2026, 3, 1).date(), end=at(2026, 3, 31).date())
    assert board["units"][0].complaints == 1
    assert board["officers"][0].complaints == 0


def test_supervisor_board_counts_the_report(setup) -> None:  # type: ignore[no-untyped-def]
    board = coverage_board(setup["supervisor"], start=at(2026, 3, 1).date(), end=at(2026, 3, 31).date())
    assert board["units"][0].complaints == 2
    assert board["officers"][0].complaints == 1


def test_admin_site_does_not_list_the_report(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["admin"])
    page = client.get(reverse("admin:feedback_complaint_changelist")).content.decode()
    assert setup["ordinary"].number in page
    assert setup["integrity"].number not in page


def test_investigator_answers_and_the_clock_stops(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = complaint_answer(complaint=setup["integrity"], actor=setup["supervisor"], findings="查实",
                                 rectification="退还购物卡并通报批评", reply="已查实并处理")
    assert complaint.status == ComplaintStatus.ANSWERED
    assert Clock.objects.for_owner(complaint).get().status == ClockStatus.STOPPED


def test_hotline_complaint_uses_the_fifteen_day_clock(setup) -> None:  # type: ignore[no-untyped-def]
    clock = Clock.objects.for_owner(setup["ordinary"]).get()
    assert clock.rule.code == "complaint.answer"
    assert clock.limit == 15


def test_only_a_supervisor_closes(setup) -> None:  # type: ignore[no-untyped-def]
    complaint_answer(complaint=setup["ordinary"], actor=setup["brigade_supervisor"], findings="属实", reply="已整改")
    with pytest.raises(PermissionDenied):
        complaint_close(complaint=setup["ordinary"], actor=setup["colleague"])
    closed = complaint_close(complaint=setup["ordinary"], actor=setup["supervisor"])
    assert closed.status == ComplaintStatus.CLOSED


def test_the_supervisor_who_answered_does_not_close_their_own_answer(setup) -> None:  # type: ignore[no-untyped-def]
    complaint_answer(complaint=setup["ordinary"], actor=setup["brigade_supervisor"], findings="属实", reply="已整改")
    with pytest.raises(PermissionDenied):
        complaint_close(complaint=setup["ordinary"], actor=setup["brigade_supervisor"])


def test_the_supervisor_who_answered_does_not_send_their_own_answer_back(setup) -> None:  # type: ignore[no-untyped-def]
    complaint_answer(complaint=setup["ordinary"], actor=setup["supervisor"], findings="属实", reply="已整改")
    with pytest.raises(PermissionDenied):
        complaint_send_back(complaint=setup["ordinary"], actor=setup["supervisor"], reason="再查")


def test_an_unanswered_complaint_cannot_be_closed(setup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        complaint_close(complaint=setup["ordinary"], actor=setup["supervisor"])


def test_complainant_rates_the_reply_once(setup) -> None:  # type: ignore[no-untyped-def]
    complaint_answer(complaint=setup["ordinary"], actor=setup["supervisor"], findings="属实", reply="已整改")
    assert complaint_rate_reply(complaint=setup["ordinary"], rating=4).reply_rating == 4
    with pytest.raises(ValidationError):
        complaint_rate_reply(complaint=setup["ordinary"], rating=1)


def test_tracking_page_needs_the_right_token(client, setup) -> None:  # type: ignore[no-untyped-def]
    c, other = setup["ordinary"], setup["integrity"]
    assert client.get(reverse("feedback:complaint_track", args=[c.pk, c.token])).status_code == 200
    assert client.get(reverse("feedback:complaint_track", args=[c.pk, other.token])).status_code == 404


def test_online_complaint_without_an_account(client, setup, tree) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("feedback:complaint_online"), {
        "kind": "complaint", "unit": tree["a"]["brigade"].pk, "text": "窗口人员态度差", "website": ""})
    complaint = Complaint.objects.get(text="窗口人员态度差")
    assert complaint.source == ComplaintSource.ONLINE
    assert response["Location"] == complaint.public_path()


def test_the_online_complaint_confirmation_names_the_address_to_follow_it(client, setup, tree) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.messages import get_messages

    response = client.post(reverse("feedback:complaint_online"), {
        "kind": "complaint", "unit": tree["a"]["brigade"].pk, "text": "窗口人员态度差", "website": ""})
    complaint = Complaint.objects.get(text="窗口人员态度差")
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert complaint.public_path() in message


def test_online_complaint_keeps_input_when_unit_missing(client, setup) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("feedback:complaint_online"), {"kind": "complaint", "text": "保留我的文字"})
    assert response.status_code == 400
    assert "保留我的文字" in response.content.decode()


def test_online_complaint_refuses_a_contact_that_is_no_phone_and_keeps_the_input(client, setup, tree) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("feedback:complaint_online"), {
        "kind": "complaint", "unit": tree["a"]["brigade"].pk, "text": "保留我的文字", "complainant_contact": "abc"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="abc"' in html and "保留我的文字" in html and "024-23456789" in html
    assert not Complaint.objects.filter(text="保留我的文字").exists()


@pytest.mark.parametrize("contact", ["abc", "1234", "12812345678"])
def test_a_typed_complaint_contact_must_be_a_phone_or_an_e_mail(setup, tree, contact: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE, unit=tree["a"]["brigade"],
                       text="态度差", complainant_contact=contact, actor=None)
    assert "complainant_contact" in refused.value.error_dict


@pytest.mark.parametrize("contact", ["", "13812345678", "+86 138-1234-5678", "024-23456789", "zhao@example.cn"])
def test_a_complaint_takes_a_mobile_a_landline_or_an_e_mail(setup, tree, contact: str) -> None:  # type: ignore[no-untyped-def]
    complaint = complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.ONLINE, unit=tree["a"]["brigade"],
                               text="态度差", complainant_contact=contact, actor=None)
    assert complaint.complainant_contact == contact


def test_online_complaint_honeypot_stores_nothing(client, setup, tree) -> None:  # type: ignore[no-untyped-def]
    before = Complaint.objects.count()
    client.post(reverse("feedback:complaint_online"), {
        "kind": "complaint", "unit": tree["a"]["brigade"].pk, "text": "spam", "website": "http://x"})
    assert Complaint.objects.count() == before


def _flagged(setup):  # type: ignore[no-untyped-def]
    from feedback.services.receipts import Rating, receipt_rate

    return receipt_rate(receipt=setup["act"].receipt, rating=Rating(overall=5, integrity_flag=True,
                                                                     comment="暗示购买指定灭火器"))


def test_named_officer_does_not_see_the_flag_on_the_act_page(client, setup) -> None:  # type: ignore[no-untyped-def]
    _flagged(setup)
    client.force_login(setup["officer"])
    detail = client.get(setup["act"].get_absolute_url()).content.decode()
    listing = client.get(reverse("feedback:acts")).content.decode()
    for page in (detail, listing):
        assert "暗示购买指定灭火器" not in page
        assert "text-bg-danger" not in page


def test_brigade_supervisor_review_queue_leaves_the_flagged_receipt_out(client, setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _flagged(setup)
    from feedback.selectors.supervision_review import review_receipts_for

    assert receipt not in review_receipts_for(setup["brigade_supervisor"])
    assert receipt in review_receipts_for(setup["supervisor"])


def _rated_pair(setup):  # type: ignore[no-untyped-def]
    """Two acts of the same officer: one receipt rated normally, one flagged 吃拿卡要."""
    from feedback.services.receipts import Rating, receipt_rate

    plain = make_act(unit=setup["act"].unit, officer=setup["officer"], when=at(2026, 3, 4, 10))
    receipt_rate(receipt=plain.receipt, rating=Rating(overall=5, comment="服务热情耐心"))
    return plain, _flagged(setup).act


@pytest.mark.parametrize("who", ["officer", "colleague", "brigade_supervisor"])
def test_act_page_shows_a_normal_receipt_like_a_flagged_one(client, setup, who) -> None:  # type: ignore[no-untyped-def]
    plain, flagged = _rated_pair(setup)
    client.force_login(setup[who])
    pages = [client.get(a.get_absolute_url()).content.decode() for a in (plain, flagged)]
    for page in pages:
        assert "已返回；评价内容由纪检监督员查阅" in page
        assert "服务热情耐心" not in page and "data-rating" not in page


def test_act_list_shows_every_returned_receipt_alike_to_the_officer(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated_pair(setup)
    client.force_login(setup["officer"])
    page = client.get(reverse("feedback:acts")).content.decode()
    assert "5/5" not in page
    assert page.count("<td>已返回</td>") == 2


def test_supervisor_above_reads_every_rating(client, setup) -> None:  # type: ignore[no-untyped-def]
    plain, flagged = _rated_pair(setup)
    client.force_login(setup["supervisor"])
    assert "服务热情耐心" in client.get(plain.get_absolute_url()).content.decode()
    assert "暗示购买指定灭火器" in client.get(flagged.get_absolute_url()).content.decode()


def test_brigade_supervisor_review_queue_leaves_every_own_receipt_out(setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.supervision_review import review_receipts_for

    plain, flagged = _rated_pair(setup)
    assert list(review_receipts_for(setup["brigade_supervisor"])) == []
    assert set(review_receipts_for(setup["supervisor"])) == {plain.receipt, flagged.receipt}


def test_enterprise_timeline_lists_the_flagged_receipt_like_any_other(setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.receipts import receipts_for_enterprise
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(brigade=setup["act"].unit)
    act = make_act(unit=setup["act"].unit, officer=setup["officer"], enterprise=enterprise)
    from feedback.services.receipts import Rating, receipt_rate

    receipt_rate(receipt=act.receipt, rating=Rating(overall=4, integrity_flag=True))
    assert list(receipts_for_enterprise(enterprise, setup["officer"])) == [act.receipt]
    assert list(receipts_for_enterprise(enterprise, setup["supervisor"])) == [act.receipt]


def test_the_list_counts_a_status_without_complaints_as_zero(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["supervisor"])
    page = client.get(reverse("feedback:complaints")).content.decode()
    assert 'data-count="open">2<' in page
    assert 'data-count="answered">0<' in page
    assert 'data-count="closed">0<' in page


def test_the_investigator_list_offers_only_supervisors_who_may_take_it(client, tree, setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.complaints import investigator_candidates

    elsewhere = staff(Role.SUPERVISOR, tree["b"]["detachment"], full_name="乙城纪检")
    assert elsewhere not in investigator_candidates(setup["ordinary"])
    assert set(investigator_candidates(setup["ordinary"])) == {setup["supervisor"], setup["brigade_supervisor"]}
    client.force_login(setup["supervisor"])
    page = client.get(reverse("feedback:complaint", args=[setup["ordinary"].pk])).content.decode()
    assert "纪检甲" in page and "乙城纪检" not in page


def test_an_integrity_report_is_not_offered_to_the_unit_or_the_officers_named(setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.complaints import investigator_candidates

    setup["integrity"].subject_officers.add(setup["supervisor"])
    assert list(investigator_candidates(setup["integrity"])) == []


def test_every_offered_investigator_can_be_assigned(setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.complaints import investigator_candidates
    from feedback.services.complaints import complaint_assign

    for person in investigator_candidates(setup["ordinary"]):
        assert complaint_assign(complaint=setup["ordinary"], investigator=person,
                                actor=setup["supervisor"]).investigator == person
