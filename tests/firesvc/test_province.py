"""A province (总队) above the detachments: scoping, figures and the staffing checks still hold (issue 21 §2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from feedback.enums import ComplaintKind, ComplaintSource
from feedback.models import Complaint
from feedback.selectors.staffing import unstaffed_units
from feedback.services.complaints import complaint_open
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.accounts.services import org_unit_create, org_unit_place_under
from firesvc.sla.services import load_rule_sets
from firesvc.stats.selectors import Period, figures_breakdown_and_scope
from tests.factories import staff, unit_chain


@pytest.fixture
def province(db):  # type: ignore[no-untyped-def]
    load_rule_sets()
    top = org_unit_create(kind=UnitKind.PROVINCE, name="辽宁省消防救援总队", code="ln", parent=None)
    units = unit_chain("p")
    units["detachment"] = org_unit_place_under(unit=units["detachment"], parent=top)
    for name in ("brigade", "subdistrict", "community", "grid"):
        units[name].refresh_from_db()
    units["province"] = top
    units["province_supervisor"] = staff(Role.SUPERVISOR, top)
    units["detachment_supervisor"] = staff(Role.SUPERVISOR, units["detachment"])
    units["duty"] = staff(Role.DUTY_OFFICER, units["subdistrict"])
    return units


def test_placing_a_detachment_under_the_province_rewrites_its_subtree(province) -> None:
    assert province["grid"].path.startswith(province["province"].path + f"{province['detachment'].pk}/")
    assert province["grid"].depth == 5
    assert province["detachment"].full_name == "p支队"


def test_a_brigades_documents_are_headed_from_the_detachment_down(province) -> None:
    assert province["brigade"].letterhead() == ["p支队", "p大队"]


def test_only_a_top_level_unit_can_be_placed_under_another(province) -> None:
    with pytest.raises(ValidationError):
        org_unit_place_under(unit=province["brigade"], parent=province["province"])


def test_an_integrity_report_against_a_detachment_goes_to_the_province_supervisor(province) -> None:
    complaint = complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.ONLINE,
                               unit=province["detachment"], text="支队领导收受礼金", actor=None)
    assert complaint.investigator == province["province_supervisor"]
    assert complaint not in Complaint.objects.visible_to(province["detachment_supervisor"])


def test_an_integrity_report_against_a_brigade_still_goes_to_the_detachment(province) -> None:
    complaint = complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.ONLINE,
                               unit=province["brigade"], text="大队执法人员索要好处费", actor=None)
    assert complaint.investigator == province["detachment_supervisor"]


def test_the_province_supervisor_sees_every_unit_below(province) -> None:
    ids = province["province_supervisor"].visible_unit_ids
    assert set(OrgUnit.objects.values_list("pk", flat=True)) == set(ids)


def test_a_detachment_supervisor_does_not_see_the_province(province) -> None:
    assert province["province"].pk not in province["detachment_supervisor"].visible_unit_ids


def test_the_staffing_check_is_quiet_with_a_province_supervisor_above(province) -> None:
    assert [(row.place, row.missing) for row in unstaffed_units()] == []


def test_the_staffing_check_names_a_detachment_without_supervisor_above(province) -> None:
    province["province_supervisor"].groups.clear()
    rows = [(row.unit, row.missing, row.place) for row in unstaffed_units()]
    assert rows == [(province["detachment"], "supervisor", "p支队")]


def test_all_units_figures_are_broken_down_by_city_under_a_province(province) -> None:
    from datetime import date

    other = unit_chain("q")
    _total, children, _ids = figures_breakdown_and_scope(unit=None, period=Period(date(2026, 1, 1),
                                                                                    date(2026, 12, 31)))
    assert {child for child, _figures in children} == {province["detachment"], other["detachment"]}


def _admin_add(client, units, boundary: str):  # type: ignore[no-untyped-def]
    from tests.firesvc.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client.post("/admin/accounts/orgunit/add/", {
        "kind": UnitKind.GRID, "name": "新网格", "code": "p-c-g9", "parent": units["community"].pk, "address": "",
        "phone": "", "boundary": boundary, "centre_latitude": "", "centre_longitude": ""})


def test_the_admin_keeps_the_boundary_of_a_new_grid(client, province) -> None:
    boundary = '{"type": "Polygon", "coordinates": [[[120, 41], [120.01, 41], [120.01, 41.01], [120, 41]]]}'
    _admin_add(client, province, boundary)
    grid = OrgUnit.objects.get(code="p-c-g9")
    assert grid.boundary["type"] == "Polygon"
    assert grid.path.startswith(province["community"].path)


def test_the_admin_refuses_a_boundary_that_is_not_a_polygon(client, province) -> None:
    response = _admin_add(client, province, '{"type": "Point", "coordinates": [120, 41]}')
    assert response.status_code == 200
    assert not OrgUnit.objects.filter(code="p-c-g9").exists()
