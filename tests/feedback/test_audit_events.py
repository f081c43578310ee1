"""The audit trail under the integrity rule (``feedback.selectors.audit``): integrity reports and receipt ratings
are left out for the act's own unit and its officers, as on the receipt and complaint pages."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from feedback.enums import ActKind
from feedback.models import Complaint, Receipt
from feedback.services.receipts import Rating, receipt_rate
from firesvc.accounts.roles import Role
from firesvc.audit.selectors import events_visible_to
from firesvc.core.selectors import desk_summary
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, staff
from tests.feedback.supervision_helpers import at, make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    a = tree["a"]
    return {
        "brigade": a["brigade"],
        "officer": staff(Role.REVIEWER, a["brigade"]),
        "own_supervisor": staff(Role.SUPERVISOR, a["brigade"]),
        "supervisor_above": staff(Role.SUPERVISOR, a["detachment"]),
    }


def _rated(setup, *, overall: int, flag: bool = False, officer=None) -> Receipt:  # type: ignore[no-untyped-def]
    act = make_act(
        unit=setup["brigade"],
        officer=officer or setup["officer"],
        kind=ActKind.PENALTY,
        enterprise=EnterpriseFactory(brigade=setup["brigade"]),
    )
    return receipt_rate(receipt=act.receipt, rating=Rating(overall=overall, integrity_flag=flag), at=at(2026, 3, 3))


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


def test_events_visible_to_hides_an_integrity_report_from_the_units_own_supervisor(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=4, flag=True)
    assert _complaint_events(setup["own_supervisor"], Complaint.objects.get(receipt=receipt)) == []


def test_events_visible_to_hides_an_integrity_report_from_a_supervisor_who_was_the_acts_officer(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=4, flag=True, officer=setup["supervisor_above"])
    assert _complaint_events(setup["supervisor_above"], Complaint.objects.get(receipt=receipt)) == []


def test_events_visible_to_shows_an_integrity_report_to_a_supervisor_outside_the_unit(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=4, flag=True)
    assert "complaint.open" in _complaint_events(setup["supervisor_above"], Complaint.objects.get(receipt=receipt))


def test_events_visible_to_keeps_an_ordinary_complaint_for_the_units_own_supervisor(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=2)  # a bad rating opens a complaint (投诉), which the unit sees
    assert "complaint.open" in _complaint_events(setup["own_supervisor"], Complaint.objects.get(receipt=receipt))


def test_events_visible_to_hides_an_unflagged_rating_from_the_units_own_supervisor(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=5)  # hidden alike, flagged or not: no gap marks the flagged ones
    assert _rating_events(setup["own_supervisor"], receipt) == []


def test_events_visible_to_hides_a_rating_from_a_supervisor_who_was_the_acts_officer(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=5, officer=setup["supervisor_above"])
    assert _rating_events(setup["supervisor_above"], receipt) == []


def test_events_visible_to_shows_a_rating_to_a_supervisor_outside_the_unit(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=5)
    assert _rating_events(setup["supervisor_above"], receipt) == ["receipt.rate"]


def test_events_visible_to_keeps_the_receipts_issue_for_the_units_own_supervisor(setup) -> None:  # type: ignore[no-untyped-def]
    receipt = _rated(setup, overall=5)
    ct = ContentType.objects.get_for_model(Receipt)
    assert (
        events_visible_to(setup["own_supervisor"])
        .filter(content_type=ct, object_id=str(receipt.pk), action="receipt.create")
        .exists()
    )


def test_audit_page_does_not_name_an_integrity_report_to_the_units_own_supervisor(client, setup) -> None:  # type: ignore[no-untyped-def]
    complaint = Complaint.objects.get(receipt=_rated(setup, overall=4, flag=True))
    client.force_login(setup["own_supervisor"])
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert complaint.number not in response.content.decode()


def test_desk_recent_changes_leave_out_an_integrity_report_for_the_units_own_supervisor(setup) -> None:  # type: ignore[no-untyped-def]
    complaint = Complaint.objects.get(receipt=_rated(setup, overall=4, flag=True))
    recent = desk_summary(user=setup["own_supervisor"], role=Role.SUPERVISOR)["recent_events"]
    assert complaint.number not in {event.object_repr for event in recent}
