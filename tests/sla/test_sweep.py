from __future__ import annotations

import pytest
from django.core import mail

from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.notifications.models import Notification
from firesvc.notifications.unstaffed import nobody_in_chain_words
from firesvc.sla.enums import Card
from firesvc.sla.models import Clock, SlaAlert
from firesvc.sla.services import clock_pause, clock_start
from firesvc.sla.sweep import sla_sweep
from tests.factories import UserFactory
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def _clock(case, started=None, rule: str = "acceptance.decide") -> Clock:  # type: ignore[no-untyped-def]
    return clock_start(owner=case["owner"], rule_code=rule, unit=case["unit"], actor=None,
                       assignee=case["assignee"], started_at=started or at(2026, 3, 2, 9, 0))


def test_a_clock_turning_yellow_reminds_its_assignee_once(case) -> None:
    clock = _clock(case)
    # when two sweeps run after the yellow threshold (4 working days before 30 March)
    first = sla_sweep(now=at(2026, 3, 25, 9, 0))
    second = sla_sweep(now=at(2026, 3, 25, 9, 1))
    # then exactly one reminder went to the assignee
    assert (first.yellow, second.yellow) == (1, 0)
    assert list(Notification.objects.values_list("recipient", "kind")) == [(case["assignee"].pk, "sla_reminder")]
    assert SlaAlert.objects.get(clock=clock).level == Card.YELLOW


def test_a_green_clock_raises_nothing(case) -> None:
    _clock(case)
    assert sla_sweep(now=at(2026, 3, 10, 9, 0)).yellow == 0
    assert not Notification.objects.exists()


def test_an_overdue_clock_escalates_to_the_approver_and_supervisor_once(case) -> None:
    clock = _clock(case)
    sla_sweep(now=at(2026, 3, 31, 0, 0))
    sla_sweep(now=at(2026, 3, 31, 0, 5))
    recipients = set(Notification.objects.filter(kind="sla_escalation").values_list("recipient", flat=True))
    assert recipients == {case["approver"].pk, case["supervisor"].pk, case["assignee"].pk}
    assert case["outsider"].pk not in recipients
    assert list(SlaAlert.objects.filter(clock=clock).values_list("level", flat=True)) == [Card.RED]


def _vacant(*people: User) -> None:
    """The approver and the supervisor leave: the chain has nobody of either role."""
    User.objects.filter(pk__in=[person.pk for person in people]).update(is_active=False)


def test_an_overdue_clock_with_nobody_to_escalate_to_up_the_chain_tells_the_administrators(case) -> None:
    # given a chain whose approver and supervisor have left, and an administrator
    admin = UserFactory(is_superuser=True)
    _vacant(case["approver"], case["supervisor"])
    clock = _clock(case)
    # when the clock turns red
    sla_sweep(now=at(2026, 3, 31, 0, 0))
    # then the administrator is told, besides the assignee, and reads that the chain has nobody of the roles
    notes = {note.recipient_id: note for note in Notification.objects.filter(kind="sla_escalation")}
    assert set(notes) == {admin.pk, case["assignee"].pk}
    ordinary = notes[case["assignee"].pk]
    assert (notes[admin.pk].title, notes[admin.pk].body) == nobody_in_chain_words(
        roles=[Role.APPROVER, Role.SUPERVISOR], unit=clock.unit, title=ordinary.title, body=ordinary.body)
    assert SlaAlert.objects.get(clock=clock).notified == 2


def test_a_working_day_clocks_escalation_names_its_last_day(case) -> None:
    clock = _clock(case)
    sla_sweep(now=at(2026, 3, 31, 0, 0))
    body = Notification.objects.filter(kind="sla_escalation").values_list("body", flat=True).first()
    # the last day of the limit, as the case page prints it, not the midnight after it
    assert f"{clock.due_date:%Y-%m-%d}" in body and f"{clock.due_at:%Y-%m-%d}" not in body


