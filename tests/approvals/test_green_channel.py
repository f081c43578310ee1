"""The green channel (绿色通道): set and cleared by an approver with a reason, audited, shown (issue 20 §3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from approvals.models import Application
from approvals.selectors.intake import worklist
from approvals.services.green_channel import application_green_channel_set
from approvals.services.intake import application_accept
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from tests.approvals.conftest import make_submitted
from tests.approvals.test_api import APPLICATIONS, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _accepted(world: dict[str, Any]) -> Application:
    application = make_submitted(world, "acceptance")
    application_accept(actor=world["clerk"], application=application)
    application.refresh_from_db()
    return application


def test_an_approver_puts_a_case_in_the_green_channel_with_an_audited_reason(approvals_world) -> None:
    application = _accepted(approvals_world)
    application_green_channel_set(actor=approvals_world["approver"], application=application, on=True,
                                  reason="省重点工程")
    application.refresh_from_db()
    assert application.green_channel
    event = AuditEvent.objects.get(action="application.green_channel_set", object_id=str(application.pk))
    assert (event.from_state, event.to_state, event.reason) == ("off", "on", "省重点工程")


def test_the_applicant_is_told_with_the_reason(approvals_world) -> None:
    application = _accepted(approvals_world)
    application_green_channel_set(actor=approvals_world["approver"], application=application, on=True,
                                  reason="省重点工程")
    notification = Notification.objects.get(recipient=approvals_world["applicant"], title__contains="绿色通道")
    assert "省重点工程" in notification.body


def test_an_approver_clears_it_again(approvals_world) -> None:
    application = _accepted(approvals_world)
    application_green_channel_set(actor=approvals_world["approver"], application=application, on=True, reason="a")
    application_green_channel_set(actor=approvals_world["approver"], application=application, on=False, reason="b")
    application.refresh_from_db()
    assert not application.green_channel
    assert AuditEvent.objects.filter(action="application.green_channel_clear", to_state="off").count() == 1


def test_a_reviewer_may_not_set_it(approvals_world) -> None:
    with pytest.raises(PermissionDenied):
        application_green_channel_set(actor=approvals_world["reviewer"], application=_accepted(approvals_world),
                                      on=True, reason="a")


def test_a_reason_is_required(approvals_world) -> None:
    with pytest.raises(ValidationError):
        application_green_channel_set(actor=approvals_world["approver"], application=_accepted(approvals_world),
                                      on=True, reason="  ")


def test_the_case_page_offers_the_form_to_the_approver_and_it_works(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    client.force_login(approvals_world["approver"])
    assert "data-green-channel-form" in client.get(application.get_absolute_url()).content.decode()
    response = client.post(reverse("approvals:green_channel", args=[application.pk]), {"on": "1", "reason": "急"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.green_channel


def test_a_green_case_comes_first_in_the_worklist_with_its_badge(approvals_world) -> None:
    first = _accepted(approvals_world)
    second = _accepted(approvals_world)
    application_green_channel_set(actor=approvals_world["approver"], application=second, on=True, reason="急")
    rows = worklist(approvals_world["clerk"]).rows
    assert [(r.pk, r.green_channel) for r in rows][:2] == [(second.pk, True), (first.pk, False)]


def test_the_applicants_list_shows_the_badge(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    application_green_channel_set(actor=approvals_world["approver"], application=application, on=True, reason="急")
    client.force_login(approvals_world["applicant"])
    assert "data-green-channel" in client.get(reverse("approvals:my_applications")).content.decode()


def test_the_api_sets_it_for_an_approver(approvals_world) -> None:
    application = _accepted(approvals_world)
    response = client_for(approvals_world["approver"]).post(
        f"{APPLICATIONS}{application.pk}/green-channel/", {"green_channel": True, "reason": "重点工程"},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["green_channel"] is True


def test_the_api_refuses_the_applicant(approvals_world) -> None:
    application = _accepted(approvals_world)
    response = client_for(approvals_world["applicant"]).post(
        f"{APPLICATIONS}{application.pk}/green-channel/", {"green_channel": True, "reason": "x"}, format="json")
    assert response.status_code == 403
