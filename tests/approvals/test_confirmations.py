"""Irreversible acts ask once more (issue 20 §5): withdraw, refuse intake, submit, cancel a booking. The first
POST shows what will happen and changes nothing; the confirmed POST (the same fields and ``confirmed=1``) acts."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.urls import reverse

from approvals.enums import ApplicationStatus, AppointmentStatus
from approvals.models import Application, Appointment, AppointmentSlot
from approvals.services.appointments import appointment_book
from approvals.views.confirmations import withdraw_confirmation
from tests.approvals.conftest import make_draft, make_submitted

pytestmark = pytest.mark.django_db


def _asked(response: Any) -> dict[str, list[str]]:
    """The confirmation page's form: its hidden fields by name (fails if the page is not a confirmation)."""
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-confirm-consequences" in page and 'data-action="confirm"' in page
    form = page[page.index("data-confirm-consequences"):]
    form = form[form.index("<form"):form.index("</form>")]
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    assert fields.pop("confirmed") == ["1"]
    assert len(fields.pop("csrfmiddlewaretoken")) == 1  # a fresh token, not the one posted

    return fields


def test_withdraw_asks_first_and_changes_nothing(client, approvals_world):
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:withdraw", args=[application.pk]), {"reason": "项目暂缓"})
    assert _asked(response) == {"reason": ["项目暂缓"]}
    assert "项目暂缓" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_withdrawal_warns_that_the_time_limits_are_no_longer_counted(approvals_world, english):
    # 各项期限, not 办理期限: before acceptance the window's limit runs, after it the approval time limit
    confirmation = withdraw_confirmation(make_submitted(approvals_world), reason="")
    assert "Its time limits are no longer counted, and the brigade is told that you withdrew." in [
        str(line) for line in confirmation.consequences]


def test_withdraw_confirmed_withdraws(client, approvals_world):
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:withdraw", args=[application.pk]), {"reason": "项目暂缓",
                                                                                   "confirmed": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_submit_asks_first_and_changes_nothing(client, approvals_world):
    application = make_draft(approvals_world)
    client.force_login(approvals_world["applicant"])
    _asked(client.post(reverse("approvals:submit", args=[application.pk])))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_without_materials_names_them_before_sending(client, approvals_world):
    application = make_draft(approvals_world, skip=("completion_report",))
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:submit", args=[application.pk]), {"allow_incomplete": "on"})
    assert _asked(response) == {"allow_incomplete": ["on"]}
    name = application.required_items.get(requirement__code="completion_report").requirement.name
    assert name in response.content.decode()
    response = client.post(reverse("approvals:submit", args=[application.pk]), {"allow_incomplete": "on",
                                                                                 "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_submit_refused_at_once_is_not_asked(client, approvals_world):
    application = make_draft(approvals_world, skip=("completion_report",))
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:submit", args=[application.pk]))
    assert response.status_code == 302  # back to the page, with the list of what is missing
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_refusing_intake_asks_first_and_keeps_the_checklist(client, approvals_world):
    application = make_submitted(approvals_world)
    report = application.required_items.get(requirement__code="completion_report").requirement
    client.force_login(approvals_world["clerk"])
    sent = {"action": "refuse", "reasons": "不属于本机构管辖", f"state_{report.pk}": "ok"}
    response = client.post(reverse("approvals:intake", args=[application.pk]), sent)
    assert _asked(response) == {key: [value] for key, value in sent.items()}
    assert "不属于本机构管辖" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    client.post(reverse("approvals:intake", args=[application.pk]), {**sent, "confirmed": "1"})
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REFUSED


def test_refusing_intake_without_reasons_says_so_at_once(client, approvals_world):
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:intake", args=[application.pk]), {"action": "refuse", "reasons": ""})
    assert "data-confirm-consequences" not in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def _booking(world: dict[str, Any]) -> Appointment:
    slot = AppointmentSlot.objects.create(unit=world["brigade"], date=date.today() + timedelta(days=7),
                                          start=time(9), end=time(9, 30), capacity=2)
    return appointment_book(actor=world["applicant"], slot=slot, name="孙立新", phone="13912345678", purpose="递交材料")


def test_cancelling_a_booking_asks_first(client, approvals_world):
    appointment = _booking(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:appointment_cancel", args=[appointment.pk]), {"reason": "另有安排"})
    assert _asked(response) == {"reason": ["另有安排"]}
    assert approvals_world["brigade"].name in response.content.decode()
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BOOKED


def test_the_clerks_cancel_keeps_where_to_go_back(client, approvals_world):
    appointment = _booking(approvals_world)
    client.force_login(approvals_world["clerk"])
    here = reverse("approvals:appointment_day") + "?date=" + appointment.slot.date.isoformat()
    response = client.post(reverse("approvals:appointment_cancel", args=[appointment.pk]), {"next": here})
    assert _asked(response)["next"] == [here.replace("&", "&amp;")]
    response = client.post(reverse("approvals:appointment_cancel", args=[appointment.pk]),
                           {"next": here, "confirmed": "1"})
    assert response["Location"] == here
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED


@pytest.mark.parametrize("url_name", ["approvals:submit", "approvals:withdraw"])
def test_going_back_onto_an_action_address_returns_to_the_case(client, approvals_world, url_name):
    application = make_draft(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse(url_name, args=[application.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:application", args=[application.pk])
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_going_back_onto_an_upload_address_returns_to_the_case(client, approvals_world):
    application = make_draft(approvals_world)
    requirement_id = application.required_items.values_list("requirement_id", flat=True).first()
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:upload", args=[application.pk, requirement_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:application", args=[application.pk])


def test_going_back_onto_another_enterprises_action_address_finds_nothing(client, approvals_world):
    application = make_draft(approvals_world)
    client.force_login(approvals_world["other_applicant"])
    assert client.get(reverse("approvals:submit", args=[application.pk]), follow=True).status_code == 404


def test_a_submit_refused_for_missing_materials_says_how_to_submit_without_them(client, approvals_world):
    application = make_draft(approvals_world, skip=("completion_report",))
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:submit", args=[application.pk]), follow=True)
    assert "暂缺材料先行提交" in " ".join(str(m) for m in response.context["messages"])
