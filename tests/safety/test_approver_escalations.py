"""A hazard that needs an approver reaches one: its unit's, else the nearest unit's above it, else the administrators.

A small brigade without an approver (or a vacancy) must not swallow the request to confirm a major hazard,
the detachment's notice of it, or the escalations of a failed re-check and of an overdue order.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from enterprises.safety.enums import HazardSeverity, HazardSource
from enterprises.safety.models import Hazard, RectificationOrder
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.hazards import (
    hazard_major_decide,
    hazard_recheck,
    hazard_record,
    rectification_order_issue,
    rectification_respond,
    rectification_sweep_overdue,
)
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.notifications.models import Notification
from tests.factories import OrgUnitFactory, UserFactory, staff
from tests.safety.conftest import PNG

pytestmark = pytest.mark.django_db


def _vacant(*people: User) -> None:
    """The approvers leave: their posts are vacant."""
    User.objects.filter(pk__in=[person.pk for person in people]).update(is_active=False)


def _told(user: User, kind: str) -> bool:
    return Notification.objects.filter(recipient=user, kind=kind).exists()


def _recipients(kind: str) -> list[int]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def _major(world) -> Hazard:  # type: ignore[no-untyped-def]
    return hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口堵塞",
                         address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"],
                         severity=HazardSeverity.MAJOR)


def _ordered(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口堵塞",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"])
    rectification_order_issue(hazard=hazard, requirements="清理出口", rectify_workdays=3, actor=world["inspector"])
    return Hazard.objects.get(pk=hazard.pk)


def _failed_recheck(world) -> None:  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    rectification_respond(hazard=hazard, note="已清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    hazard_recheck(hazard=Hazard.objects.get(pk=hazard.pk), passed=False, note="仍堵塞", new_rectify_workdays=3,
                   actor=world["inspector"])


def _past_due(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    RectificationOrder.objects.filter(hazard=hazard).update(due_date=timezone.localdate() - timedelta(days=1))
    return hazard


# --- the request to confirm a major hazard --------------------------------------------------------------------


def test_a_major_hazard_of_a_unit_without_an_approver_asks_the_approver_above(world):  # type: ignore[no-untyped-def]
    _vacant(world["approver"])
    _major(world)
    assert _recipients("safety.major_hazard") == [world["detachment_approver"].pk]


def test_a_major_hazard_with_no_approver_up_the_chain_asks_the_administrators(world):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True)
    _vacant(world["approver"], world["detachment_approver"])
    _major(world)
    assert _recipients("safety.major_hazard") == [admin.pk]


def test_the_administrators_read_that_no_unit_of_the_chain_has_an_approver(world):  # type: ignore[no-untyped-def]
    UserFactory(is_superuser=True)
    _vacant(world["approver"], world["detachment_approver"])
    _major(world)
    note = Notification.objects.get(kind="safety.major_hazard")
    assert note.title.startswith(f"No approver for {world['brigade'].name}: ")
    assert "has an active approver" in note.body


# --- the detachment's notice of a confirmed major hazard --------------------------------------------------------


@pytest.fixture
def province_world(db):  # type: ignore[no-untyped-def]
    """A province above a detachment without an approver, above a brigade with an inspector and an approver."""
    province = OrgUnitFactory(kind=UnitKind.PROVINCE, name="辽宁总队", code="ln")
    detachment = OrgUnitFactory(kind=UnitKind.DETACHMENT, name="沈阳支队", code="ln-sy", parent=province)
    brigade = OrgUnitFactory(kind=UnitKind.BRIGADE, name="铁西大队", code="ln-sy-tx", parent=detachment)
    return {"brigade": brigade, "inspector": staff(Role.REVIEWER, brigade), "approver": staff(Role.APPROVER, brigade),
            "province_approver": staff(Role.APPROVER, province)}


def _confirmed(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口堵塞",
                           address="铁西区建设大路1号", actor=world["inspector"], severity=HazardSeverity.MAJOR)
    return hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])


def test_a_confirmed_major_hazard_is_reported_above_a_detachment_without_an_approver(province_world):  # type: ignore[no-untyped-def]
    _confirmed(province_world)
    assert _recipients("safety.major_hazard_reported") == [province_world["province_approver"].pk]


def test_a_confirmed_major_hazard_with_no_approver_above_the_brigade_tells_the_administrators(world):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True)
    _vacant(world["detachment_approver"])
    hazard = _major(world)
    hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])
    assert _recipients("safety.major_hazard_reported") == [admin.pk]


# --- a re-check that finds the hazard not eliminated ------------------------------------------------------------


def test_a_failed_recheck_in_a_unit_without_an_approver_escalates_to_the_approver_above(world):  # type: ignore[no-untyped-def]
    _vacant(world["approver"])
    _failed_recheck(world)
    assert _recipients("safety.escalation") == [world["detachment_approver"].pk]


def test_a_failed_recheck_with_no_approver_up_the_chain_escalates_to_the_administrators(world):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True)
    _vacant(world["approver"], world["detachment_approver"])
    _failed_recheck(world)
    assert _recipients("safety.escalation") == [admin.pk]


# --- an order overdue ---------------------------------------------------------------------------------------------


def test_an_overdue_order_in_a_unit_without_an_approver_escalates_to_the_approver_above(world):  # type: ignore[no-untyped-def]
    _vacant(world["approver"])
    _past_due(world)
    rectification_sweep_overdue()
    assert _told(world["detachment_approver"], "safety.escalation")


def test_an_overdue_order_with_no_approver_up_the_chain_escalates_to_the_administrators(world):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True)
    _vacant(world["approver"], world["detachment_approver"])
    _past_due(world)
    rectification_sweep_overdue()
    assert _told(admin, "safety.escalation")


def test_an_overdue_order_still_tells_its_issuing_officer_when_the_administrators_are_told(world):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True)
    _vacant(world["approver"], world["detachment_approver"])
    _past_due(world)
    rectification_sweep_overdue()
    assert _recipients("safety.escalation") == sorted([admin.pk, world["inspector"].pk])



def test_the_approver_above_reads_that_the_unit_has_no_approver(world):  # type: ignore[no-untyped-def]
    _vacant(world["approver"])
    _past_due(world)
    rectification_sweep_overdue()
    note = Notification.objects.get(recipient=world["detachment_approver"], kind="safety.escalation")
    assert world["brigade"].name in note.title and world["brigade"].name in note.body


def test_an_overdue_escalation_names_the_enterprise(world):  # type: ignore[no-untyped-def]
    _past_due(world)
    rectification_sweep_overdue()
    assert world["enterprise"].name in Notification.objects.get(recipient=world["approver"],
                                                                kind="safety.escalation").body


def test_the_issuing_officer_reads_the_escalation_itself_when_the_administrators_are_told(world):  # type: ignore[no-untyped-def]
    UserFactory(is_superuser=True)
    _vacant(world["approver"], world["detachment_approver"])
    _past_due(world)
    rectification_sweep_overdue()
    note = Notification.objects.get(recipient=world["inspector"], kind="safety.escalation")
    assert world["brigade"].name not in note.title + note.body
