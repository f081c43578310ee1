"""Over the seeded demo: every unit that can receive a report or a complaint reaches a person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from feedback.enums import ComplaintKind, ComplaintSource
from feedback.hazard_reports.services.reports import duty_officers, escalation_target
from feedback.models import Complaint
from feedback.selectors.staffing import unstaffed_units
from feedback.services.complaints import complaint_open
from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.seeding import seeded_for_the_module


def _seed() -> None:
    load_rule_sets()
    seed_org_tree()
    seed_staff()


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield from seeded_for_the_module(django_db_blocker, _seed)


@pytest.fixture
def demo(_seeded, db) -> None:  # type: ignore[no-untyped-def]
    """The demo's org tree and staff, seeded once for the module (a test seeding over a tree of its own is in
    test_demo_province.py); each test's writes roll back."""


def test_the_demo_has_no_unit_without_a_duty_officer_or_supervisor(demo) -> None:
    assert [(row.place, row.missing) for row in unstaffed_units()] == []


def test_every_demo_subdistrict_tells_a_duty_officer_and_escalates_to_a_person(demo) -> None:
    for sub in OrgUnit.objects.filter(kind=UnitKind.SUBDISTRICT):
        assert duty_officers(sub), sub.full_name
        assert escalation_target(sub).people, sub.full_name


@pytest.mark.parametrize("code", ["sy", "jz", "cy"])
def test_every_demo_detachment_has_a_named_duty_officer_and_supervisor(demo, code) -> None:
    for role in (Role.DUTY_OFFICER, Role.SUPERVISOR):
        people = User.objects.filter(unit__code=code, groups__name=role, is_active=True)
        assert people, role
        assert all(p.full_name and p.full_name != p.username for p in people)


def test_an_integrity_report_about_shuangta_reaches_the_chaoyang_supervisor(demo) -> None:
    shuangta = OrgUnit.objects.get(code="cy-st")
    complaint = complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.ONLINE, unit=shuangta,
                               text="大队执法人员索要好处费", actor=None)
    investigator = complaint.investigator
    assert investigator is not None and investigator.unit.code == "cy"
    assert complaint in Complaint.objects.visible_to(investigator)
    for member in User.objects.filter(unit=shuangta):
        assert complaint not in Complaint.objects.visible_to(member)


def test_the_demo_detachments_sit_under_the_province(demo) -> None:
    province = OrgUnit.objects.get(kind=UnitKind.PROVINCE)
    assert sorted(OrgUnit.objects.filter(parent=province).values_list("code", flat=True)) == ["cy", "jz", "sy"]
    assert OrgUnit.objects.get(code="cy-st-s1-c1-g1").path.startswith(province.path)


@pytest.mark.parametrize("code", ["sy", "jz", "cy"])
def test_an_integrity_report_about_a_detachment_reaches_the_province_supervisor(demo, code) -> None:
    detachment = OrgUnit.objects.get(code=code)
    complaint = complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.ONLINE, unit=detachment,
                               text="支队领导插手工程验收", actor=None)
    investigator = complaint.investigator
    assert investigator is not None and investigator.unit.kind == UnitKind.PROVINCE
    assert complaint in Complaint.objects.visible_to(investigator)
    for member in User.objects.filter(unit=detachment):
        assert complaint not in Complaint.objects.visible_to(member), member.username
