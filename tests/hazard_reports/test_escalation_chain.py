"""Escalation climbs the organisation tree until it reaches a person; else the administrators are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.hazard_reports.services.reports import hazard_report_submit, hazard_reports_escalate_due
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.notifications.services import preference_update
from firesvc.sla.services import load_rule_sets
from tests.factories import UserFactory, staff, unit_chain


@pytest.fixture
def chain(db):  # type: ignore[no-untyped-def]
    """A chain whose sub-district has a duty officer, but whose brigade has only a window clerk."""
    load_rule_sets()
    units = unit_chain("e")
    units["duty"] = staff(Role.DUTY_OFFICER, units["subdistrict"])
    units["clerk"] = staff(Role.WINDOW_CLERK, units["brigade"], email="clerk@example.com")
    return units


def _overdue(units):  # type: ignore[no-untyped-def]
    return hazard_report_submit(category="electrical", subdistrict=units["subdistrict"], address="朝阳大街120号",
                                description="电线冒烟", now=timezone.now() - timedelta(minutes=11))


def test_escalation_passes_an_unstaffed_brigade_and_reaches_the_detachments_duty_officer(chain) -> None:
    # given a duty officer at the detachment who wants text messages but no e-mail
    officer = staff(Role.DUTY_OFFICER, chain["detachment"], email="d@example.com", phone="13800000001")
    preference_update(user=officer, email=False, sms=True)
    report = _overdue(chain)
    # when the report is not acknowledged within ten minutes
    hazard_reports_escalate_due()
    # then the detachment's duty officer has it in the inbox and as a text message, per the preference
    report.refresh_from_db()
    assert report.escalated_to == chain["detachment"]
    note = Notification.objects.get(recipient=officer, kind="hazard_report_escalated")
    assert list(OutboxMessage.objects.filter(notification=note).values_list("channel", "address")) == [
        ("sms", "13800000001")]
    assert not Notification.objects.filter(recipient=chain["clerk"], kind="hazard_report_escalated").exists()


def test_escalation_with_no_one_up_the_tree_tells_the_administrators(chain) -> None:
    admin = UserFactory(is_superuser=True, email="admin@example.com")
    admin_by_role = UserFactory(roles=[Role.ADMINISTRATOR], email="a2@example.com")
    report = _overdue(chain)
    hazard_reports_escalate_due()
    told = set(Notification.objects.filter(kind="hazard_report_escalated", url=report.get_absolute_url())
               .values_list("recipient_id", flat=True))
    assert told == {admin.pk, admin_by_role.pk}
    assert OutboxMessage.objects.filter(notification__recipient=admin, address="admin@example.com").exists()
    event = AuditEvent.objects.get(action="hazard_report.escalate")
    assert (event.data["to"], event.data["administrators"], event.data["notified"]) == (None, True, 2)


def test_an_inactive_duty_officer_above_is_passed_over(chain) -> None:
    staff(Role.DUTY_OFFICER, chain["brigade"], is_active=False)
    active = staff(Role.DUTY_OFFICER, chain["detachment"])
    _overdue(chain)
    hazard_reports_escalate_due()
    assert Notification.objects.filter(kind="hazard_report_escalated").get().recipient == active


def test_a_new_report_of_a_subdistrict_without_duty_officer_goes_to_the_nearest_above(chain) -> None:
    chain["duty"].is_active = False
    chain["duty"].save()
    above = staff(Role.DUTY_OFFICER, chain["brigade"])
    report = hazard_report_submit(category="electrical", subdistrict=chain["subdistrict"], address="朝阳大街120号",
                                  description="电线冒烟")
    assert Notification.objects.filter(recipient=above, kind="hazard_report_new",
                                       url=report.get_absolute_url()).exists()
