"""The staff pages of the supervision loop: acts, complaints entered from the hotline, demo data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.enums import ActKind, ComplaintStatus, SealUpProposal
from feedback.models import Complaint, EnforcementAct
from firesvc.accounts.roles import Role
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, staff
from tests.feedback.supervision_helpers import make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    a = tree["a"]
    officer = staff(Role.REVIEWER, a["brigade"], full_name="李检查")
    return {"officer": officer, "supervisor": staff(Role.SUPERVISOR, a["detachment"]), "brigade": a["brigade"],
            "enterprise": EnterpriseFactory(brigade=a["brigade"])}


def test_staff_records_an_act_through_the_form(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    response = client.post(reverse("feedback:act_create"), {
        "kind": ActKind.INSPECTION, "unit": setup["brigade"].pk, "enterprise": setup["enterprise"].pk,
        "officers": [setup["officer"].pk], "occurred_at": "2026-03-02T10:00", "place": "建设大路1号",
        "summary": "日常监督检查", "documents_served": "监督检查记录"})
    act = EnforcementAct.objects.get()
    assert response["Location"] == act.get_absolute_url()
    assert act.documents_served == "监督检查记录"


def test_act_form_keeps_input_and_names_the_missing_counterparty(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    response = client.post(reverse("feedback:act_create"), {
        "kind": ActKind.PENALTY, "unit": setup["brigade"].pk, "officers": [setup["officer"].pk],
        "occurred_at": "2026-03-02T10:00", "place": "保留的地点", "summary": "处罚"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "保留的地点" in page
    assert not EnforcementAct.objects.exists()


def test_seal_up_proposed_on_an_inspection_then_the_measure_is_recorded_from_its_page(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    client.post(reverse("feedback:act_create"), {
        "kind": ActKind.INSPECTION, "unit": setup["brigade"].pk, "enterprise": setup["enterprise"].pk,
        "officers": [setup["officer"].pk], "occurred_at": "2026-03-02T10:00", "place": "建设大路1号",
        "summary": "疏散通道堵塞，拟临时查封", "seal_up": SealUpProposal.PROPOSED})
    inspection = EnforcementAct.objects.get()
    assert 'data-seal-up="proposed"' in client.get(inspection.get_absolute_url()).content.decode()
    form_page = client.get(reverse("feedback:act_create"), {"kind": "compulsory", "follows_inspection": inspection.pk})
    assert form_page.context["form"].initial["place"] == "建设大路1号"
    response = client.post(reverse("feedback:act_create"), {
        "kind": ActKind.COMPULSORY, "unit": setup["brigade"].pk, "enterprise": setup["enterprise"].pk,
        "officers": [setup["officer"].pk], "occurred_at": "2026-03-03T09:00", "place": "建设大路1号",
        "summary": "临时查封", "follows_inspection": inspection.pk})
    measure = EnforcementAct.objects.get(kind=ActKind.COMPULSORY)
    assert response["Location"] == measure.get_absolute_url()
    assert Clock.objects.for_owner(inspection).get().outcome == "sealed"


def test_no_seal_up_needs_a_reason(client, setup) -> None:  # type: ignore[no-untyped-def]
    inspection = make_act(unit=setup["brigade"], officer=setup["officer"], kind=ActKind.INSPECTION,
                          seal_up=SealUpProposal.PROPOSED)
    client.force_login(setup["officer"])
    client.post(reverse("feedback:act_seal_up_decline", args=[inspection.pk]), {"reason": " "})
    assert Clock.objects.for_owner(inspection).get().status == ClockStatus.RUNNING
    client.post(reverse("feedback:act_seal_up_decline", args=[inspection.pk]), {"reason": "当场整改"})
    assert Clock.objects.for_owner(inspection).get().outcome == "not_sealed"


def test_act_list_and_detail_show_the_act(client, setup) -> None:  # type: ignore[no-untyped-def]
    act = make_act(unit=setup["brigade"], officer=setup["officer"])
    client.force_login(setup["officer"])
    assert act.number in client.get(reverse("feedback:acts")).content.decode()
    detail = client.get(act.get_absolute_url()).content.decode()
    assert act.receipt.number in detail


def test_act_of_another_unit_is_404(client, tree, setup) -> None:  # type: ignore[no-untyped-def]
    act = make_act(unit=setup["brigade"], officer=setup["officer"])
    client.force_login(staff(Role.REVIEWER, tree["b"]["brigade"]))
    assert client.get(act.get_absolute_url()).status_code == 404
    assert act.number not in client.get(reverse("feedback:acts")).content.decode()


def test_hotline_complaint_is_entered_by_staff(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["supervisor"])
    client.post(reverse("feedback:complaint_hotline"), {
        "kind": "complaint", "unit": setup["brigade"].pk, "text": "来电反映检查迟到",
        "officers": [setup["officer"].pk], "complainant_name": "李先生"})
    complaint = Complaint.objects.get()
    assert complaint.source == "hotline"
    assert list(complaint.subject_officers.all()) == [setup["officer"]]


def test_complaint_page_answer_then_close(client, setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.services.complaints import complaint_open

    complaint = complaint_open(kind="complaint", source="hotline", unit=setup["brigade"], text="迟到", actor=None)
    client.force_login(setup["supervisor"])
    url = complaint.get_absolute_url()
    client.post(url, {"action": "answer", "findings": "属实", "reply": "已批评教育"})
    assert 'id="close-form"' not in client.get(url).content.decode()  # not the author's to close
    second = staff(Role.SUPERVISOR, setup["brigade"].parent)
    client.force_login(second)
    client.post(url, {"action": "close", "note": "办结"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.closed_by == second


def test_complaint_page_answer_keeps_input_on_error(client, setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.services.complaints import complaint_open

    complaint = complaint_open(kind="complaint", source="hotline", unit=setup["brigade"], text="迟到", actor=None)
    client.force_login(setup["supervisor"])
    response = client.post(complaint.get_absolute_url(), {"action": "answer", "findings": "保留的调查结论"})
    assert response.status_code == 400
    assert "保留的调查结论" in response.content.decode()


def test_receipts_for_enterprise(setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.receipts import receipts_for_enterprise

    act = make_act(unit=setup["brigade"], officer=setup["officer"], enterprise=setup["enterprise"])
    make_act(unit=setup["brigade"], officer=setup["officer"])
    assert list(receipts_for_enterprise(setup["enterprise"])) == [act.receipt]


def test_demo_seed_is_idempotent(db) -> None:  # type: ignore[no-untyped-def]
    from enterprises.demo import seed_enterprises
    from feedback.demo_supervision import seed_supervision_loop
    from firesvc.accounts.demo import seed_org_tree, seed_staff

    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_enterprises()
    assert seed_supervision_loop() > 0
    count = EnforcementAct.objects.count()
    assert seed_supervision_loop() == 0
    assert EnforcementAct.objects.count() == count
    assert Complaint.objects.filter(kind="integrity").exists()


def test_act_and_complaint_lists_query_count_does_not_grow(client, setup, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from feedback.services.receipts import Rating, receipt_rate

    def grow(n: int) -> None:
        for i in range(n):
            act = make_act(unit=setup["brigade"], officer=setup["officer"], enterprise=setup["enterprise"])
            receipt_rate(receipt=act.receipt, rating=Rating(overall=1 + i % 5, integrity_flag=i % 2 == 0))

    client.force_login(setup["supervisor"])
    grow(2)
    urls = [reverse("feedback:acts"), reverse("feedback:complaints")]
    for url in urls:
        client.get(url)
    counts = []
    for url in urls:
        with django_assert_max_num_queries(25) as small:
            client.get(url)
        counts.append(len(small.captured_queries))
    grow(8)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
