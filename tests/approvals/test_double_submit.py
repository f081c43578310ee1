"""A double click stores one record (issue 23 §2): drafts, window filings, consultations, pre-check notices."""

from __future__ import annotations

import pytest
from django.urls import reverse

from approvals.models import Application, Consultation, Matter, PrecheckNotice
from tests.approvals.conftest import PROJECT
from tests.approvals.test_api import APPLICATIONS, PROJECT_JSON, client_for
from tests.firesvc.submitting import post_twice

pytestmark = pytest.mark.django_db

PROJECT_FORM = {key: str(value) for key, value in PROJECT.items()}


def test_a_draft_saved_twice_is_one_draft(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    first, second = post_twice(client, reverse("approvals:new", args=["acceptance"]), PROJECT_FORM)
    application = Application.objects.get()
    assert first["Location"] == second["Location"] == reverse("approvals:application", args=[application.pk])


def test_a_window_filing_started_twice_is_one_application(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    post_twice(client, reverse("approvals:window_filing"), {
        "enterprise": approvals_world["enterprise"].pk, "matter": Matter.objects.get(code="acceptance").pk,
        **PROJECT_FORM})
    assert Application.objects.count() == 1


def test_a_consultation_recorded_twice_is_one_consultation(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    post_twice(client, reverse("approvals:consultations"), {"channel": "phone", "question": "问", "answer": "答"})
    assert Consultation.objects.count() == 1


def test_a_precheck_sent_twice_is_one_numbered_notice_shown_both_times(client, approvals_world) -> None:
    first, second = post_twice(client, reverse("approvals:precheck"), {
        "work_type": "new", "place": "hotel_mall", "area": "12000", "height": "30", "investment": "",
        "enterprise_name": "沈阳华联商贸有限公司", "contact": "王敏 13800000000"})
    notice = PrecheckNotice.objects.get()
    assert first.context["notice"] == second.context["notice"] == notice


def test_the_api_answers_a_repeated_idempotency_key_with_the_first_draft(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    body = {"matter": "acceptance", **PROJECT_JSON}
    first = api.post(APPLICATIONS, body, format="json", HTTP_IDEMPOTENCY_KEY="erp-4711")
    second = api.post(APPLICATIONS, body, format="json", HTTP_IDEMPOTENCY_KEY="erp-4711")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Application.objects.count() == 1


def test_the_api_without_an_idempotency_key_creates_each_time(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    api.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json")
    api.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json")
    assert Application.objects.count() == 2
