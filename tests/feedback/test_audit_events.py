"""The audit trail under the integrity rule (``feedback.selectors.audit``): integrity reports and receipt ratings
are left out for the act's own unit and its officers, as on the receipt and complaint pages."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from feedback.models import Complaint, Receipt
from firesvc.accounts.roles import Role
from firesvc.audit.selectors import events_visible_to
from firesvc.core.selectors import desk_summary
from tests.feedback.supervision_helpers import rate_new_act


def _complaint_events(user, complaint: Complaint) -> list[str]:  # type: ignore[no-untyped-def]
    ct = ContentType.objects.get_for_model(Complaint)
    return list(
        events_visible_to(user).filter(content_type=ct, object_id=str(complaint.pk)).values_list("action", flat=True)
    )


def _rating_events(user, receipt: Receipt) -> list[str]:  # type: ignore[no-untyped-def]
    ct = ContentType.objects.get_for_model(Receipt)
    return list(
        events_visible_to(user)
        .filter(content_type=ct, object_id=str(receipt.pk), action="receipt.rate")
        .values_list("action", flat=True)
    )


def test_events_visible_to_hides_an_integrity_report_from_the_units_own_supervisor(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=4, flag=True)
    assert _complaint_events(rating_world["own_supervisor"], Complaint.objects.get(receipt=receipt)) == []


def test_events_visible_to_hides_an_integrity_report_from_a_supervisor_who_was_the_acts_officer(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=4, flag=True, officer=rating_world["supervisor_above"])
    assert _complaint_events(rating_world["supervisor_above"], Complaint.objects.get(receipt=receipt)) == []


def test_events_visible_to_shows_an_integrity_report_to_a_supervisor_outside_the_unit(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=4, flag=True)
    complaint = Complaint.objects.get(receipt=receipt)
    assert "complaint.open" in _complaint_events(rating_world["supervisor_above"], complaint)


def test_events_visible_to_keeps_an_ordinary_complaint_for_the_units_own_supervisor(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=2)  # a bad rating opens a complaint (投诉), which the unit sees
    assert "complaint.open" in _complaint_events(rating_world["own_supervisor"], Complaint.objects.get(receipt=receipt))


def test_events_visible_to_hides_an_unflagged_rating_from_the_units_own_supervisor(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=5)  # hidden alike, flagged or not: no gap marks the flagged ones
    assert _rating_events(rating_world["own_supervisor"], receipt) == []


def test_events_visible_to_hides_a_rating_from_a_supervisor_who_was_the_acts_officer(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=5, officer=rating_world["supervisor_above"])
    assert _rating_events(rating_world["supervisor_above"], receipt) == []


def test_events_visible_to_shows_a_rating_to_a_supervisor_outside_the_unit(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=5)
    assert _rating_events(rating_world["supervisor_above"], receipt) == ["receipt.rate"]


def test_events_visible_to_keeps_the_receipts_issue_for_the_units_own_supervisor(rating_world) -> None:  # type: ignore[no-untyped-def]
    receipt = rate_new_act(rating_world, overall=5)
    ct = ContentType.objects.get_for_model(Receipt)
    assert (
        events_visible_to(rating_world["own_supervisor"])
        .filter(content_type=ct, object_id=str(receipt.pk), action="receipt.create")
        .exists()
    )


def test_audit_page_does_not_name_an_integrity_report_to_the_units_own_supervisor(client, rating_world) -> None:  # type: ignore[no-untyped-def]
    complaint = Complaint.objects.get(receipt=rate_new_act(rating_world, overall=4, flag=True))
    client.force_login(rating_world["own_supervisor"])
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert complaint.number not in response.content.decode()


def test_desk_recent_changes_leave_out_an_integrity_report_for_the_units_own_supervisor(rating_world) -> None:  # type: ignore[no-untyped-def]
    complaint = Complaint.objects.get(receipt=rate_new_act(rating_world, overall=4, flag=True))
    recent = desk_summary(user=rating_world["own_supervisor"], role=Role.SUPERVISOR)["recent_events"]
    assert complaint.number not in {event.object_repr for event in recent}
