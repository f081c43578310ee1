"""The interfaces other apps call: hazard_record, is_key_unit, key_unit_enterprise_ids."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.safety.enums import HazardSeverity, HazardSource, HazardStatus
from enterprises.safety.selectors import is_key_unit, key_unit_enterprise_ids
from enterprises.safety.services.hazards import hazard_record
from firesvc.audit.models import AuditEvent
from firesvc.sla.models import Clock
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _record(world, **kwargs):  # type: ignore[no-untyped-def]
    args = {"unit": world["brigade"], "source": HazardSource.VISIT, "description": "安全出口堵塞",
            "address": "铁西区建设大路1号", "enterprise": world["enterprise"], "actor": world["inspector"]}
    args.update(kwargs)
    return hazard_record(**args)


def test_hazard_record_general_awaits_order(world):  # type: ignore[no-untyped-def]
    hazard = _record(world)
    assert hazard.status == HazardStatus.RECORDED
    assert hazard.severity == HazardSeverity.GENERAL


def test_hazard_record_starts_issue_order_clock(world):  # type: ignore[no-untyped-def]
    hazard = _record(world)
    clock = Clock.objects.for_owner(hazard).get()
    assert clock.rule.code == "rectification.issue_order"
    assert clock.limit == 3


def test_hazard_record_is_audited(world):  # type: ignore[no-untyped-def]
    hazard = _record(world, source_reference="visit-7")
    event = AuditEvent.objects.get(object_id=str(hazard.pk), action="hazard.record")
    assert event.data["source_reference"] == "visit-7"


def test_hazard_record_major_awaits_confirmation(world):  # type: ignore[no-untyped-def]
    hazard = _record(world, severity=HazardSeverity.MAJOR)
    assert hazard.status == HazardStatus.MAJOR_REVIEW


def test_hazard_record_citizen_report_without_enterprise(world):  # type: ignore[no-untyped-def]
    hazard = _record(world, enterprise=None, source=HazardSource.CITIZEN_REPORT, actor=None)
    assert hazard.enterprise is None
    assert hazard.address == "铁西区建设大路1号"


def test_hazard_record_grid_manager_records_for_brigade_above(world):  # type: ignore[no-untyped-def]
    hazard = _record(world, source=HazardSource.PATROL, actor=world["grid"])
    assert hazard.recorded_by == world["grid"]


def test_hazard_record_refuses_unit_outside_scope(world):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _record(world, actor=world["outsider"])


def test_hazard_record_refuses_unknown_source(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _record(world, source="rumour")
    assert "source" in exc.value.message_dict


def test_hazard_record_refuses_empty_description(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _record(world, description="  ")
    assert "description" in exc.value.message_dict


def test_is_key_unit_follows_flag(world):  # type: ignore[no-untyped-def]
    key = EnterpriseFactory(brigade=world["brigade"], is_key_unit=True)
    assert is_key_unit(key)
    assert not is_key_unit(world["enterprise"])


def test_key_unit_enterprise_ids_filters_by_units(world):  # type: ignore[no-untyped-def]
    mine = EnterpriseFactory(brigade=world["brigade"], is_key_unit=True)
    other = EnterpriseFactory(brigade=world["tree"]["b"]["brigade"], is_key_unit=True)
    assert set(key_unit_enterprise_ids([world["brigade"].pk])) == {mine.pk}
    assert {mine.pk, other.pk} <= set(key_unit_enterprise_ids())
