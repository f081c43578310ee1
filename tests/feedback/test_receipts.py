"""Receipts (B2): the QR token, the 7-day window, automatic complaints, paper receipts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from feedback.enums import ComplaintKind, ComplaintSource, ReceiptChannel
from feedback.models import Complaint, Receipt
from feedback.services.receipts import Rating, receipt_for_token, receipt_paper_enter, receipt_rate
from firesvc.accounts.roles import Role
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.factories import staff
from tests.feedback.supervision_helpers import at, make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    supervisor = staff(Role.SUPERVISOR, tree["a"]["detachment"])
    act = make_act(unit=tree["a"]["brigade"], officer=officer)
    other = make_act(unit=tree["a"]["brigade"], officer=officer)
    return {"officer": officer, "supervisor": supervisor, "receipt": act.receipt, "other": other.receipt}


def _form(overall: int = 4, **extra: object) -> dict[str, object]:
    return {"overall": str(overall), "visit_confirmed": "on", "comment": "", **extra}


def test_receipt_token_is_long_and_random(setup) -> None:  # type: ignore[no-untyped-def]
    a, b = setup["receipt"], setup["other"]
    assert len(a.token) >= 32
    assert a.token != b.token


def test_receipt_token_does_not_open_another_receipt(setup) -> None:  # type: ignore[no-untyped-def]
    a, b = setup["receipt"], setup["other"]
    assert receipt_for_token(pk=b.pk, token=a.token) is None
    assert receipt_for_token(pk=a.pk, token=a.token) == a


def test_receipt_page_with_another_receipts_token_is_404(client, setup) -> None:  # type: ignore[no-untyped-def]
    a, b = setup["receipt"], setup["other"]
    response = client.post(reverse("feedback:receipt_public", args=[b.pk, a.token]), _form(1))
    assert response.status_code == 404
    assert Receipt.objects.get(pk=b.pk).rated_at is None


def test_receipt_page_with_a_guessed_token_is_404(client, setup) -> None:  # type: ignore[no-untyped-def]
    a = setup["receipt"]
    guessed = a.token[:-1] + ("y" if a.token.endswith("x") else "x")  # one character off, never the token itself
    assert client.get(reverse("feedback:receipt_public", args=[a.pk, guessed])).status_code == 404


def test_receipt_page_opens_without_login_and_records_the_rating(client, setup) -> None:  # type: ignore[no-untyped-def]
    a = setup["receipt"]
    url = reverse("feedback:receipt_public", args=[a.pk, a.token])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(5, punctuality="5", clarity="4", courtesy="5", comment="很专业"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.overall, a.clarity, a.comment, a.channel) == (5, 4, "很专业", ReceiptChannel.QR)
    assert not Complaint.objects.exists()


def test_receipt_page_keeps_input_and_explains_a_missing_rating(client, setup) -> None:  # type: ignore[no-untyped-def]
    a = setup["receipt"]
    response = client.post(reverse("feedback:receipt_public", args=[a.pk, a.token]), {"comment": "留言保留"})
    assert response.status_code == 400
    assert "留言保留" in response.content.decode()


def test_a_rating_of_two_opens_a_complaint_with_the_bad_rating_clock(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = receipt_rate(receipt=setup["receipt"], rating=Rating(overall=2, comment="迟到一小时"))
    complaint = Complaint.objects.get(receipt=receipt)
    assert complaint.source == ComplaintSource.RECEIPT
    assert complaint.kind == ComplaintKind.COMPLAINT
    assert complaint.text == "迟到一小时"
    assert Clock.objects.for_owner(complaint).get().rule.code == "complaint.answer_rating"
    assert complaint.investigator == setup["supervisor"]


def test_an_integrity_flag_opens_an_integrity_report(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = receipt_rate(receipt=setup["receipt"], rating=Rating(overall=4, integrity_flag=True))
    complaint = Complaint.objects.get(receipt=receipt)
    assert complaint.kind == ComplaintKind.INTEGRITY
    assert list(complaint.subject_officers.all()) == [setup["officer"]]


def test_changing_a_bad_rating_does_not_open_a_second_complaint(setup) -> None:  # type: ignore[no-untyped-def]
    receipt_rate(receipt=setup["receipt"], rating=Rating(overall=1))
    receipt_rate(receipt=setup["receipt"], rating=Rating(overall=2))
    assert Complaint.objects.count() == 1


def test_rating_can_be_changed_within_seven_days(setup) -> None:  # type: ignore[no-untyped-def]
    receipt_rate(receipt=setup["receipt"], rating=Rating(overall=3), at=at(2026, 3, 2, 12))
    receipt = receipt_rate(receipt=setup["receipt"], rating=Rating(overall=5), at=at(2026, 3, 9, 11))
    assert receipt.overall == 5
    assert receipt.first_rated_at == at(2026, 3, 2, 12)


def test_second_rating_after_seven_days_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    receipt_rate(receipt=setup["receipt"], rating=Rating(overall=3), at=at(2026, 3, 2, 12))
    with translation.override("en"), pytest.raises(ValidationError, match="7 days"):
        receipt_rate(receipt=setup["receipt"], rating=Rating(overall=1),
                     at=at(2026, 3, 2, 12) + timedelta(days=7, seconds=1))
    assert Receipt.objects.get(pk=setup["receipt"].pk).overall == 3


def test_receipt_page_refuses_a_change_after_seven_days(client, setup) -> None:  # type: ignore[no-untyped-def]
    a = setup["receipt"]
    url = reverse("feedback:receipt_public", args=[a.pk, a.token])
    with time_machine.travel(at(2026, 3, 2, 12), tick=False):
        client.post(url, _form(4))
    with time_machine.travel(at(2026, 3, 10, 12), tick=False):
        page = client.get(url).content.decode()
        response = client.post(url, _form(1))
    assert "data-locked" in page
    assert response.status_code == 400
    assert Receipt.objects.get(pk=a.pk).overall == 4


def test_paper_receipt_is_entered_by_staff_of_the_unit(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = receipt_paper_enter(receipt=setup["receipt"], rating=Rating(overall=5), actor=setup["officer"])
    assert receipt.channel == ReceiptChannel.PAPER
    assert receipt.entered_by == setup["officer"]


def test_paper_receipt_of_another_unit_is_refused(tree, setup) -> None:  # type: ignore[no-untyped-def]
    stranger = staff(Role.REVIEWER, tree["b"]["brigade"])
    with pytest.raises(PermissionDenied):
        receipt_paper_enter(receipt=setup["receipt"], rating=Rating(overall=5), actor=stranger)


def test_receipt_pdf_carries_the_qr_link(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["officer"])
    response = client.get(reverse("feedback:receipt_pdf", args=[setup["receipt"].act_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_receipt_pdf_of_another_unit_is_404(client, tree, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.REVIEWER, tree["b"]["brigade"]))
    assert client.get(reverse("feedback:receipt_pdf", args=[setup["receipt"].act_id])).status_code == 404


def test_bad_rating_page_links_to_the_complaint_tracking_page(client, setup) -> None:  # type: ignore[no-untyped-def]
    a = setup["receipt"]
    url = reverse("feedback:receipt_public", args=[a.pk, a.token])
    client.post(url, _form(1, comment="很差"))
    page = client.get(url).content.decode()
    assert Complaint.objects.get(receipt=a).public_path() in page
