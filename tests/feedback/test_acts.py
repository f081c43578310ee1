"""Enforcement acts (B1) and the licence interface approvals call."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from feedback.enums import ActKind, SealUpProposal
from feedback.models import EnforcementAct, FirstErrorRule, Receipt, ReturnVisit, SamplingRule
from feedback.services.acts import act_record, licence_act_record, seal_up_decline, seal_up_pending
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, staff
from tests.feedback.factories import EnforcementActFactory, at


@pytest.fixture
def rules(db):  # type: ignore[no-untyped-def]
    load_rule_sets()


@pytest.fixture
def officer(tree):  # type: ignore[no-untyped-def]
    return staff(Role.REVIEWER, tree["a"]["brigade"])


def _licence(tree, officer, source):  # type: ignore[no-untyped-def]
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    return licence_act_record(
        unit=tree["a"]["brigade"], enterprise=enterprise, officers=[officer], occurred_at=at(2026, 3, 2, 15),
        place="", summary="公众聚集场所投入使用、营业前消防安全检查合格", reference="朝消安检字〔2026〕第12号",
        source=source, actor=officer,
    )


def test_licence_act_record_creates_a_licence_act_with_its_receipt(rules, tree, officer):  # type: ignore[no-untyped-def]
    source = tree["a"]["grid"]  # any model instance will do
    act = _licence(tree, officer, source)
    assert act.kind == ActKind.LICENCE
    assert act.reference == "朝消安检字〔2026〕第12号"
    assert act.source == source
    assert list(act.officers.all()) == [officer]
    assert Receipt.objects.get(act=act).number.startswith("HZ2026")
    assert act.place == act.enterprise.address


def test_licence_act_record_is_idempotent_per_source(rules, tree, officer):  # type: ignore[no-untyped-def]
    source = tree["a"]["grid"]
    first = _licence(tree, officer, source)
    second = _licence(tree, officer, source)
    assert first.pk == second.pk
    assert EnforcementAct.objects.count() == 1
    assert Receipt.objects.count() == 1


def test_licence_act_record_adds_a_return_visit_when_sampled(rules, tree, officer):  # type: ignore[no-untyped-def]
    SamplingRule.objects.update_or_create(act_kind=ActKind.LICENCE, defaults={"share_percent": 100})
    act = _licence(tree, officer, tree["a"]["grid"])
    visit = ReturnVisit.objects.get(act=act)
    assert Clock.objects.for_owner(visit).get().rule.code == "return_visit.due"


def test_licence_act_record_adds_no_visit_when_share_is_zero(rules, tree, officer):  # type: ignore[no-untyped-def]
    SamplingRule.objects.update_or_create(act_kind=ActKind.LICENCE, defaults={"share_percent": 0})
    _licence(tree, officer, tree["a"]["grid"])
    assert ReturnVisit.objects.count() == 0


def test_act_record_refuses_a_unit_outside_scope(rules, tree, officer):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        EnforcementActFactory(unit=tree["b"]["brigade"], officer=officer)


def test_act_record_needs_a_counterparty(rules, tree, officer):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        act_record(kind=ActKind.PENALTY, unit=tree["a"]["brigade"], officers=[officer], occurred_at=at(2026, 3, 2),
                   place="x", summary="y", actor=officer)
    assert "person_name" in error.value.message_dict


def test_act_record_writes_an_audit_event(rules, tree, officer):  # type: ignore[no-untyped-def]
    act = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer)
    assert AuditEvent.objects.filter(action="act.record", object_id=str(act.pk)).exists()


def test_compulsory_measure_starts_the_seal_up_clock(rules, tree, officer):  # type: ignore[no-untyped-def]
    act = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.COMPULSORY)
    clock = Clock.objects.for_owner(act).get()
    assert clock.rule.code == "seal_up.duration"
    assert clock.due_at.date().isoformat() == "2026-04-01"  # 30 days from 2 March


def test_first_error_rule_marks_the_penalty_waived(rules, tree, officer):  # type: ignore[no-untyped-def]
    rule = FirstErrorRule.objects.create(province="辽宁省", code="1", title="未按规定进行消防设施维护保养")
    act = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, first_error_rule=rule)
    assert act.first_error_waived is True
    assert act.first_error_rule == rule


def test_first_error_rule_is_refused_for_other_kinds(rules, tree, officer):  # type: ignore[no-untyped-def]
    rule = FirstErrorRule.objects.create(province="辽宁省", code="1", title="未按规定进行消防设施维护保养")
    with pytest.raises(ValidationError):
        EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer,
                              kind=ActKind.INSPECTION, first_error_rule=rule)


def test_inspection_proposing_a_seal_up_starts_the_three_working_day_decision_clock(rules, tree, officer):  # type: ignore[no-untyped-def]
    inspection = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.INSPECTION,
                                       occurred_at=at(2026, 3, 6, 10), seal_up=SealUpProposal.PROPOSED)  # a Friday
    clock = Clock.objects.for_owner(inspection).get()
    assert clock.rule.code == "seal_up.decide"
    assert clock.due_at.date().isoformat() == "2026-03-11"  # Mon, Tue, Wed: three working days


def test_emergency_seal_up_proposal_gives_twenty_four_hours(rules, tree, officer):  # type: ignore[no-untyped-def]
    inspection = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.INSPECTION,
                                       occurred_at=at(2026, 3, 6, 10), seal_up=SealUpProposal.EMERGENCY)
    clock = Clock.objects.for_owner(inspection).get()
    assert clock.rule.code == "seal_up.decide_emergency"
    assert clock.due_at == at(2026, 3, 7, 10)


def test_compulsory_measure_following_the_inspection_stops_the_decision_clock(rules, tree, officer):  # type: ignore[no-untyped-def]
    inspection = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.INSPECTION,
                                       seal_up=SealUpProposal.PROPOSED)
    measure = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.COMPULSORY,
                                    occurred_at=at(2026, 3, 3, 9), follows_inspection=inspection)
    decision = Clock.objects.for_owner(inspection).get()
    assert (decision.status, decision.outcome) == (ClockStatus.STOPPED, "sealed")
    assert Clock.objects.for_owner(measure).get().rule.code == "seal_up.duration"
    assert list(seal_up_pending(unit_ids=[tree["a"]["brigade"].pk])) == []


def test_a_second_measure_for_the_same_inspection_is_refused(rules, tree, officer):  # type: ignore[no-untyped-def]
    inspection = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.INSPECTION,
                                       seal_up=SealUpProposal.PROPOSED)
    EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer,
                          kind=ActKind.COMPULSORY, follows_inspection=inspection)
    with pytest.raises(ValidationError) as error:
        EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer,
                              kind=ActKind.COMPULSORY, follows_inspection=inspection)
    assert "follows_inspection" in error.value.message_dict


def test_only_an_inspection_proposes_a_seal_up(rules, tree, officer):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer,
                              kind=ActKind.PENALTY, seal_up=SealUpProposal.PROPOSED)
    assert "seal_up" in error.value.message_dict


def test_deciding_not_to_seal_up_stops_the_clock_with_its_reason(rules, tree, officer):  # type: ignore[no-untyped-def]
    inspection = EnforcementActFactory(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.INSPECTION,
                                       seal_up=SealUpProposal.PROPOSED)
    seal_up_decline(inspection=inspection, actor=officer, reason="当场整改完毕")
    decision = Clock.objects.for_owner(inspection).get()
    assert (decision.status, decision.outcome) == (ClockStatus.STOPPED, "not_sealed")
    assert AuditEvent.objects.filter(action="act.seal_up_decline", object_id=str(inspection.pk),
                                     reason="当场整改完毕").exists()
    with pytest.raises(ValidationError):
        seal_up_decline(inspection=inspection, actor=officer, reason="again")