def test_a_minute_clocks_escalation_names_the_minute(case) -> None:
    _clock(case, started=at(2026, 3, 2, 9, 0), rule="hazard_report.acknowledge")
    sla_sweep(now=at(2026, 3, 2, 9, 11))
    assert "2026-03-02 09:10" in Notification.objects.values_list("body", flat=True).first()

def test_a_clock_found_already_red_gets_no_late_yellow_reminder(case) -> None:
    _clock(case)
    sla_sweep(now=at(2026, 4, 2, 9, 0))
    assert not Notification.objects.filter(kind="sla_reminder").exists()
    assert sla_sweep(now=at(2026, 4, 2, 9, 5)).yellow == 0


def test_a_paused_clock_does_not_escalate(case) -> None:
    clock = _clock(case)
    clock_pause(clock=clock, reason="expert_review", actor=None, at=at(2026, 3, 20, 9, 0))
    assert sla_sweep(now=at(2026, 4, 20, 9, 0)).red == 0


def test_minute_clocks_escalate_ten_minutes_after_a_report(case) -> None:
    clock = _clock(case, started=at(2026, 3, 2, 23, 58), rule="hazard_report.acknowledge")
    assert sla_sweep(now=at(2026, 3, 3, 0, 7)).red == 0
    assert sla_sweep(now=at(2026, 3, 3, 0, 8)).red == 1
    assert SlaAlert.objects.filter(clock=clock, level=Card.RED).exists()


def test_escalation_is_also_sent_by_email_when_the_user_has_an_address(case) -> None:
    case["approver"].email = "approver@example.com"
    case["approver"].save()
    _clock(case)
    sla_sweep(now=at(2026, 3, 31, 0, 0))
    from firesvc.notifications.tasks import deliver_outbox

    deliver_outbox()
    assert any("approver@example.com" in m.to for m in mail.outbox)


def test_minute_clocks_enqueue_countdown_checks_after_commit(case, django_capture_on_commit_callbacks) -> None:
    from unittest import mock

    from firesvc.sla.tasks import sla_check_clock

    with (mock.patch.object(sla_check_clock, "apply_async") as apply_async,
          django_capture_on_commit_callbacks(execute=True)):
        clock = clock_start(owner=case["owner"], rule_code="hazard_report.acknowledge", unit=case["unit"],
                            actor=None, assignee=case["assignee"])
    countdowns = sorted(call.kwargs["countdown"] for call in apply_async.call_args_list)
    assert [call.kwargs["args"] for call in apply_async.call_args_list] == [[clock.pk], [clock.pk]]
    assert 415 < countdowns[0] < 425  # yellow at 7 min
    assert 595 < countdowns[1] < 605  # due at 10 min


def test_sla_report_prints_open_clocks_per_card_and_alerts_as_json(case) -> None:
    import json
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    _clock(case)
    _clock(case, started=at(2026, 3, 30, 9, 0))
    with time_machine.travel(at(2026, 3, 31, 10, 0), tick=False):
        call_command("sla_sweep", stdout=StringIO())
        out = StringIO()
        call_command("sla_report", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["open_red"], report["open_green"], report["alerts_red"]) == (1, 1, 1)
    assert report["notifications_sent"] == 3  # approver, supervisor and assignee


def test_an_applications_red_card_names_its_time_limit_as_the_case_page_does(case) -> None:
    from approvals.models import Matter
    from tests.approvals.factories import ApplicationFactory
    from tests.factories import EnterpriseFactory, enterprise_user

    # given an overdue pre-opening inspection, whose rule is named "营业前消防安全检查(检查)"
    enterprise = EnterpriseFactory(brigade=case["unit"])
    application = ApplicationFactory(applicant=enterprise_user(enterprise), enterprise=enterprise, upload=False,
                                     matter=Matter.objects.get(code="pre_opening"))
    clock_start(owner=application, rule_code=application.matter.rule_code, unit=case["unit"], actor=None,
                assignee=case["assignee"], started_at=at(2026, 3, 2, 9, 0))
    sla_sweep(now=at(2026, 3, 31, 0, 0))
    titles = set(Notification.objects.filter(kind="sla_escalation").values_list("title", flat=True))
    assert titles == {"已超期：审批期限"}
