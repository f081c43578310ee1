"""A pause of the decision clock for the applicant's supplement (补正 after acceptance): the applicant's deadline
is required and printed, the applicant uploads new versions from the case page and reports the supplement
(补正材料已提交) to the officer who stopped the clock; the officer restarts the clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from approvals.models import Application, ClockNotice, MaterialRequirement
from approvals.services import clocks as clock_services
from approvals.services.applications import material_upload
from approvals.services.clocks import track_pause, track_resume
from approvals.services.intake import application_accept
from approvals.services.technical_review import review_assign
from approvals.views.technical_review import clock_notice_context
from firesvc.audit.models import AuditEvent
from firesvc.documents import render_document_html
from firesvc.notifications.models import Notification
from tests.approvals.conftest import PDF, make_submitted

pytestmark = pytest.mark.django_db

CODE = "material_certificates"
# (Commands and constants new with this feature are reached through their module, so each test fails alone
# without them.)


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _accepted(world: dict[str, Any]) -> Application:
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    application = Application.objects.get(pk=application.pk)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    return Application.objects.get(pk=application.pk)


def _requirement() -> MaterialRequirement:
    return MaterialRequirement.objects.get(matter__code="acceptance", code=CODE)


def _pause(world: dict[str, Any], application: Application, reason: str = "supplement") -> ClockNotice:
    return track_pause(actor=world["reviewer"], application=application, reason=reason, note="请补充消防产品合格证明",
                       expected_until=timezone.localdate() + timedelta(days=10))


def _upload(world: dict[str, Any], application: Application) -> Any:
    return material_upload(actor=world["applicant"], application=application, requirement=_requirement(),
                           data=PDF, filename="补正.pdf")


def _page(client: Any, user: Any, application: Application) -> str:
    client.force_login(user)
    response = client.get(reverse("approvals:application", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _upload_url(application: Application) -> str:
    return reverse("approvals:upload", args=[application.pk, _requirement().pk])


# --- the deadline ----------------------------------------------------------------------------

def test_a_supplement_pause_without_the_applicants_deadline_is_refused(approvals_world):
    application = _accepted(approvals_world)
    with pytest.raises(ValidationError, match="by which the applicant is to supplement"):
        track_pause(actor=approvals_world["reviewer"], application=application, reason="supplement", note="补正")
    assert not ClockNotice.objects.filter(application=application).exists()


def test_the_supplement_notice_prints_the_deadline_to_supplement_by(approvals_world):
    notice = _pause(approvals_world, _accepted(approvals_world))
    day = notice.expected_until
    html = render_document_html("approvals/documents/clock_notice.html", clock_notice_context(notice))
    assert f"请于{day.year}年{day.month}月{day.day}日前补正" in html
    assert "预计于" not in html


# --- uploads -------------------------------------------------------------------------------

def test_the_applicant_uploads_a_new_version_while_the_clock_is_paused_for_a_supplement(approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    material = _upload(approvals_world, application)
    assert material.version == 2


def test_uploads_close_again_when_the_clock_runs_again(approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    _upload(approvals_world, application)
    track_resume(actor=approvals_world["reviewer"], application=application)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _upload(approvals_world, application)


def test_only_a_pause_for_a_supplement_opens_uploads(approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application, reason="expert_review")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _upload(approvals_world, application)
    track_resume(actor=approvals_world["reviewer"], application=application)
    _pause(approvals_world, application)
    assert _upload(approvals_world, application).version == 2


def test_the_case_page_offers_the_applicant_uploads_during_a_supplement_pause(client, approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    page = _page(client, approvals_world["applicant"], application)
    assert _upload_url(application) in page
    assert reverse("approvals:supplement_report", args=[application.pk]) in page


def test_the_case_page_offers_no_upload_during_another_pause(client, approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application, reason="expert_review")
    assert _upload_url(application) not in _page(client, approvals_world["applicant"], application)
    track_resume(actor=approvals_world["reviewer"], application=application)
    _pause(approvals_world, application)
    assert _upload_url(application) in _page(client, approvals_world["applicant"], application)


def test_the_upload_view_stores_the_supplement(client, approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    client.force_login(approvals_world["applicant"])
    client.post(_upload_url(application), {"file": _pdf_file()})
    assert application.materials.filter(requirement=_requirement()).count() == 2


def _pdf_file() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("补正.pdf", PDF, content_type="application/pdf")


# --- 补正材料已提交 -----------------------------------------------------------------------------

def test_reporting_the_supplement_tells_the_officer_who_paused_and_is_audited(client, approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    _upload(approvals_world, application)
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:supplement_report", args=[application.pk]))
    event = AuditEvent.objects.get(action="application.supplement_report", object_id=str(application.pk))
    assert event.actor_id == approvals_world["applicant"].pk
    told = Notification.objects.get(recipient=approvals_world["reviewer"], kind="approval_time_limit")
    assert application.number in told.title
    assert told.url == application.get_absolute_url()


def test_reporting_the_supplement_does_not_restart_the_clock(approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    _upload(approvals_world, application)
    clock_services.supplement_report(actor=approvals_world["applicant"], application=application)
    assert Application.objects.get(pk=application.pk).clock_paused_at is not None


def test_reporting_before_uploading_anything_is_refused(approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    with pytest.raises(ValidationError, match="Upload the supplemented materials first"):
        clock_services.supplement_report(actor=approvals_world["applicant"], application=application)


def test_reporting_when_the_clock_is_not_paused_for_a_supplement_is_refused(approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application, reason="expert_review")
    with pytest.raises(ValidationError, match="not suspended for a supplement"):
        clock_services.supplement_report(actor=approvals_world["applicant"], application=application)


def test_the_staff_page_shows_when_the_applicant_reported_the_supplement(client, approvals_world):
    application = _accepted(approvals_world)
    _pause(approvals_world, application)
    _upload(approvals_world, application)
    event = clock_services.supplement_report(actor=approvals_world["applicant"], application=application)
    page = _page(client, approvals_world["reviewer"], application)
    assert "data-supplement-reported" in page
    assert timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M") in page


def test_the_pause_page_refuses_a_supplement_without_the_deadline(client, approvals_world):
    application = _accepted(approvals_world)
    client.force_login(approvals_world["reviewer"])
    response = client.post(reverse("approvals:track_pause", args=[application.pk]),
                           {"reason": "supplement", "note": "请补充", "expected_until": ""})
    assert response.status_code == 200
    assert "请填写申请人补正材料的截止日期" in response.content.decode()
    assert not ClockNotice.objects.filter(application=application).exists()
