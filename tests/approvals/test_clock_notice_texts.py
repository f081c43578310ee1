"""The words of the time-limit notices (A8): the typed reason inside its sentence, and the legal basis."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals import clock_notice_texts
from approvals.models import Application, ClockNotice
from approvals.services.clocks import track_extend, track_pause, track_resume
from approvals.services.intake import application_accept
from approvals.services.technical_review import review_assign
from firesvc.sla.enums import PauseReason
from tests.approvals.conftest import make_submitted
from tests.approvals.test_documents import pdf_text

pytestmark = pytest.mark.django_db

SECTION_45 = "依据：《中华人民共和国行政许可法》第四十五条。"


@pytest.fixture
def accepted(approvals_world: dict[str, Any]) -> Application:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    application = Application.objects.get(pk=application.pk)
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    return application


def _printed(client: Any, world: dict[str, Any], notice: ClockNotice) -> str:
    client.force_login(world["applicant"])
    return pdf_text(client.get(reverse("approvals:clock_notice_pdf", args=[notice.pk])).content)


def test_extension_notice_prints_typed_reason_without_its_full_stop(client, approvals_world, accepted):
    notice = track_extend(actor=approvals_world["approver"], application=accepted, amount=10,
                          reason="项目涉及特殊消防设计，需组织专家论证疏散设计。")
    text = _printed(client, approvals_world, notice)
    assert "因项目涉及特殊消防设计，需组织专家论证疏散设计，经本机关负责人批准" in text
    assert "。，" not in text


@pytest.mark.parametrize("reason", ["expert_review", "testing", "hearing"])
def test_suspension_for_a_procedure_of_article_45_cites_it(client, approvals_world, accepted, reason):
    notice = track_pause(actor=approvals_world["reviewer"], application=accepted, reason=reason, note="说明")
    assert SECTION_45 in _printed(client, approvals_world, notice)


@pytest.mark.parametrize("reason", [PauseReason.SUPPLEMENT, PauseReason.APPLICANT_REQUEST])
def test_a_suspension_for_a_reason_article_45_does_not_name_has_no_basis(reason):
    assert clock_notice_texts.pause_basis(reason) == ""


def test_a_reason_in_a_sentence_loses_its_closing_punctuation_only():
    assert clock_notice_texts.in_sentence(" 需专家论证。 ") == "需专家论证"
    assert clock_notice_texts.in_sentence("检测（第1.2项）；;,.！") == "检测（第1.2项）"


def test_resumption_cites_the_basis_of_the_suspension_it_ends(client, approvals_world, accepted):
    track_pause(actor=approvals_world["reviewer"], application=accepted, reason="supplement", note="补正",
                expected_until=timezone.localdate() + timedelta(days=10))
    track_resume(actor=approvals_world["approver"], application=accepted)
    track_pause(actor=approvals_world["reviewer"], application=accepted, reason="hearing", note="听证")
    notice = track_resume(actor=approvals_world["approver"], application=accepted)
    assert SECTION_45 in _printed(client, approvals_world, notice)


def test_a_resumption_without_a_note_prints_its_new_end_once(client, approvals_world, accepted):
    track_pause(actor=approvals_world["reviewer"], application=accepted, reason="expert_review", note="专家评审")
    notice = track_resume(actor=approvals_world["approver"], application=accepted)
    text = _printed(client, approvals_world, notice)
    assert [text.count(f"{notice.due_date.year}年{notice.due_date.month}月{notice.due_date.day}日"),
            text.count(notice.due_date.isoformat())] == [1, 0]
