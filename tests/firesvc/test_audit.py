from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from firesvc.audit.models import AuditEvent
from firesvc.audit.selectors import timeline_for, verify_chain
from firesvc.audit.services import AuditOutsideTransaction, audit_record
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    enterprise = EnterpriseFactory()
    return [audit_record(actor=None, obj=enterprise, action=f"test.step{i}", from_state="a", to_state="b",
                         reason="因为", data={"i": i, "名称": "值"}) for i in range(n)]


def _tamper(sql: str, params: list[object]) -> None:
    """Change the table behind the application's back (as an intruder with SQL access would)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a superuser can switch user triggers off
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_audit_record_links_each_event_to_the_previous_one() -> None:
    events = _events(3)
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    checked, broken = verify_chain()
    assert broken is None
    assert checked == AuditEvent.objects.count()


def test_verify_chain_detects_a_changed_reason() -> None:
    events = _events(4)
    _tamper("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["篡改", events[2].pk])
    _checked, broken = verify_chain()
    assert broken is not None
    assert broken.seq == events[2].seq


def test_verify_chain_detects_a_deleted_event() -> None:
    events = _events(4)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _checked, broken = verify_chain()
    assert broken is not None
    assert broken.seq == events[1].seq


def test_verify_chain_detects_a_removed_tail() -> None:
    events = _events(3)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    _checked, broken = verify_chain(batch=2)
    assert broken is not None


def test_verify_audit_command_reports_the_first_broken_link() -> None:
    events = _events(3)
    _tamper("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x", events[0].pk])
    with pytest.raises(CommandError, match=f"#{events[0].seq}"):
        call_command("verify_audit")


def test_timeline_for_lists_only_the_object_events_in_order() -> None:
    events = _events(2)
    EnterpriseFactory()  # another object's creation is not on this timeline
    timeline = list(timeline_for(events[0].content_type.get_object_for_this_type(pk=events[0].object_id)))
    assert [e.action for e in timeline][-2:] == ["test.step0", "test.step1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database-level protection is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_of_audit_events() -> None:
    event = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "因为"


@pytest.mark.django_db(transaction=True)  # no test-wide transaction: the call is truly outside one
def test_audit_record_refuses_to_run_outside_a_transaction() -> None:
    enterprise = EnterpriseFactory()
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=None, obj=enterprise, action="test.alone")
    assert not AuditEvent.objects.filter(action="test.alone").exists()


@pytest.mark.django_db(transaction=True)
def test_audit_record_rolls_back_with_the_change_it_records() -> None:
    enterprise = EnterpriseFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, obj=enterprise, action="test.undone")
        raise RuntimeError("the change fails after its event was written")
    assert not AuditEvent.objects.filter(action="test.undone").exists()


def test_events_visible_to_leaves_out_what_a_registered_rule_hides(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db.models import Q

    from firesvc.accounts.roles import Role
    from firesvc.audit import selectors
    from tests.factories import staff, unit_chain

    monkeypatch.setattr(selectors, "_hiding_rules", [])  # only this test's rule
    units = unit_chain("h")
    viewer = staff(Role.SUPERVISOR, units["detachment"])
    enterprise = EnterpriseFactory()
    with transaction.atomic():
        kept = audit_record(actor=None, obj=enterprise, action="test.kept", unit=units["brigade"])
        audit_record(actor=None, obj=enterprise, action="test.secret", unit=units["brigade"])
    selectors.audit_hide(lambda user: Q(action="test.secret"))
    assert list(selectors.events_visible_to(viewer).filter(action__startswith="test.")) == [kept]
