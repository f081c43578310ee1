"""Complaints (B5): the reply reaches the complainant's phone or e-mail, and sending a complaint back
restarts the answer clock."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from feedback.enums import ComplaintKind, ComplaintSource, ComplaintStatus
from feedback.services.complaints import complaint_answer, complaint_open, complaint_send_back, contact_route
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.core.sms import MemorySmsBackend
from firesvc.notifications.delivery import outbox_deliver_due
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.factories import staff
from tests.feedback.supervision_helpers import at


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    a = tree["a"]
    MemorySmsBackend.outbox.clear()
    return {"supervisor": staff(Role.SUPERVISOR, a["detachment"], full_name="纪检甲"), "brigade": a["brigade"],
            # A second supervisor reviews the first one's answers (it is never its author who closes or sends back).
            "second": staff(Role.SUPERVISOR, a["detachment"], full_name="纪检乙")}


def _complaint(setup, contact: str = ""):  # type: ignore[no-untyped-def]
    return complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.ONLINE, unit=setup["brigade"],
                          text="检查人员态度生硬", complainant_name="赵女士", complainant_contact=contact, actor=None,
                          at=at(2026, 3, 3, 11))


@pytest.mark.parametrize(("contact", "route"), [
    ("13812345678", ("sms", "13812345678")),
    ("+86 138-1234-5678", ("sms", "13812345678")),
    ("138 1234 5678（赵）", None),
    ("zhao@example.cn", ("email", "zhao@example.cn")),
    ("024-23456789", None),
    ("", None),
    ("12812345678", None),
])
def test_contact_route_reads_a_mobile_number_or_an_e_mail(contact, route) -> None:  # type: ignore[no-untyped-def]
    assert contact_route(contact) == route


@override_settings(PORTAL_BASE_URL="https://119.example.cn")
def test_reply_is_sent_by_text_message_to_the_complainants_mobile(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "138 1234 5678")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已对当事民警批评教育")
    outbox_deliver_due()
    [(phone, text)] = MemorySmsBackend.outbox
    assert phone == "13812345678"
    assert "已对当事民警批评教育" in text
    assert f"https://119.example.cn{complaint.public_path()}" in text


def test_reply_is_e_mailed_when_the_contact_is_an_address(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "zhao@example.cn")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改")
    outbox_deliver_due()
    assert [m.to for m in mail.outbox] == [["zhao@example.cn"]]
    assert "已整改" in mail.outbox[0].body


def test_no_message_without_a_mobile_or_e_mail(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "024-23456789")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改")
    assert not OutboxMessage.objects.exists()


def test_reply_message_has_no_inbox(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "13812345678")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改")
    assert Notification.objects.get(kind="complaint_reply").recipient is None


def test_complaint_page_shows_where_the_reply_went(client, setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "13812345678")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改")
    client.force_login(setup["supervisor"])
    page = client.get(reverse("feedback:complaint", args=[complaint.pk])).content.decode()
    assert 'data-reply-messages="1"' in page
    assert "13812345678" in page


def test_sending_back_restarts_the_answer_clock(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup)
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改",
                     at=at(2026, 3, 5, 10))
    complaint_send_back(complaint=complaint, actor=setup["second"], reason="未说明整改措施")
    clocks = list(Clock.objects.for_owner(complaint).order_by("pk"))
    assert [c.status for c in clocks] == [ClockStatus.STOPPED, ClockStatus.RUNNING]
    assert clocks[1].rule.code == clocks[0].rule.code
    assert clocks[1].assignee == complaint.investigator
    assert AuditEvent.objects.filter(action="clock.start", object_id=str(complaint.pk),
                                     data__clock=clocks[1].pk).exists()


def test_a_second_answer_after_sending_back_sends_a_second_reply(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "13812345678")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改",
                     at=at(2026, 3, 5, 10))
    complaint_send_back(complaint=complaint, actor=setup["second"], reason="未说明整改措施")
    complaint = complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实",
                                 reply="已整改，并书面道歉", at=at(2026, 3, 6, 10))
    assert complaint.status == ComplaintStatus.ANSWERED
    assert OutboxMessage.objects.filter(channel="sms").count() == 2
    assert not Clock.objects.for_owner(complaint).exclude(status=ClockStatus.STOPPED).exists()


def test_investigator_is_told_the_complaint_came_back(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup)
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改")
    complaint_send_back(complaint=complaint, actor=setup["second"], reason="未说明整改措施")
    assert Notification.objects.filter(recipient=complaint.investigator, body="未说明整改措施").exists()


def _integrity(setup):  # type: ignore[no-untyped-def]
    return complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.ONLINE, unit=setup["brigade"],
                          text="执法人员索要好处", complainant_name="", actor=None, at=at(2026, 3, 3, 11))


def test_the_tracking_page_of_an_integrity_report_does_not_call_it_a_complaint(client, setup) -> None:  # type: ignore[no-untyped-def]
    row = _integrity(setup)
    complaint_answer(complaint=row, actor=setup["supervisor"], findings="属实", reply="已立案查处")
    page = client.get(row.public_path()).content.decode()
    assert "您的投诉" not in page
    assert "您的廉政举报" in page and "举报答复" in page


def test_the_staff_page_of_an_integrity_report_uses_report_words(client, setup) -> None:  # type: ignore[no-untyped-def]
    row = _integrity(setup)
    complaint_answer(complaint=row, actor=setup["supervisor"], findings="属实", reply="已立案查处")
    client.force_login(setup["supervisor"])
    page = client.get(row.get_absolute_url()).content.decode()
    assert "被投诉单位" not in page and "答复投诉人" not in page and "投诉人" not in page
    assert "被举报单位" in page and "答复举报人" in page


def test_the_investigator_is_told_of_an_integrity_report_as_such(setup) -> None:  # type: ignore[no-untyped-def]
    row = _integrity(setup)
    note = Notification.objects.get(recipient=setup["supervisor"], dedupe_key__startswith=f"complaint:{row.pk}:assign")
    assert note.title == f"待调查廉政举报 {row.number}"


def test_the_reply_rating_is_offered_in_the_words_of_the_good_bad_review(client, setup) -> None:  # type: ignore[no-untyped-def]
    row = _complaint(setup)
    complaint_answer(complaint=row, actor=setup["supervisor"], findings="属实", reply="已批评教育")
    page = client.get(row.public_path()).content.decode()
    for words in ("非常满意", "基本满意", "非常不满意"):
        assert words in page
    client.post(row.public_path(), {"rating": "4"})
    assert "满意" in client.get(row.public_path()).content.decode().split("data-reply-rating")[1][:80]


def test_the_review_queue_shows_an_answered_complaint_as_answered_not_due(client, setup) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(setup, "13812345678")
    complaint_answer(complaint=complaint, actor=setup["supervisor"], findings="属实", reply="已整改")
    client.force_login(setup["supervisor"])
    page = client.get(reverse("feedback:review_queue")).content.decode()
    row = page[page.index(f'data-complaint="{complaint.number}"'):].split("</tr>", 1)[0]
    assert "data-clock-stopped" in row
    assert "data-clock=" not in row


def test_the_complaint_forms_ask_to_choose_in_words_not_dashes() -> None:
    from feedback.forms.complaints import AssignForm, HotlineComplaintForm, OnlineComplaintForm
    from firesvc.accounts.models import User

    assert AssignForm(candidates=User.objects.none()).fields["investigator"].empty_label != "---------"
    assert HotlineComplaintForm.base_fields["unit"].empty_label != "---------"
    assert OnlineComplaintForm.base_fields["unit"].empty_label != "---------"


def test_the_tracking_page_states_the_rectification_in_one_sentence_of_its_language(client, setup) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.utils import translation

    row = _complaint(setup)
    complaint_answer(complaint=row, actor=setup["supervisor"], findings="属实", reply="已批评教育",
                     rectification="对检查人员批评教育")
    page = client.get(row.public_path()).content.decode()
    with translation.override(settings.LANGUAGE_CODE):  # the page's language: “整改措施：…”, full-width colon
        sentence = translation.gettext("Rectification: %(text)s") % {"text": "对检查人员批评教育"}
    assert f'<p class="small" data-rectification>{sentence}</p>' in page
