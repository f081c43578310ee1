"""The pages of review → decision, time-limit changes, parallel cases and early intervention."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.enums import ApplicationStatus, DecisionOutcome, ReviewStatus
from approvals.models import Application, ClockNotice, EarlyIntervention, ParallelCase, Review
from approvals.services.clocks import track_pause
from approvals.services.intake import application_accept
from approvals.services.technical_review import decision_draft, decision_send_back, decision_sign, review_assign
from approvals.views import technical_review as views_technical_review
from firesvc.accounts.roles import Role
from firesvc.documents import render_document_html
from tests.approvals.conftest import PROJECT, make_submitted, record_inspection
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(english):  # type: ignore[no-untyped-def]
    """Messages are matched in English (tests/approvals/conftest.py)."""


@pytest.fixture
def accepted(approvals_world: dict[str, Any]) -> Application:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    return Application.objects.get(pk=application.pk)


def _signed(world: dict[str, Any], application: Application, outcome: str = DecisionOutcome.APPROVE) -> Any:
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application)
    decision_draft(actor=world["reviewer"], application=application, outcome=outcome, reasons="理由")
    return decision_sign(actor=world["approver"], application=application)


def test_assign_page_assigns_the_chosen_reviewer(client, approvals_world, accepted):
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:review_assign", args=[accepted.pk]),
                           {"reviewer": approvals_world["reviewer"].pk})
    assert response.status_code == 302
    assert Review.objects.get(application=accepted).reviewer == approvals_world["reviewer"]


def test_assign_page_for_enterprise_user_is_forbidden(client, approvals_world, accepted):
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:review_assign", args=[accepted.pk]))
    assert response.status_code == 403


def test_assign_page_outside_scope_is_404(client, approvals_world, accepted, tree):
    client.force_login(staff(Role.APPROVER, tree["b"]["brigade"]))
    response = client.get(reverse("approvals:review_assign", args=[accepted.pk]))
    assert response.status_code == 404


def test_draft_page_refusal_without_reasons_keeps_what_was_typed(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    client.force_login(approvals_world["reviewer"])
    response = client.post(reverse("approvals:decision_draft", args=[accepted.pk]),
                           {"outcome": "refuse", "reasons": "", "rectification_items": "增设疏散楼梯"})
    assert response.status_code == 200
    assert "增设疏散楼梯" in response.content.decode()
    assert "states its reasons" in response.content.decode()
    assert Review.objects.get(application=accepted).status == ReviewStatus.ASSIGNED


def test_a_draft_sent_back_comes_back_as_it_was_written(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted)
    decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.REFUSE,
                   reasons="疏散宽度不足", rectification_items=["增设安全出口", "修复消火栓"])
    decision_send_back(actor=approvals_world["approver"], application=accepted, reason="补充检测报告")
    client.force_login(approvals_world["reviewer"])
    page = client.get(reverse("approvals:decision_draft", args=[accepted.pk])).content.decode()
    refuse = re.search(r'<input[^>]*value="refuse"[^>]*>', page)[0]
    assert ["疏散宽度不足" in page, "增设安全出口\n修复消火栓" in page, "checked" in refuse] == [True, True, True]


def test_the_draft_page_warns_before_an_acceptance_is_inspected(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    client.force_login(approvals_world["reviewer"])
    page = client.get(reverse("approvals:decision_draft", args=[accepted.pk])).content.decode()
    assert "is decided on a site inspection: schedule it and record its result" in page


def test_the_draft_page_does_not_warn_once_the_inspection_is_recorded(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted)
    client.force_login(approvals_world["reviewer"])
    page = client.get(reverse("approvals:decision_draft", args=[accepted.pk])).content.decode()
    assert "data-step-warning" not in page


def test_sign_without_draft_shows_message_and_changes_nothing(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:decision_sign", args=[accepted.pk]), follow=True)
    assert "no draft decision to sign" in response.content.decode()
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED


def test_sign_page_signs_the_confirmed_draft(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted)
    decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)
    client.force_login(approvals_world["approver"])
    client.post(reverse("approvals:decision_sign", args=[accepted.pk]), {"confirm": "on"})
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.APPROVED


def test_enterprise_sees_decision_and_downloads_pdf(client, approvals_world, accepted):
    decision = _signed(approvals_world, accepted)
    client.force_login(approvals_world["applicant"])
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert decision.number in page
    assert reverse("approvals:decision_pdf", args=[decision.pk]) in page
    response = client.get(reverse("approvals:decision_pdf", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _drawn_filing_under_review(world: dict[str, Any], settings: Any) -> Application:
    settings.FILING_SPOT_CHECK_RATIO = 1.0  # the filing is drawn for a spot check
    application = make_submitted(world, "completion_filing")
    application_accept(actor=world["clerk"], application=application)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    return application


def test_a_filings_spot_check_is_drafted_as_qualified_or_not_never_as_a_licence(client, approvals_world, settings):
    application = _drawn_filing_under_review(approvals_world, settings)
    client.force_login(approvals_world["reviewer"])
    form = client.get(reverse("approvals:decision_draft", args=[application.pk])).context["form"]
    assert [str(label) for _value, label in form.fields["outcome"].choices] == ["Qualified", "Not qualified"]


def test_a_filings_spot_check_decision_is_headed_as_an_opinion_not_a_licence_decision(approvals_world, settings):
    application = _drawn_filing_under_review(approvals_world, settings)
    decision = decision_draft(actor=approvals_world["reviewer"], application=application,
                              outcome=DecisionOutcome.REFUSE, reasons="室内消火栓无水")
    assert [str(decision.heading), str(decision.outcome_label)] == [
        "Spot check opinion of the completion filing", "Not qualified"]


def test_a_failed_spot_check_of_a_filing_is_decided_and_its_document_orders_the_use_stopped(
        client, approvals_world, settings, monkeypatch):
    # given a completion filing drawn for a spot check, which fails it
    application = _drawn_filing_under_review(approvals_world, settings)
    decision_draft(actor=approvals_world["reviewer"], application=application, outcome=DecisionOutcome.REFUSE,
                   reasons="室内消火栓无水", rectification_items=["修复室内消火栓给水"])
    # when the approver signs the decision and the applicant downloads it
    decision = decision_sign(actor=approvals_world["approver"], application=application)
    pages: list[str] = []
    real = views_technical_review.render_pdf

    def spy(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        pages.append(render_document_html(template_name, context))
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(views_technical_review, "render_pdf", spy)
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:decision_pdf", args=[decision.pk]))
    # then the filing's spot check failed, and the document says so, what follows, and how to appeal
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED
    assert "备字" in decision.number
    html = "".join(pages[0].split())
    for words in ("建设工程竣工验收消防备案抽查意见书", "室内消火栓无水", "修复室内消火栓给水",
                  "该建设工程竣工验收消防备案抽查不合格，责令你单位停止使用该建设工程，限期改正。",
                  "行政复议", "行政诉讼"):
        assert words in html, words
    assert "行政许可法" not in html


def test_decision_pdf_of_another_enterprise_is_404(client, approvals_world, accepted):
    decision = _signed(approvals_world, accepted)
    client.force_login(enterprise_user(EnterpriseFactory()))
    assert client.get(reverse("approvals:decision_pdf", args=[decision.pk])).status_code == 404


def test_unsigned_draft_is_not_shown_to_enterprise(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted)
    decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.REFUSE,
                   reasons="内部意见")
    client.force_login(approvals_world["applicant"])
    assert "内部意见" not in client.get(accepted.get_absolute_url()).content.decode()


def test_verify_page_shows_key_facts_only(client, approvals_world, accepted):
    decision = _signed(approvals_world, accepted, DecisionOutcome.REFUSE)
    response = client.get(reverse("approvals:verify_decision", args=[decision.verification_token]))
    text = response.content.decode()
    assert decision.number in text
    assert accepted.enterprise.name in text
    assert PROJECT["project_name"] in text
    assert PROJECT["contact_phone"] not in text
    assert "理由" not in text
    assert response["Referrer-Policy"] == "no-referrer"


def test_verify_page_unknown_token_is_404(client, db):
    assert client.get(reverse("approvals:verify_decision", args=["nope"])).status_code == 404


def test_pause_page_issues_notice_the_applicant_downloads(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    client.force_login(approvals_world["reviewer"])
    client.post(reverse("approvals:track_pause", args=[accepted.pk]),
                {"reason": "expert_review", "note": "专家评审", "expected_until": ""})
    notice = ClockNotice.objects.get(application=accepted)
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:clock_notice_pdf", args=[notice.pk]))
    assert response.content.startswith(b"%PDF")


def _accepted_of(world: dict[str, Any], matter_code: str) -> Application:
    application = make_submitted(world, matter_code)
    application_accept(actor=world["clerk"], application=application)
    return Application.objects.get(pk=application.pk)


def _offered_reasons(response: Any) -> list[str]:
    return [option.data["value"] for option in response.context["form"]["reason"].subwidgets]


@pytest.mark.parametrize(("matter_code", "reasons"), [
    ("pre_opening", ["supplement"]),
    ("acceptance", ["supplement", "expert_review", "testing", "hearing"]),
])
def test_pause_page_offers_only_the_reasons_the_clock_rule_allows(client, approvals_world, matter_code, reasons):
    application = _accepted_of(approvals_world, matter_code)
    client.force_login(approvals_world["approver"])
    response = client.get(reverse("approvals:track_pause", args=[application.pk]))
    assert _offered_reasons(response) == reasons


def test_pause_page_shows_the_only_allowed_reason_chosen(client, approvals_world):
    application = _accepted_of(approvals_world, "pre_opening")
    client.force_login(approvals_world["approver"])
    response = client.get(reverse("approvals:track_pause", args=[application.pk]))
    [option] = response.context["form"]["reason"].subwidgets
    assert option.data["selected"]


def test_pause_page_refusal_of_a_reason_sent_by_hand_names_the_approval_time_limit(client, approvals_world):
    application = _accepted_of(approvals_world, "pre_opening")
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:track_pause", args=[application.pk]),
                           {"reason": "expert_review", "note": "专家评审", "expected_until": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "does not stop the clock of Approval time limit" in page
    assert "营业前消防安全检查(检查)" not in page
    assert not ClockNotice.objects.filter(application=application).exists()


def test_case_page_offers_no_pause_for_a_clock_its_rule_never_stops(client, approvals_world, settings):
    settings.FILING_SPOT_CHECK_RATIO = 1.0  # the filing is drawn: its spot check clock runs, and never stops
    application = _accepted_of(approvals_world, "completion_filing")
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    client.force_login(approvals_world["approver"])
    page = client.get(application.get_absolute_url()).content.decode()
    assert reverse("approvals:track_pause", args=[application.pk]) not in page


def test_pause_page_of_a_clock_its_rule_never_stops_sends_back_to_the_case_saying_so(client, approvals_world,
                                                                                     settings):
    settings.FILING_SPOT_CHECK_RATIO = 1.0  # the filing is drawn: its spot check clock runs, and never stops
    application = _accepted_of(approvals_world, "completion_filing")
    client.force_login(approvals_world["approver"])
    response = client.get(reverse("approvals:track_pause", args=[application.pk]), follow=True)
    assert response.redirect_chain == [(f"{application.get_absolute_url()}#review", 302)]
    assert "cannot be stopped for this matter" in response.content.decode()


def test_pause_page_of_a_clock_its_rule_never_stops_refuses_a_reason_sent_by_hand(client, approvals_world,
                                                                                  settings):
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    application = _accepted_of(approvals_world, "completion_filing")
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:track_pause", args=[application.pk]),
                           {"reason": "supplement", "note": "补正", "expected_until": ""})
    assert response.status_code == 302
    assert not ClockNotice.objects.filter(application=application).exists()


def test_pause_page_of_an_application_not_under_review_sends_back_to_the_case(client, approvals_world):
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["approver"])
    response = client.get(reverse("approvals:track_pause", args=[application.pk]), follow=True)
    assert response.redirect_chain == [(f"{application.get_absolute_url()}#review", 302)]
    assert "it is not under review" in response.content.decode()


def test_resume_page_on_running_clock_keeps_form_with_message(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:track_resume", args=[accepted.pk]), {"note": "恢复说明"})
    assert response.status_code == 200
    assert "not paused" in response.content.decode()
    assert "恢复说明" in response.content.decode()


def test_application_page_shows_pause_notice_to_applicant(client, approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    notice = track_pause(actor=approvals_world["reviewer"], application=accepted, reason="testing", note="消防检测")
    client.force_login(approvals_world["applicant"])
    assert notice.number in client.get(accepted.get_absolute_url()).content.decode()


def test_parallel_case_pages_create_and_show_both_tracks(client, approvals_world):
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:parallel_new"), {**PROJECT})
    case = ParallelCase.objects.get()
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-track="acceptance"' in page
    assert 'data-track="pre_opening"' in page


def test_parallel_case_of_another_enterprise_is_404(client, approvals_world):
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:parallel_new"), {**PROJECT})
    client.force_login(approvals_world["other_applicant"])
    assert client.get(ParallelCase.objects.get().get_absolute_url()).status_code == 404


def test_early_intervention_page_records_meeting_and_counts_it(client, approvals_world):
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:early_interventions"), {
        "enterprise": approvals_world["enterprise"].pk, "project_name": "市第一医院新院区",
        "met_on": timezone.localdate().isoformat(), "staff": [approvals_world["reviewer"].pk],
        "advice": "建议提前确定消防车道"})
    assert response.status_code == 302
    assert EarlyIntervention.objects.get().project_name == "市第一医院新院区"
    page = client.get(reverse("approvals:early_interventions")).content.decode()
    assert 'data-figure="meetings">1<' in page


def test_early_intervention_link_to_later_application(client, approvals_world, accepted):
    from approvals.services.early import early_intervention_record

    intervention = early_intervention_record(
        actor=approvals_world["approver"], enterprise=approvals_world["enterprise"], project_name="p",
        met_on=timezone.localdate(), staff=[approvals_world["reviewer"]], advice="a")
    client.force_login(approvals_world["approver"])
    client.post(reverse("approvals:early_intervention_link", args=[intervention.pk]), {"number": accepted.number})
    intervention.refresh_from_db()
    assert intervention.application == accepted


# --- preview and confirmation before signing (issue 20 §2) -----------------------------------

def _drafted_for_sign(world: dict[str, Any], application: Application, outcome: str = DecisionOutcome.APPROVE,
                      failed: tuple[str, ...] = ()) -> None:
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application, failed=failed)
    decision_draft(actor=world["reviewer"], application=application, outcome=outcome,
                   reasons="疏散宽度不足" if outcome == DecisionOutcome.REFUSE else "")


def test_sign_page_shows_the_preview_of_the_document_and_asks_to_confirm(client, approvals_world, accepted):
    _drafted_for_sign(approvals_world, accepted)
    client.force_login(approvals_world["approver"])
    page = client.get(reverse("approvals:decision_sign", args=[accepted.pk])).content.decode()
    assert reverse("approvals:decision_preview", args=[accepted.pk]) in page
    assert 'name="confirm"' in page
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED


def test_preview_is_the_documents_html_with_the_texts_of_the_matter(client, approvals_world, accepted):
    _drafted_for_sign(approvals_world, accepted)
    client.force_login(approvals_world["approver"])
    response = client.get(reverse("approvals:decision_preview", args=[accepted.pk]))
    html = response.content.decode()
    assert "建设工程消防验收意见书（合格）" in html
    assert "根据《中华人民共和国消防法》第十三条、" in html
    assert "文号在签发时生成" in html
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_preview_is_forbidden_to_the_reviewer(client, approvals_world, accepted):
    _drafted_for_sign(approvals_world, accepted)
    client.force_login(approvals_world["reviewer"])
    assert client.get(reverse("approvals:decision_preview", args=[accepted.pk])).status_code == 403


def test_sign_without_confirmation_signs_nothing(client, approvals_world, accepted):
    _drafted_for_sign(approvals_world, accepted)
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:decision_sign", args=[accepted.pk]), {})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED


def test_sign_page_refusal_shows_the_guards_message(client, approvals_world, accepted):
    _drafted_for_sign(approvals_world, accepted, failed=("hydrants",))
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:decision_sign", args=[accepted.pk]), {"confirm": "on"})
    assert "failed at" in response.content.decode()
    assert Application.objects.get(pk=accepted.pk).status == ApplicationStatus.ACCEPTED


def test_sign_with_override_prints_it_on_the_pdf_and_the_case_page(client, approvals_world, accepted):
    from tests.approvals.test_public_pages import pdf_text

    _drafted_for_sign(approvals_world, accepted, failed=("hydrants",))
    client.force_login(approvals_world["approver"])
    preview = client.get(reverse("approvals:decision_preview", args=[accepted.pk]),
                         {"override_reason": "压力不足已当场整改并复测合格"}).content.decode()
    assert "理由：压力不足已当场整改并复测合格。" in preview
    client.post(reverse("approvals:decision_sign", args=[accepted.pk]),
                {"confirm": "on", "override_reason": "压力不足已当场整改并复测合格"})
    decision = Application.objects.get(pk=accepted.pk).decision
    assert decision.is_signed
    client.force_login(approvals_world["applicant"])
    assert "压力不足已当场整改并复测合格" in client.get(accepted.get_absolute_url()).content.decode()
    text = pdf_text(client.get(reverse("approvals:decision_pdf", args=[decision.pk])).content)
    assert "理由：压力不足已当场整改并复测合格。" in text
    assert "室内外消火栓系统功能正常" in text


@pytest.mark.parametrize("outcome", [DecisionOutcome.APPROVE, DecisionOutcome.REFUSE])
def test_decision_pdf_cites_each_law_once(client, approvals_world, accepted, outcome):
    from approvals.decision_texts import laws_cited
    from tests.approvals.test_public_pages import pdf_text

    _drafted_for_sign(approvals_world, accepted, outcome)
    decision = decision_sign(actor=approvals_world["approver"], application=accepted)
    client.force_login(approvals_world["applicant"])
    text = pdf_text(client.get(reverse("approvals:decision_pdf", args=[decision.pk])).content)
    cited = laws_cited(text)
    assert "《中华人民共和国消防法》" in cited
    assert len(cited) == len(set(cited)), text
    if outcome == DecisionOutcome.APPROVE:
        assert "整改" not in text and "可以重新申请" not in text
    else:
        assert "疏散宽度不足" in text and "六十日内" in text and "六个月内" in text


@pytest.mark.parametrize(("matter", "heading"), [
    ("pre_opening", "Pre-opening fire-safety inspection decision"),
    ("acceptance", "Fire acceptance decision"),
    ("design_review", "Fire design review decision"),
])
def test_the_case_page_names_the_decision_by_its_matter(client, approvals_world, matter, heading):
    """A pre-opening decision rests on an inspection (检查), not a review (审核): its heading says so."""
    application = make_submitted(approvals_world, matter)
    application_accept(actor=approvals_world["clerk"], application=application)
    decision = _signed(approvals_world, Application.objects.get(pk=application.pk))
    client.force_login(approvals_world["applicant"])
    page = client.get(application.get_absolute_url()).content.decode()
    assert f"<h2 class=\"h6 card-title\" data-decision-heading>{heading} · {decision.number}</h2>" in page


def test_an_acceptance_concludes_qualified_on_the_verify_page(client, approvals_world, accepted, english):
    assert accepted.matter.code == "acceptance"
    decision = _signed(approvals_world, accepted)
    text = client.get(reverse("approvals:verify_decision", args=[decision.verification_token])).content.decode()
    assert "Qualified" in text
    assert "Approve / qualified" not in text


def test_an_acceptance_concludes_not_qualified_on_the_case_page(client, approvals_world, accepted, english):
    _signed(approvals_world, accepted, DecisionOutcome.REFUSE)
    client.force_login(approvals_world["applicant"])
    text = client.get(accepted.get_absolute_url()).content.decode()
    assert "Not qualified" in text
    assert "Refuse / not qualified" not in text


@pytest.mark.parametrize("step", ["decision_draft", "decision_send_back", "review_notes", "track_extend"])
def test_a_step_of_the_review_is_not_offered_once_the_case_is_decided(client, approvals_world, accepted, step):
    _signed(approvals_world, accepted)
    client.force_login(approvals_world["approver"])
    response = client.get(reverse(f"approvals:{step}", args=[accepted.pk]), follow=True)
    assert [response.redirect_chain[0][0].split("#")[0], [str(m) for m in response.context["messages"]]] == [
        accepted.get_absolute_url(), ["The application is Approved; it is not under review."]]


def test_the_sign_page_is_not_offered_once_the_case_is_decided(client, approvals_world, accepted):
    _signed(approvals_world, accepted)
    client.force_login(approvals_world["approver"])
    response = client.get(reverse("approvals:decision_sign", args=[accepted.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The application is Approved; it is not under review."]
