"""Every complaint and integrity report reaches a person: the supervisors above, else the administrators."""

from __future__ import annotations

import pytest

from feedback.enums import ComplaintKind, ComplaintSource
from feedback.models import Complaint
from feedback.services.complaints import complaint_open
from firesvc.accounts.roles import Role
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.sla.services import load_rule_sets
from tests.factories import UserFactory, staff, unit_chain


@pytest.fixture
def chain(db):  # type: ignore[no-untyped-def]
    load_rule_sets()
    return unit_chain("r")


def _open(unit, kind=ComplaintKind.INTEGRITY):  # type: ignore[no-untyped-def]
    return complaint_open(kind=kind, source=ComplaintSource.ONLINE, unit=unit, text="执法人员索要购物卡", actor=None)


def test_an_integrity_report_about_the_detachment_skips_its_own_supervisor(chain) -> None:
    own = staff(Role.SUPERVISOR, chain["detachment"])
    admin = UserFactory(is_superuser=True, email="admin@example.com")
    complaint = _open(chain["detachment"])
    assert complaint.investigator is None
    assert complaint not in Complaint.objects.visible_to(own)
    assert Notification.objects.filter(recipient=admin, kind="complaint_unassigned").exists()


def test_an_integrity_report_with_no_supervisor_above_tells_the_administrators(chain) -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR], email="admin@example.com")
    complaint = _open(chain["brigade"])
    note = Notification.objects.get(recipient=admin, kind="complaint_unassigned")
    assert complaint.number in note.title
    assert "购物卡" not in note.body  # administrators do not read integrity reports
    assert OutboxMessage.objects.filter(notification=note, address="admin@example.com").exists()

